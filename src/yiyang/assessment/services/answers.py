"""The assessors' part of the workflow: answers saved as they go, then the signed submission.

GB/T 42195-2022 Annex A (basic information, diagnoses, risk events, coma) and Annex B (the 26
items); the result follows Annex C (scoring by the `scoring` package).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.assessment.annex_a import BASIC_BY_CODE, ICD10, RISK_EVENTS, basic_info_problems
from yiyang.assessment.choices import AssessmentEventType, AssessmentStatus
from yiyang.assessment.errors import AssessmentError, ErrorCode
from yiyang.assessment.models import Assessment, AssessmentEvent
from yiyang.assessment.scoring import ScoreResult, ScoringError, score
from yiyang.assessment.services.steps import (
    expect_status,
    lock,
    require_assigned,
    transition,
)
from yiyang.core import audit

# A.2.14 records each type as 无 / 1次 / 2次 / ≥3次; "3" stands for three or more.
MAX_RISK_EVENT_COUNT = 3


def items_of(definition: dict) -> dict[str, dict]:
    """The scale's items by code, in the order of its tables."""
    return {
        item["code"]: item for dimension in definition["dimensions"] for item in dimension["items"]
    }


def _checked_answers(definition: dict, answers: dict[str, Any]) -> dict[str, int | None]:
    items = items_of(definition)
    checked: dict[str, int | None] = {}
    for code, value in answers.items():
        item = items.get(code)
        if item is None:
            raise AssessmentError(
                ErrorCode.ANSWER_UNKNOWN_ITEM,
                _("Item {code} is not on this scale.").format(code=code),
                field=code,
            )
        if value is None or value == "":
            checked[code] = None
            continue
        allowed = sorted(option["score"] for option in item["options"])
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if number is None or isinstance(value, bool) or number not in allowed:
            raise AssessmentError(
                ErrorCode.ANSWER_OUT_OF_RANGE,
                _("Item {code} {name}: {value} is not one of its scores ({allowed}).").format(
                    code=code,
                    name=item["name"],
                    value=value,
                    allowed="、".join(str(score) for score in allowed),
                ),
                field=code,
            )
        checked[code] = number
    return checked


def _checked_basic_info(values: dict[str, Any]) -> dict[str, Any]:
    problems = basic_info_problems(values)
    if problems:
        code, _reason = problems[0]
        field = BASIC_BY_CODE.get(code)
        label = field.label if field else code
        raise AssessmentError(
            ErrorCode.BASIC_INFO_INVALID,
            _("Basic information {code} {label}: the value is not allowed.").format(
                code=code, label=label
            ),
            field=code,
        )
    return values


def _checked_diagnoses(diagnoses: list[Any]) -> list[dict[str, Any]]:
    checked = []
    for index, diagnosis in enumerate(diagnoses):
        raw = diagnosis.get("icd10") if isinstance(diagnosis, dict) else None
        code = str(raw or "").strip().upper()
        if not ICD10.match(code):
            raise AssessmentError(
                ErrorCode.DIAGNOSIS_INVALID,
                _("Diagnosis {number}: “{code}” is not an ICD-10 code (like F03 or I10).").format(
                    number=index + 1, code=raw or ""
                ),
                field=f"diagnoses.{index}.icd10",
            )
        checked.append(
            {
                "icd10": code,
                "name": str(diagnosis.get("name") or "")[:50],
                "psychiatric_specialist": diagnosis.get("psychiatric_specialist") is True,
            }
        )
    return checked


def _checked_risk_events(definition: dict, events: dict[str, Any]) -> dict[str, int]:
    kinds = dict(RISK_EVENTS)
    known = set(definition.get("rules", {}).get("risk_events") or kinds)
    checked = {}
    for kind, count in events.items():
        label = kinds.get(kind, kind)
        valid = kind in known and isinstance(count, int) and not isinstance(count, bool)
        if not valid or not 0 <= count <= MAX_RISK_EVENT_COUNT:
            raise AssessmentError(
                ErrorCode.RISK_EVENT_INVALID,
                _(
                    "Risk event “{kind}”: give a count from 0 to 3 (3 meaning three or more)."
                ).format(kind=label),
                field=f"risk_events.{kind}",
            )
        checked[kind] = count
    return checked


