"""No row, count or option of another street leaks, on any URL or API operation (DESIGN.md rule 1).

Every URL of the root URLconf and every operation of the API must have an entry in ACCESS
(tests/access_table.py);
a URL added later without one fails `test_every_url_and_operation_is_in_the_access_table`. Then,
as the worker of each of two streets, the walk:

- GETs every page and list (with searches that would match both streets, and searches for the
  other street's exact identity number and phone) and finds none of the other street's marker
  strings in the body (HTML, JSON, or the cells of an .xlsx), no object of the other street in
  the template context (rows, pages, form dropdowns), and API counts equal to the rows shown;
- GETs every detail URL with the other street's object (and, for URLs naming two objects, every
  mix of own and other) and gets 404;
- POSTs/PATCHes every write with the other street's object and gets 404 or 403 with the
  database unchanged, and posts creations aimed at the other street's community, unchanged too.

Anonymous visitors are sent to the login page (pages) or get 401 (API) on every non-public URL.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from datetime import date
from io import BytesIO
from typing import Any

import openpyxl
import pytest
import time_machine
from django.core.paginator import Page, Paginator
from django.db import models
from django.forms import BaseForm, BaseFormSet
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access_table import (
    ACCESS,
    API_PREFIX,
    SCOPED_TABLES,
    Entry,
    World,
    elder,
    nothing,
)
from tests.access_world import COMMON_SURNAME, Side, build_world
from tests.factories import make_elder
from yiyang.assessment.models import (
    Assessment,
    AssessmentAgency,
    AssessmentEvent,
    Assessor,
    AssessorTraining,
    Objection,
    RecheckCase,
    RecheckRound,
)
from yiyang.core.models import AccessRecord, ChangeRecord, Region
from yiyang.registry import services
from yiyang.registry.models import (
    CategoryChange,
    Contact,
    DuplicateCandidate,
    Elder,
    ElderCategory,
    ImportJob,
    RecentView,
    TimelineEntry,
)


def _django_urls() -> dict[str, str]:
    """Every named URL of the root URLconf (namespace:name → route), API routes included."""
    found: dict[str, str] = {}

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = pattern.name or f"<unnamed {prefix}{pattern.pattern}>"
                key = f"{namespace}:{name}" if namespace else name
                found[key] = prefix + str(pattern.pattern)

    walk(get_resolver().url_patterns, "", "")
    return found


def _api_operations() -> dict[str, str]:
    """Every API operation as "METHOD /api/v1/path", from the URL patterns ninja serves.

    Read from the patterns rather than the OpenAPI document, so an operation hidden from the
    document is still walked.
    """
    operations: dict[str, str] = {}

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
                continue
            path_view = _path_view(pattern.callback)
            if path_view is None:
                continue
            path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", prefix + str(pattern.pattern))
            for operation in path_view.operations:
                for method in operation.methods:
                    operations[f"{method} {path}"] = path

    walk(get_resolver().url_patterns, "")
    return operations


def _path_view(callback):
    """The ninja PathView behind a URL pattern's view, if it is one."""
    for cell in getattr(callback, "__closure__", None) or ():
        if hasattr(cell.cell_contents, "operations"):
            return cell.cell_contents
    return None


def _discovered() -> dict[str, str]:
    urls = _django_urls()
    # An API operation is a method on a route; its URL pattern names are covered by the operation.
    operation_routes = set(_api_operations().values())
    pages = {
        name: route
        for name, route in urls.items()
        if "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route) not in operation_routes
    }
    return pages | _api_operations()


def test_every_url_and_operation_is_in_the_access_table():
    # given every URL and operation the project serves
    discovered = _discovered()

    # then each has an entry saying how to call it for an object of each street
    missing = sorted(set(discovered) - set(ACCESS))
    assert missing == [], "new URL without an entry in the access table: " + ", ".join(missing)
    # and the table names no URL that is gone (an entry that checks nothing reassures falsely)
    assert sorted(set(ACCESS) - set(discovered)) == []


# --- what a response shows ----------------------------------------------------------------------


