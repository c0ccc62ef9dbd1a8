"""The assessor's pages, phone first: my cases, and the on-site form one card at a time.

The form is one HTML form: each card is saved as the assessor leaves it (a small POST from the
page script), and without the script the whole form posts; either way nothing typed is lost on
a reload, because the page is drawn from what is saved.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiyang.assessment.annex_a import (
    BASIC_BY_CODE,
    BASIC_CARDS,
    COMMON_DIAGNOSES,
    RISK_EVENT_COUNTS,
    RISK_EVENTS,
)
from yiyang.assessment.choices import AssessmentStatus
from yiyang.assessment.models import Assessment
from yiyang.assessment.services.answers import preview, save_answers, submit_assessment
from yiyang.assessment.services.workflow import start_assessment
from yiyang.assessment.views.assessment_common import (
    STATUS_BADGES,
    assessment_for,
    require_capability,
)
from yiyang.core.errors import DomainError

CONDUCT = "assessment.conduct_assessment"


@login_required
def my_assessments(request):
    """The cases assigned to this assessor: to start, under way, and recently done."""
    require_capability(request.user, "assessment.view_assessment")
    cases = Assessment.objects.visible_to(request.user, CONDUCT).select_related(
        "elder", "elder__residence_region", "agency"
    )
    open_statuses = (AssessmentStatus.ASSIGNED, AssessmentStatus.IN_PROGRESS)
    todo = list(cases.filter(status__in=open_statuses).order_by("requested_at", "pk"))
    # Recently done: the newest first (an assessor with years of cases sees this month's).
    done = list(
        cases.exclude(status__in=open_statuses).order_by(
            F("submitted_at").desc(nulls_last=True), "-requested_at", "-pk"
        )[:20]
    )
    return render(
        request,
        "assessment/assessments/my_assessments.html",
        {"todo": todo, "done": done, "badges": STATUS_BADGES},
    )


@login_required
@require_POST
def assessment_start(request, pk: int):
    """Begin the on-site assessment (one of the two assigned assessors)."""
    assessment = assessment_for(request.user, pk, CONDUCT)
    try:
        start_assessment(assessment, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("assessment:my_assessments")
    return redirect("assessment:assessment_conduct", pk=pk)


def _cards(assessment: Assessment) -> list[dict[str, Any]]:
    """Every card of the form in order: Annex A first, then the scale's items (Annex B)."""
    info = assessment.basic_info
    cards: list[dict[str, Any]] = [
        {
            "kind": "basic",
            "code": code,
            "title": title,
            "fields": [
                {"field": BASIC_BY_CODE[field], "value": info.get(field, "")} for field in fields
            ],
        }
        for code, title, fields in BASIC_CARDS
    ]
    chosen = {d["icd10"]: d for d in assessment.diagnoses}
    common_codes = {code for code, _name in COMMON_DIAGNOSES}
    cards.append(
        {
            "kind": "diagnoses",
            "code": "A.4",
            "title": "疾病诊断",
            "common": [(code, name, code in chosen) for code, name in COMMON_DIAGNOSES],
            "others": [d for code, d in chosen.items() if code not in common_codes],
            "chosen": chosen,
        }
    )
    cards.append(
        {
            "kind": "risk",
            "code": "A.2.14",
            "title": "近30天内照护风险事件",
            "events": [
                (kind, name, assessment.risk_events.get(kind, 0)) for kind, name in RISK_EVENTS
            ],
            "counts": RISK_EVENT_COUNTS,
        }
    )
    cards.append({"kind": "coma", "code": "A.5.11", "title": "昏迷", "value": assessment.coma})
    items = [
        (dimension, item)
        for dimension in assessment.scale.definition["dimensions"]
        for item in dimension["items"]
    ]
    for number, (dimension, item) in enumerate(items, start=1):
        cards.append(
            {
                "kind": "item",
                "code": item["code"],
                "title": item["name"],
                "item": item,
                "dimension": dimension,
                "number": number,
                "count": len(items),
                "value": assessment.answers.get(item["code"]),
            }
        )
    cards.append({"kind": "summary", "code": "summary", "title": _("Summary")})
    return cards


def _conducted(request, pk: int) -> Assessment:
    return assessment_for(request.user, pk, CONDUCT)


