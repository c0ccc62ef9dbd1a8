"""Write the demo city's ability assessments with bulk inserts.

Demo data skips the per-step services (they would take minutes for thousands of cases) but
writes what they would have written: the assessment with its scored result, an
AssessmentEvent per step, the elder's timeline entries, and for a final result the elder's
ability level and its validity exactly as `record_ability_level` sets them. One ChangeRecord per
batch tells the auditors the loader did it. Idempotent: an elder with any assessment is left
alone (agencies: `agency_loader.py`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from yiyang.assessment.models import (
    Assessment,
    AssessmentEvent,
    AssessmentPolicy,
    Assessor,
    Objection,
    Scale,
)
from yiyang.assessment.services.due import add_months
from yiyang.assessment.services.steps import DEFAULT_SCALE_CODE, OPEN_STATUSES
from yiyang.core.models import ChangeRecord, User
from yiyang.demo.agencies import DEMO_DISTRICT
from yiyang.demo.agency_loader import Team, ensure_agencies
from yiyang.demo.assessments import Plan, Subject, plan_final
from yiyang.demo.open_cases import DEMO_STREET, plan_open_cases
from yiyang.demo.places import CITY
from yiyang.registry.choices import ElderStatus
from yiyang.registry.models import Contact, Elder, ElderCategory, TimelineEntry

BATCH_SIZE = 2000
TIMELINE_KINDS = {
    "requested": "assessment.requested",
    "published": "assessment.published",
    "objected": "assessment.objection",
    "finalised": "assessment.final",
}


def _subject_chunks(size: int = 10000) -> Iterator[list[tuple[int, Subject]]]:
    """Active elders without any assessment, with what planning needs, a chunk at a time (a
    million-elder city need not sit in memory)."""
    last = 0
    while True:
        rows = list(
            Elder.objects.filter(status=ElderStatus.ACTIVE, assessments__isnull=True, pk__gt=last)
            .order_by("pk")
            .values_list(
                "pk", "id_number", "name", "gender", "birth_date", "residence_region_id",
                "living_arrangement", "phone_primary",
            )[:size]
        )  # fmt: skip
        if not rows:
            return
        first, last = rows[0][0], rows[-1][0]
        categories: dict[int, set[str]] = {}
        for elder_id, category in ElderCategory.objects.filter(
            valid_to__isnull=True, elder_id__gte=first, elder_id__lte=last
        ).values_list("elder_id", "category"):
            categories.setdefault(elder_id, set()).add(category)
        contacts: dict[int, tuple[str, str]] = {}
        for elder_id, name, phone in (
            Contact.objects.filter(elder_id__gte=first, elder_id__lte=last)
            .order_by("-priority")
            .values_list("elder_id", "name", "phone")
        ):
            contacts[elder_id] = (name, phone)  # the first by priority wins, coming last
        yield [
            (
                pk,
                Subject(
                    id_number=number, name=name, gender=gender, birth_date=birth,
                    region_code=region, living_arrangement=living,
                    categories=frozenset(categories.get(pk, ())),
                    contact_name=contacts.get(pk, ("", ""))[0],
                    contact_phone=contacts.get(pk, ("", ""))[1],
                    phone=phone,
                ),
            )
            for pk, number, name, gender, birth, region, living, phone in rows
        ]  # fmt: skip


class _Actors:
    """Who the plans' roles were: the demo accounts where they exist, else nobody (a person
    without a login, or the daily job)."""

    def __init__(self) -> None:
        self.users = {u.username: u for u in User.objects.filter(is_active=True)}

    def resolve(self, role: str, region: str, lead: Assessor | None) -> User | None:
        if role == "lead":
            return lead.user if lead is not None else None
        if role == "district":
            return self.users.get("litong" if region.startswith(DEMO_DISTRICT) else "admin")
        if role == "street":
            return self.users.get("shengli") if region.startswith(DEMO_STREET) else None
        if role == "requester":
            if region.startswith(DEMO_STREET + "001"):
                return self.users.get("fuping")
            return self.users.get("shengli") if region.startswith(DEMO_STREET) else None
        return None


def load_assessments(*, seed: int, today: date) -> dict[str, int]:
    """Write agencies, final assessments (about a quarter of the elders) and the demo street's
    open cases; return how many of each were created."""
    scale = Scale.objects.usable().filter(code=DEFAULT_SCALE_CODE).order_by("-version").first()
    if scale is None:
        return {"assessments": 0, "final": 0, "open": 0}
    teams = ensure_agencies(today)
    policy = AssessmentPolicy.objects.in_force(today)
    days = policy.publicity_working_days
    demo_team = teams.get(DEMO_DISTRICT)
    street_open = Assessment.objects.filter(
        elder__residence_region__code__startswith=DEMO_STREET, status__in=OPEN_STATUSES
    )
    # The open cases use three assessors (TEAMS) and are made once: not while any is open.
    make_open = bool(demo_team and len(demo_team.assessors) >= 3 and not street_open.exists())
    actors = _Actors()
    policies = list(AssessmentPolicy.objects.order_by("-effective_from"))

    def validity(final: date) -> date:
        """Valid for the months of the policy in force on the day the result became final."""
        policy = next((p for p in policies if p.effective_from <= final), AssessmentPolicy())
        return add_months(final, policy.validity_months)

    def write(planned: list[tuple[int, Subject, Plan]]) -> None:
        for start in range(0, len(planned), BATCH_SIZE):
            _write(planned[start : start + BATCH_SIZE], scale, teams, actors, validity, seed)

    finals = 0
    street: dict[str, tuple[int, Subject]] = {}  # the demo street's elders left unassessed
    for chunk in _subject_chunks():
        planned = []
        for pk, subject in chunk:
            team = teams.get(subject.region_code[:6])
            plan = plan_final(
                scale.definition, subject, seed=seed, today=today,
                team_size=len(team.assessors) if team else 0, publicity_days=days,
            )  # fmt: skip
            if plan is not None:
                planned.append((pk, subject, plan))
            elif make_open and subject.region_code.startswith(DEMO_STREET):
                street[subject.id_number] = (pk, subject)
        finals += len(planned)
        write(planned)
    opened = []
    if make_open:
        candidates = [subject for _pk, subject in street.values()]
        for plan in plan_open_cases(
            scale.definition, candidates, seed=seed, today=today, publicity_days=days
        ):
            opened.append((*street[plan.id_number], plan))
        write(opened)
    return {"assessments": finals + len(opened), "final": finals, "open": len(opened)}


def _write(batch, scale: Scale, teams: dict[str, Team], actors: _Actors, validity, seed: int):
    """Write one batch of planned assessments with their events, timeline and elders' levels."""
    rows: list[Assessment] = []
    for pk, subject, plan in batch:
        team = teams[subject.region_code[:6]]
        lead = second = None
        if plan.team is not None:
            lead, second = (team.assessors[i] for i in plan.team)
        result = plan.result
        published = plan.published_at is not None
        finalised = plan.finalised_at.date() if plan.finalised_at else None
        rows.append(
            Assessment(
                elder_id=pk,
                scale=scale,
                reason=plan.reason,
                request_source=plan.source,
                status=plan.status,
                requested_by=actors.resolve("requester", subject.region_code, lead),
                requested_at=plan.requested_at,
                agency=team.agency if lead is not None else None,
                lead_assessor=lead,
                second_assessor=second,
                assessed_on=plan.assessed_on,
                basic_info=plan.basic_info,
                diagnoses=plan.diagnoses,
                risk_events=plan.risk_events,
                answers=plan.answers,
                dimension_scores=dict(result.dimensions) if result else {},
                total=result.total if result else None,
                initial_level=result.initial_level if result else None,
                level=result.level if result else None,
                level_reasons=list(result.reasons) if result else [],
                submitted_at=plan.submitted_at,
                reviewed_by=actors.resolve("district", subject.region_code, lead)
                if published
                else None,
                reviewed_at=plan.published_at,
                published_at=plan.published_at,
                publicity_ends_on=plan.publicity_ends_on,
                finalised_at=plan.finalised_at,
                valid_until=validity(finalised) if finalised else None,
                created_at=plan.requested_at,
            )
        )
    with transaction.atomic():
        created = Assessment.objects.bulk_create(rows)
        if created and created[0].pk is None:  # a database that returns no keys
            keys = dict(
                Assessment.objects.filter(elder_id__in=[pk for pk, _s, _p in batch]).values_list(
                    "elder_id", "pk"
                )
            )
            for row in created:
                row.pk = keys[row.elder_id]
        _write_steps(created, batch, actors)
        # As record_ability_level sets them; grouped by value, since one UPDATE per group is
        # far faster than a per-row bulk_update.
        levels: dict[tuple, list[int]] = {}
        for row in created:
            if row.status == "final":
                key = (row.level, row.valid_until, row.finalised_at)
                levels.setdefault(key, []).append(row.elder_id)
        for (level, valid_until, finalised_at), elder_ids in levels.items():
            Elder.objects.filter(pk__in=elder_ids).update(
                ability_level=level, ability_level_valid_until=valid_until, updated_at=finalised_at
            )
        ability_levels = sum(len(ids) for ids in levels.values())
        ChangeRecord.objects.create(
            actor=None,
            action="demo_city",
            content_type=ContentType.objects.get_for_model(Assessment),
            object_pk=f"{created[0].pk}-{created[-1].pk}",
            object_repr=f"{len(created)} demo assessments",
            region_code=CITY[0],
            changes={
                "assessments": [None, len(created)],
                "ability_levels": [None, ability_levels],
            },
            reason=f"yiyang demo_city --seed {seed}: synthetic data, not real people",
        )