def save_answers(
    assessment: Assessment,
    *,
    answers: dict[str, Any] | None = None,
    basic_info: dict[str, Any] | None = None,
    diagnoses: list[Any] | None = None,
    risk_events: dict[str, Any] | None = None,
    coma: bool | None = None,
    actor,
) -> Assessment:
    """Keep what the assessor entered so far; a partial save is fine while in progress.

    Each given item must be on the scale and one of its scores; what is not given is kept.
    An item given as None is cleared.
    """
    require_assigned(actor, assessment)
    definition = assessment.scale.definition
    with transaction.atomic():
        current = lock(assessment)
        expect_status(current, AssessmentStatus.IN_PROGRESS)
        fields: list[str] = []
        updates: dict[str, Any] = {}
        if answers:
            merged = {**current.answers, **_checked_answers(definition, answers)}
            updates["answers"] = {
                code: value for code, value in merged.items() if value is not None
            }
        if basic_info:
            merged_info = {**current.basic_info, **_checked_basic_info(basic_info)}
            updates["basic_info"] = {
                k: v for k, v in merged_info.items() if v not in ("", None, [])
            }
        if diagnoses is not None:
            updates["diagnoses"] = _checked_diagnoses(diagnoses)
        if risk_events:
            updates["risk_events"] = {
                **current.risk_events,
                **_checked_risk_events(definition, risk_events),
            }
        if coma is not None:
            updates["coma"] = bool(coma)
        fields = list(updates)
        if not fields:
            return current
        before = audit.snapshot(current, fields)
        for name, value in updates.items():
            setattr(current, name, value)
        current.save(update_fields=fields)
        last = current.events.order_by("-occurred_at", "-pk").first()
        if last is None or last.event_type != AssessmentEventType.SAVED or last.actor != actor:
            # One "saved" line per stretch of work, not one per card.
            AssessmentEvent.objects.create(
                assessment=current,
                event_type=AssessmentEventType.SAVED,
                actor=actor,
                old_status=current.status,
                new_status=current.status,
            )
        audit.record_change(
            current,
            actor=actor,
            action="update",
            before=before,
            reason=str(AssessmentEventType.SAVED.label),
            region_code=current.elder.residence_region_id,
        )
    return current


def preview(assessment: Assessment) -> ScoreResult | None:
    """Score what is entered, or None while items are missing (for the summary card)."""
    try:
        return _score(assessment)
    except ScoringError:
        return None


def _score(assessment: Assessment) -> ScoreResult:
    return score(
        assessment.scale.definition,
        assessment.answers,
        coma=assessment.coma,
        diagnoses=assessment.diagnoses,
        risk_events=assessment.risk_events,
    )


def submit_assessment(assessment: Assessment, *, actor) -> Assessment:
    """Score the complete answers and submit them for review, signed by both assessors.

    Only qualified assessors sign (GB/T 42195: two assessors); every item must be answered.
    """
    require_assigned(actor, assessment)
    with transaction.atomic():
        current = lock(assessment)
        expect_status(current, AssessmentStatus.IN_PROGRESS)
        lead, second = current.lead_assessor, current.second_assessor
        # A case is in progress only after `assign_assessment`, which sets both assessors.
        assert lead is not None
        assert second is not None
        for assessor in (lead, second):
            if not assessor.is_qualified():
                raise AssessmentError(
                    ErrorCode.ASSESSOR_UNQUALIFIED,
                    _("{name} holds no valid assessor certificate and cannot sign.").format(
                        name=assessor.name
                    ),
                    field="assessors",
                )
        try:
            result = _score(current)
        except ScoringError as error:
            raise _refusal(current, error) from None
        return transition(
            current,
            allowed=(AssessmentStatus.IN_PROGRESS,),
            new_status=AssessmentStatus.SUBMITTED,
            event=AssessmentEventType.SUBMITTED,
            actor=actor,
            note=_("Signed by {lead} and {second}.").format(lead=lead.name, second=second.name),
            changes={
                "total": result.total,
                "dimension_scores": dict(result.dimensions),
                "initial_level": result.initial_level,
                "level": result.level,
                "level_reasons": list(result.reasons),
                "submitted_at": timezone.now(),
                "assessed_on": current.assessed_on or timezone.localdate(),
            },
        )


def _refusal(assessment: Assessment, error: ScoringError) -> AssessmentError:
    """Turn the scoring problems into one error naming the items (missing ones first)."""
    items = items_of(assessment.scale.definition)
    missing = [p.item for p in error.problems if p.code == "answer_missing"]
    if missing:
        names = "、".join(f"{code} {items[code]['name']}" for code in missing if code in items)
        return AssessmentError(
            ErrorCode.ANSWER_MISSING,
            _("{count} items are not answered yet: {items}.").format(
                count=len(missing), items=names
            ),
            field=missing[0],
        )
    first = error.problems[0]
    codes = {
        "answer_out_of_range": ErrorCode.ANSWER_OUT_OF_RANGE,
        "answer_unknown_item": ErrorCode.ANSWER_UNKNOWN_ITEM,
        "diagnosis_invalid": ErrorCode.DIAGNOSIS_INVALID,
    }
    return AssessmentError(
        codes.get(first.code, ErrorCode.RISK_EVENT_INVALID),
        _("{field}: the value {value} cannot be scored.").format(
            field=first.item, value=first.value
        ),
        field=first.item,
    )