def _text_of(response) -> str:
    """The response as text: HTML, JSON (unescaped), or every cell of an .xlsx."""
    if not hasattr(response, "walk_text"):
        response.walk_text = _decode(response)
    return response.walk_text


def _decode(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    content_type = response.get("Content-Type", "")
    if "spreadsheetml" in content_type or content[:2] == b"PK":
        book = openpyxl.load_workbook(BytesIO(content), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    text = content.decode("utf-8", errors="replace")
    if "json" in content_type:
        return json.dumps(json.loads(text), ensure_ascii=False)
    return text


def _region_of(obj: models.Model) -> list[str]:
    from yiyang.benefits.models import (
        Application,
        BankAccount,
        Entitlement,
        Finding,
        LedgerEntry,
        PaymentRow,
        PaymentRun,
    )

    if isinstance(obj, Elder):
        return [obj.residence_region_id]
    if isinstance(obj, ElderCategory | CategoryChange | Contact | TimelineEntry | RecentView):
        return [obj.elder.residence_region_id]
    if isinstance(obj, DuplicateCandidate):
        return [obj.elder_a.residence_region_id, obj.elder_b.residence_region_id]
    if isinstance(obj, ImportJob | ChangeRecord | AccessRecord):
        return [obj.region_code] if obj.region_code else []
    if isinstance(obj, Region):
        return [obj.code]
    if isinstance(obj, AssessmentAgency | RecheckRound):
        return [obj.region_id]
    if isinstance(obj, Assessor):
        return [obj.agency.region_id]
    if isinstance(obj, AssessorTraining):
        return [obj.assessor.agency.region_id]
    if isinstance(obj, RecheckCase):
        return [obj.round.region_id]
    if isinstance(obj, Assessment):
        return [obj.elder.residence_region_id]
    if isinstance(obj, AssessmentEvent | Objection):
        return [obj.assessment.elder.residence_region_id]
    if isinstance(obj, Application | Entitlement | BankAccount):
        return [obj.elder.residence_region_id]
    if isinstance(obj, PaymentRun):
        return [obj.region_id]
    if isinstance(obj, PaymentRow | LedgerEntry):
        return [obj.region_code]
    if isinstance(obj, Finding):
        return [obj.row.region_code]
    from yiyang.institutions.models import (
        Bed,
        Filing,
        FilingDocument,
        FilingEvent,
        Institution,
        MedicalAgreement,
        Residency,
        Room,
    )

    if isinstance(obj, Institution):
        return [obj.region_id]
    if isinstance(obj, Room | Residency | MedicalAgreement):
        return [obj.institution.region_id]
    if isinstance(obj, Bed):
        return [obj.room.institution.region_id]
    if isinstance(obj, Filing):
        return [obj.institution.region_id]
    if isinstance(obj, FilingDocument | FilingEvent):
        return [obj.filing.institution.region_id]
    from yiyang.telecare.models import (
        Alarm,
        AlarmEvent,
        BedMonthPlan,
        Device,
        HomeCareBed,
        PlanContact,
        ResponsePlan,
    )

    if isinstance(obj, Device | Alarm | HomeCareBed):
        return [obj.region_code]
    if isinstance(obj, AlarmEvent):
        return [obj.alarm.region_code]
    if isinstance(obj, BedMonthPlan):
        return [obj.bed.region_code]
    if isinstance(obj, ResponsePlan):
        return [obj.elder.residence_region_id]
    if isinstance(obj, PlanContact):
        return [obj.plan.elder.residence_region_id]
    from yiyang.stats.models import BreakdownSnapshot, IndicatorSnapshot, ManualReport, Target

    if isinstance(obj, ManualReport | IndicatorSnapshot | BreakdownSnapshot | Target):
        return [obj.region_id] if obj.region_id else []
    return []


def _context_leaks(value: Any, other: Side, depth: int = 0) -> list[str]:
    """Objects and options of the other street held in a template context value."""
    if depth > 4 or value is None or isinstance(value, str | bytes | int | float | bool):
        return []
    leaks: list[str] = []
    if isinstance(value, models.Model):
        codes = [code for code in _region_of(value) if other.owns_region(code)]
        return [f"{type(value).__name__} {value.pk}" for _ in codes[:1]]
    if isinstance(value, Page):
        return _context_leaks(list(value.object_list), other, depth + 1)
    if isinstance(value, Paginator):
        return _context_leaks(list(value.object_list), other, depth + 1)
    if isinstance(value, models.QuerySet):
        return _context_leaks(list(value[:200]), other, depth + 1)
    if isinstance(value, BaseFormSet):
        return [leak for form in value.forms for leak in _context_leaks(form, other, depth + 1)]
    if isinstance(value, BaseForm):
        for name, form_field in value.fields.items():
            queryset = getattr(form_field, "queryset", None)
            if queryset is not None:
                leaks += _context_leaks(queryset, other, depth + 1)
            for choice in _choice_values(form_field):
                if choice in other.region_codes:
                    leaks.append(f"option {choice} of field {name}")
        return leaks
    if isinstance(value, dict):
        return [leak for item in value.values() for leak in _context_leaks(item, other, depth + 1)]
    if isinstance(value, list | tuple | set):
        return [leak for item in value for leak in _context_leaks(item, other, depth + 1)]
    return []


def _choice_values(form_field) -> list[str]:
    choices = list(getattr(form_field, "choices", []) or [])
    choices += list(getattr(form_field.widget, "choices", []) or [])
    values: list[str] = []
    for value, label in choices:
        if isinstance(label, list | tuple):  # an option group
            values += [str(inner) for inner, _ in label]
        else:
            values.append(str(value))
    return values


def _response_leaks(response, other: Side, typed: dict[str, Any] | None = None) -> list[str]:
    """What of `other` the response shows; what the user typed (`typed`) may be echoed back."""
    text = _text_of(response)
    echoed = " ".join(str(value) for value in (typed or {}).values())
    leaks = [
        f"marker {marker!r}" for marker in other.markers if marker in text and marker not in echoed
    ]
    for context in response.context or []:
        for value in context.flatten().values() if hasattr(context, "flatten") else []:
            leaks += _context_leaks(value, other)
    if "json" in response.get("Content-Type", ""):
        body = json.loads(response.content)
        other_pks = {e.pk for e in other.elders}
        leaks += [f"elder pk {pk} in JSON" for pk in _json_elder_pks(body) if pk in other_pks]
        # The walk's lists are shorter than a page, so a count must equal the rows shown.
        listed = isinstance(body, dict) and "count" in body and "items" in body
        if listed and body["count"] != len(body["items"]):
            leaks.append(f"count {body['count']} but {len(body['items'])} rows shown")
    return sorted(set(leaks))


def _json_elder_pks(body: Any) -> list[int]:
    if isinstance(body, list):
        return [pk for item in body for pk in _json_elder_pks(item)]
    if not isinstance(body, dict):
        return []
    pks = [body["elder_pk"]] if "elder_pk" in body else []
    if "id_number_masked" in body and "pk" in body:
        pks.append(body["pk"])
    return pks + [pk for value in body.values() for pk in _json_elder_pks(value)]


# --- calling ------------------------------------------------------------------------------------


def _existing(discovered: dict[str, str]) -> list[tuple[str, Entry]]:
    return [(name, entry) for name, entry in ACCESS.items() if name in discovered]


def _url(name: str, kwargs: dict[str, Any] | None) -> tuple[str, str]:
    """The method and path of a table entry."""
    if name.startswith(("GET ", "POST ", "PATCH ", "PUT ", "DELETE ")):
        method, path = name.split(" ", 1)
        return method, path.format(**(kwargs or {}))
    return "", reverse(name, kwargs=kwargs or None)


def _send(client: Client, method: str, path: str, data: dict[str, Any] | None, multipart=False):
    """GET with a query, POST a page form, or send a JSON body to the API."""
    if method == "GET":
        return client.get(path, data or {})
    if not path.startswith(API_PREFIX) or multipart:
        return client.post(path, data or {})
    return client.generic(method, path, json.dumps(data or {}), content_type="application/json")


def _mixes(mine: dict[str, Any], theirs: dict[str, Any]) -> list[dict[str, Any]]:
    """Every mix of own and other parameters with at least one of the other side's."""
    keys = list(mine)
    mixes = []
    for count in range(1, len(keys) + 1):
        for chosen in itertools.combinations(keys, count):
            mixes.append({key: theirs[key] if key in chosen else mine[key] for key in keys})
    return mixes


def _state() -> dict[str, list[dict[str, Any]]]:
    return {
        model.__name__: list(model.objects.order_by("pk").values())  # scoped: test snapshot
        for model in SCOPED_TABLES
    }


def _state_of(side: Side) -> dict[str, list[dict[str, Any]]]:
    """The rows that belong to one street, in every scoped table."""
    return {
        model.__name__: [
            values
            for obj, values in zip(
                model.objects.order_by("pk"),  # scoped: test snapshot
                model.objects.order_by("pk").values(),  # scoped: test snapshot
                strict=True,
            )
            if any(side.owns_region(code) for code in _region_of(obj))
        ]
        for model in SCOPED_TABLES
    }


NOW = "2026-11-23 10:00:00+08:00"


@pytest.fixture
def world(street_worker, other_street_worker, settings, tmp_path):
    """Both streets, built and walked at one frozen moment so responses compare exactly."""
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(NOW, tick=False):
        yield build_world(street_worker, other_street_worker)


def _client(side: Side) -> Client:
    client = Client()
    client.force_login(side.user)
    return client


def _reads(entry_name: str, entry: Entry) -> bool:
    method = _url(entry_name, None)[0] if entry.kwargs is None else entry_name.split(" ")[0]
    if entry_name.startswith("/") or " /" in entry_name:
        return method == "GET"
    return entry.get and not entry.public


def _is_api(entry_name: str) -> bool:
    return " /" in entry_name


_CSRF = re.compile(
    r"""(csrfmiddlewaretoken" value="|csrf[-_]?token["']?\s*[:=]\s*["'])[^"']*""", re.I
)


def _normalised(response) -> str:
    """The response text without what differs on every request (CSRF tokens)."""
    return _CSRF.sub(r"\1", _text_of(response))


def _read_walk(
    me: Side, other: Side, only: set[str] | None = None
) -> tuple[list[str], dict[str, str]]:
    """GET every readable URL (or those named `only`) as `me`; return what leaked and each
    response's text."""
    client = _client(me)
    failures: list[str] = []
    texts: dict[str, str] = {}
    for name, entry in _existing(_discovered()):
        if not _reads(name, entry) or (only is not None and name not in only):
            continue
        if entry.kwargs is None:
            for query in entry.queries or (nothing,):
                path = _url(name, None)[1]
                typed = query(me, other)
                response = _send(client, "GET", path, typed)
                label = f"{name} {typed}"
                if response.status_code >= 400:
                    failures.append(f"{label}: {response.status_code}")
                failures += [f"{label}: {x}" for x in _response_leaks(response, other, typed)]
                texts[label] = _normalised(response)
            continue
        # own object: found (proving the table fills the URL right), and nothing of the other
        path = _url(name, entry.kwargs(me))[1]
        response = _send(client, "GET", path, None)
        if response.status_code == 404 or response.status_code >= 500:
            failures.append(f"{name} own object {path}: {response.status_code}")
        failures += [f"{name} {path}: {leak}" for leak in _response_leaks(response, other)]
        texts[f"{name} {path}"] = _normalised(response)
        if entry.shared:
            continue
        # the other street's object, alone or mixed with own: not found
        for kwargs in _mixes(entry.kwargs(me), entry.kwargs(other)):
            path = _url(name, kwargs)[1]
            response = _send(client, "GET", path, None)
            if response.status_code != 404:
                failures.append(f"{name} other street's {path}: {response.status_code}, not 404")
            failures += [f"{name} {path}: {leak}" for leak in _response_leaks(response, other)]
    return failures, texts


def _grow(side: Side) -> None:
    """Add to a street what a count, total or dropdown would reflect: an elder, a change, a job."""
    newcomer = make_elder(
        residence_region_id=side.community, name=f"{COMMON_SURNAME}新增", phone_primary=""
    )
    services.grant_category(
        newcomer, category="living_alone", valid_from=date(2024, 5, 1), source="-", actor=side.user
    )
    services.propose_category_change(
        newcomer,
        kind="grant",
        category="low_income",
        effective_date=date(2025, 1, 1),
        source="-",
        actor=side.user,
    )
    Region.objects.create(
        code=side.street[:9] + "098", name="新增社区", level=5, parent_id=side.street
    )


def read_failures(world: World, viewer_key: str, only: set[str] | None = None) -> list[str]:
    """Everything of the other street that `viewer_key`'s worker can read, as failure lines.

    Two checks: no marker or object of the other street in any response; and growing the other
    street (an elder, a category, a change, a community) changes no response, which catches
    counts, totals and aggregates that show no marker.
    """
    me, other = world[viewer_key], world["b" if viewer_key == "a" else "a"]
    failures, before = _read_walk(me, other, only)
    _grow(other)
    _failures, after = _read_walk(me, other, only)
    failures += [
        f"{label}: changes when the other street grows"
        for label, text in before.items()
        if after.get(label) != text
    ]
    return failures


@pytest.mark.parametrize("viewer_key", ["a", "b"])
def test_street_worker_reads_nothing_of_the_other_street(world, viewer_key):
    # given the worker of one street, and the other street's objects and marker strings
    # when they read every URL, before and after the other street grows
    failures = read_failures(world, viewer_key)

    # then nothing of the other street was shown
    assert failures == []


Call = tuple[str, Callable[[], list[str]]]


def _changed_by(snapshot: Callable[[], Any], calls: list[Call]) -> list[str]:
    """Make every call (label, call → failure lines) and return the failures, plus one line per
    call after which `snapshot()` differs.

    The tables are read once before and once after all the calls; only when they differ are the
    calls made again one by one between snapshots, to name the culprits (a snapshot reads every
    scoped table, and one around each of the walk's hundreds of calls was most of its time).
    """
    before = snapshot()
    failures = [line for _label, call in calls for line in call()]
    if snapshot() == before:
        return failures
    culprits = []
    for label, call in calls:
        again = snapshot()
        call()
        if snapshot() != again:
            culprits.append(f"{label}: the database changed")
    return failures + (culprits or ["the database changed (no single call changes it again)"])


@pytest.mark.parametrize("viewer_key", ["a", "b"])
def test_street_worker_cannot_write_to_the_other_street(world, viewer_key):
    # given the worker of one street
    me, other = world[viewer_key], world["b" if viewer_key == "a" else "a"]
    client = _client(me)
    to_objects: list[Call] = []
    creations: list[Call] = []

    for name, entry in _existing(_discovered()):
        if not entry.write or (_is_api(name) and name.startswith("GET ")):
            continue
        targets = [None] if entry.kwargs is None else _mixes(entry.kwargs(me), entry.kwargs(other))
        for kwargs in targets:
            method, path = _url(name, kwargs)

            def call(name=name, entry=entry, kwargs=kwargs, method=method, path=path):
                # when they write to the other street's object (or create in its community)
                response = _send(
                    client, method or "POST", path, entry.write(me, other), entry.multipart
                )
                # then it is refused
                if entry.read_by_post:
                    return [f"{name}: {leak}" for leak in _response_leaks(response, other)]
                if kwargs is not None and response.status_code not in (403, 404):
                    return [f"{name} {path}: {response.status_code}, not 404/403"]
                return []

            (creations if kwargs is None else to_objects).append((f"{name} {path}", call))

    # and nothing changed: a write to an object changes nothing at all; a creation, upload or
    # export may write its own street's rows (a job, an access log) but none of the other's
    failures = _changed_by(_state, to_objects)
    failures += _changed_by(lambda: _state_of(other), creations)
    assert failures == []


def test_anonymous_is_sent_to_log_in(world):
    # given a visitor who has not logged in
    anonymous = Client()
    calls: list[Call] = []
    for name, entry in _existing(_discovered()):
        if entry.public:
            continue
        method, path = _url(name, entry.kwargs(world["a"]) if entry.kwargs else None)
        data = entry.write(world["a"], world["b"]) if entry.write else None
        verbs = []
        if _reads(name, entry):
            verbs.append(("GET", None))
        if entry.write and method != "GET":
            verbs.append((method or "POST", data))

        def call(name=name, entry=entry, path=path, verbs=verbs):
            # when they call it
            failures = []
            for verb, body in verbs:
                response = _send(anonymous, verb, path, body, entry.multipart)

                # then the API answers 401 and a page sends them to the login page
                if _is_api(name):
                    if response.status_code != 401:
                        failures.append(f"{name} {verb}: {response.status_code}, not 401")
                elif response.status_code != 302 or not response["Location"].startswith("/login/"):
                    failures.append(f"{name} {verb}: {response.status_code}, not sent to log in")
            return failures

        calls.append((name, call))

    # and nothing changed
    assert _changed_by(_state, calls) == []


def test_the_walk_fails_on_urls_added_without_scoping(world, settings, monkeypatch):
    # given three new views that forget `visible_to`: a count, a dropdown, a detail
    settings.ROOT_URLCONF = "tests.access_leaky_urls"

    # then they fail the table check until someone declares them
    missing = set(_discovered()) - set(ACCESS)
    assert {"leaky_count", "leaky_options", "leaky_detail"} <= missing

    # and once declared, the walk finds each of them leaking
    monkeypatch.setitem(ACCESS, "leaky_count", Entry(queries=(nothing,)))
    monkeypatch.setitem(ACCESS, "leaky_options", Entry(queries=(nothing,)))
    monkeypatch.setitem(ACCESS, "leaky_detail", Entry(kwargs=elder))
    failures = read_failures(world, "a", only={"leaky_count", "leaky_options", "leaky_detail"})
    assert "leaky_count {}: changes when the other street grows" in failures
    assert "leaky_options {}: marker '乙标社区'" in failures
    detail = reverse("leaky_detail", kwargs={"pk": world["b"].elder.pk})
    assert f"leaky_detail other street's {detail}: 200, not 404" in failures


def test_district_agency_is_hidden_from_both_streets(world):
    # given an agency registered for the district both streets lie in (AgencyQuerySet: an
    # agency is seen in its region and above, so district staff and up see it, streets do not)
    from tests.access_world import walk_credit_code
    from tests.conftest import DISTRICT

    hidden = AssessmentAgency.objects.create(
        name="区级评估中心", credit_code=walk_credit_code("MA79WK9P"), region_id=DISTRICT
    )
    Assessor.objects.create(agency=hidden, name="区级评估员", certified_on=date(2024, 1, 1))
    failures: list[str] = []
    for key in ("a", "b"):
        client = _client(world[key])

        # when each street's worker lists agencies and assessors and opens the agency
        for path in (
            reverse("assessment:agency_list"),
            "/api/v1/assessment-agencies/",
            "/api/v1/assessors/",
        ):
            text = _text_of(client.get(path))
            failures += [
                f"{key} {path}: {name}" for name in ("区级", hidden.credit_code) if name in text
            ]
        for path in (
            reverse("assessment:agency_detail", kwargs={"pk": hidden.pk}),
            f"/api/v1/assessment-agencies/{hidden.pk}",
        ):
            status = client.get(path).status_code
            if status != 404:
                failures.append(f"{key} {path}: {status}, not 404")

    # then neither street sees it
    assert failures == []


def test_a_call_that_changes_the_tables_is_named():
    # given a snapshot of "tables" and calls of which one writes
    rows: list[int] = []
    calls: list[Call] = [
        ("a read", list),
        ("a refused write", lambda: ["a refused write: 200, not 404/403"]),
        ("a write that lands", lambda: rows.append(1) or []),
    ]

    # when the walk makes them, then its failures and the culprit are named, and only it
    assert _changed_by(lambda: list(rows), calls) == [
        "a refused write: 200, not 404/403",
        "a write that lands: the database changed",
    ]
    assert _changed_by(lambda: list(rows), calls[:2]) == ["a refused write: 200, not 404/403"]