def _note(step: str, row: Assessment, plan: Plan) -> str:
    """The note the workflow's services write for the step (their own messages)."""
    lead, second = row.lead_assessor, row.second_assessor
    if step == "assigned" and lead and second and row.agency:
        return _("{agency}: {lead}, {second}").format(
            agency=row.agency.name, lead=lead.name, second=second.name
        )
    if step == "submitted" and lead and second:
        return _("Signed by {lead} and {second}.").format(lead=lead.name, second=second.name)
    if step == "objected" and plan.objection:
        name, reason, _at = plan.objection
        return _("{name}: {reason}").format(name=name, reason=reason)[:500]
    return ""


def _timeline_data(step: str, row: Assessment, plan: Plan) -> dict:
    data: dict = {"assessment": row.pk}
    level_name = next(
        (b["name"] for b in row.scale.definition["levels"] if b["level"] == row.level), ""
    )
    if step == "requested":
        data.update(reason=row.reason, source=row.request_source)
    elif step == "published":
        assert row.publicity_ends_on is not None
        data.update(
            level=row.level, level_name=level_name,
            publicity_ends_on=row.publicity_ends_on.isoformat(),
        )  # fmt: skip
    elif step == "objected":
        data.update(raised_by=plan.objection[0] if plan.objection else "")
    elif step == "finalised":
        assert row.valid_until is not None
        data.update(level=row.level, level_name=level_name, valid_until=row.valid_until.isoformat())
    return data