@login_required
def assessment_conduct(request, pk: int):
    """The on-site form: one card per step, big touch targets, saved as the assessor goes."""
    assessment = _conducted(request, pk)
    if assessment.status != AssessmentStatus.IN_PROGRESS:
        if assessment.status == AssessmentStatus.ASSIGNED:
            messages.info(request, _("Start the assessment first."))
            return redirect("assessment:my_assessments")
        return redirect("assessment:assessment_detail", pk=pk)
    cards = _cards(assessment)
    first_open = next(
        (
            index
            for index, card in enumerate(cards)
            if card["kind"] == "item" and card["value"] is None
        ),
        len(cards) - 1,
    )
    elder = assessment.elder
    return render(
        request,
        "assessment/assessments/conduct.html",
        {
            "assessment": assessment,
            "elder": elder,
            "age": elder.age(),
            "cards": cards,
            "start_at": 0 if not assessment.answers and not assessment.basic_info else first_open,
            "answered": len(assessment.answers),
            "item_count": sum(1 for card in cards if card["kind"] == "item"),
            "result": preview(assessment),
        },
    )


def _posted(request, assessment: Assessment) -> dict[str, Any]:
    """Read the posted cards into the arguments of `save_answers` (only what was posted)."""
    post = request.POST
    values: dict[str, Any] = {}
    answers = {
        key.removeprefix("answer-"): value
        for key, value in post.items()
        if key.startswith("answer-") and value != ""
    }
    if answers:
        values["answers"] = answers
    basic: dict[str, Any] = {}
    for code in ",".join(post.getlist("basic-fields")).split(","):
        field = BASIC_BY_CODE.get(code)
        if field is None:
            continue
        if field.kind == "multi":
            basic[code] = post.getlist(f"basic-{code}")
        else:
            raw = post.get(f"basic-{code}", "").strip()
            basic[code] = _number(raw) if field.kind == "number" and raw else raw
    if basic:
        values["basic_info"] = basic
    if post.get("dx-card"):
        # One box on the card says a psychiatric specialist made the F04–F99 diagnoses.
        specialist = post.get("dx-specialist") == "yes"
        codes = [c.strip().upper() for c in post.getlist("dx-icd10") if c.strip()]
        values["diagnoses"] = [
            {"icd10": code, "psychiatric_specialist": specialist and code.startswith("F")}
            for code in dict.fromkeys(codes)
        ]
    risk = {
        kind: _int(post[f"risk-{kind}"]) for kind, _name in RISK_EVENTS if f"risk-{kind}" in post
    }
    if risk:
        values["risk_events"] = risk
    if post.get("coma") in ("yes", "no"):
        values["coma"] = post["coma"] == "yes"
    return values


def _number(raw: str) -> float | int | str:
    try:
        number = float(raw)
    except ValueError:
        return raw  # refused by the service with the field named
    return int(number) if number.is_integer() else number


def _int(raw: str) -> int | str:
    try:
        return int(raw)
    except ValueError:
        return raw


def _summary(assessment: Assessment) -> dict[str, Any]:
    result = preview(assessment)
    return {
        "answered": len(assessment.answers),
        "preview": None
        if result is None
        else {
            "total": result.total,
            "initial_level": result.initial_level,
            "level": result.level,
            "level_name": result.level_name,
            "dimensions": result.dimensions,
        },
    }


@login_required
@require_POST
def assessment_save(request, pk: int):
    """Save the posted card(s); the page script gets JSON, a plain form post a redirect."""
    assessment = _conducted(request, pk)
    wants_json = request.headers.get("X-Requested-With") == "fetch"
    try:
        saved = save_answers(assessment, **_posted(request, assessment), actor=request.user)
    except DomainError as error:
        if wants_json:
            return JsonResponse({"ok": False, **error.as_dict()}, status=error.status)
        messages.error(request, error.message)
        return redirect("assessment:assessment_conduct", pk=pk)
    if wants_json:
        return JsonResponse({"ok": True, **_summary(saved)})
    messages.success(request, _("Saved."))
    return redirect("assessment:assessment_conduct", pk=pk)


@login_required
@require_POST
def assessment_submit(request, pk: int):
    """Save what the form holds, then score and submit it for review."""
    assessment = _conducted(request, pk)
    try:
        values = _posted(request, assessment)
        if values:
            assessment = save_answers(assessment, **values, actor=request.user)
        submit_assessment(assessment, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("assessment:assessment_conduct", pk=pk)
    messages.success(request, _("Submitted for review."))
    return redirect("assessment:assessment_detail", pk=pk)


urlpatterns = [
    path("my-assessments/", my_assessments, name="my_assessments"),
    path("assessments/<int:pk>/start/", assessment_start, name="assessment_start"),
    path("assessments/<int:pk>/conduct/", assessment_conduct, name="assessment_conduct"),
    path("assessments/<int:pk>/save/", assessment_save, name="assessment_save"),
    path("assessments/<int:pk>/submit/", assessment_submit, name="assessment_submit"),
]
