"""Shortcuts that walk an assessment through the workflow to a given status, for the tests."""

from __future__ import annotations

from datetime import date

import time_machine

from tests.assessment.conftest import full_answers
from yiyang.assessment.models import Assessment
from yiyang.assessment.services.answers import save_answers, submit_assessment
from yiyang.assessment.services.due import finalise_due_assessments
from yiyang.assessment.services.workflow import (
    assign_assessment,
    request_assessment,
    review_assessment,
    start_assessment,
)


def requested(elder, actor, **kwargs) -> Assessment:
    return request_assessment(
        elder, reason=kwargs.pop("reason", "first"), source="community", actor=actor, **kwargs
    )


def assigned(elder, actor, district, agency, lead, second) -> Assessment:
    assessment = requested(elder, actor)
    return assign_assessment(assessment, agency=agency, lead=lead, second=second, actor=district)


def submitted(assessment, lead, answers=None, **extra) -> Assessment:
    """Start, answer every item (all at the maximum unless given) and submit."""
    assessment = start_assessment(assessment, actor=lead.user)
    save_answers(
        assessment,
        answers=answers or full_answers(assessment.scale.definition),
        actor=lead.user,
        **extra,
    )
    return submit_assessment(assessment, actor=lead.user)


def publicised(assessment, district) -> Assessment:
    return review_assessment(assessment, approve=True, note="", actor=district)


def final_on(assessment, day: date) -> Assessment:
    """Finalise as of `day` (after the publicity period)."""
    with time_machine.travel(day, tick=False):
        finalise_due_assessments(day)
    return Assessment.objects.get(pk=assessment.pk)