def _write_steps(created: list[Assessment], batch, actors: _Actors) -> None:
    events, timeline, objections = [], [], []
    for row, (_pk, subject, plan) in zip(created, batch, strict=True):
        region = subject.region_code
        for step in plan.steps:
            actor = actors.resolve(step.actor, region, row.lead_assessor)
            events.append(
                AssessmentEvent(
                    assessment=row,
                    event_type=step.event_type,
                    actor=actor,
                    occurred_at=step.at,
                    old_status=step.old_status,
                    new_status=step.new_status,
                    note=_note(step.event_type, row, plan),
                )
            )
            kind = TIMELINE_KINDS.get(step.event_type)
            if kind:
                timeline.append(
                    TimelineEntry(
                        elder_id=row.elder_id,
                        kind=kind,
                        occurred_at=step.at,
                        actor=actor,
                        data=_timeline_data(step.event_type, row, plan),
                    )
                )
        if plan.objection:
            name, reason, raised_at = plan.objection
            recorder = actors.resolve("street", region, None)
            assert recorder is not None  # open cases are in the demo street, whose clerk exists
            objections.append(
                Objection(
                    assessment=row,
                    raised_by_name=name[:50],
                    reason=reason,
                    raised_at=raised_at,
                    recorded_by=recorder,
                )
            )
    AssessmentEvent.objects.bulk_create(events, batch_size=5000)
    TimelineEntry.objects.bulk_create(timeline, batch_size=5000)
    Objection.objects.bulk_create(objections)
