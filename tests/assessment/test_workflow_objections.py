"""Objections in the publicity period; an upheld one orders a re-assessment by other assessors."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from tests.assessment.conftest import _assessor, full_answers
from tests.assessment.workflow_helpers import assigned, final_on, publicised, submitted
from yiyang.assessment.errors import AssessmentError, ErrorCode
from yiyang.assessment.models import Assessment, Objection
from yiyang.assessment.services.objections import decide_objection, raise_objection
from yiyang.assessment.services.workflow import assign_assessment
from yiyang.core.errors import PermissionDeniedError
from yiyang.registry.models import TimelineEntry

PUBLISHED_ON = "2025-06-03 10:00:00+08:00"  # a Tuesday: publicity runs to Tuesday 10 June


@pytest.fixture
def published(
    gbt_scale, elder_a, street_worker, district_worker, agency, assessor_one, assessor_two
):
    case = assigned(elder_a, street_worker, district_worker, agency, assessor_one, assessor_two)
    case = submitted(case, assessor_one)
    with time_machine.travel(PUBLISHED_ON, tick=False):
        return publicised(case, district_worker)


def _object(published, actor, day="2025-06-05 10:00:00+08:00"):
    with time_machine.travel(day, tick=False):
        return raise_objection(
            published, raised_by_name="王秀英之女", reason="洗澡需要协助，评分偏高", actor=actor
        )


def test_an_objection_in_the_publicity_period_halts_the_result(published, street_worker):
    assert published.publicity_ends_on == date(2025, 6, 10)

    objection = _object(published, street_worker, day="2025-06-10 18:00:00+08:00")

    assert objection.status == "open"
    published.refresh_from_db()
    assert published.status == "objected"
    entry = TimelineEntry.objects.get(kind="assessment.objection")
    assert entry.data == {"assessment": published.pk, "raised_by": "王秀英之女"}
    # an objected result does not become final when the publicity period ends
    assert final_on(published, date(2025, 6, 20)).status == "objected"


def test_an_objection_after_the_publicity_period_is_refused(published, street_worker):
    with pytest.raises(AssessmentError) as refused:
        _object(published, street_worker, day="2025-06-11 08:00:00+08:00")

    assert refused.value.code == ErrorCode.PUBLICITY_OVER
    assert "2025-06-10" in refused.value.message
    assert not Objection.objects.exists()
    published.refresh_from_db()
    assert published.status == "publicised"


def test_an_objection_needs_a_name_and_a_reason(published, street_worker):
    with pytest.raises(AssessmentError) as refused:
        raise_objection(published, raised_by_name=" ", reason="x", actor=street_worker)
    assert (refused.value.code, refused.value.field) == (ErrorCode.REQUIRED, "raised_by_name")
    assert not Objection.objects.exists()


def test_the_other_street_cannot_record_an_objection(published, other_street_worker):
    with pytest.raises(PermissionDeniedError):
        _object(published, other_street_worker)
    assert not Objection.objects.exists()


def test_a_dismissed_objection_returns_the_result_to_publicity(
    published, street_worker, district_worker
):
    objection = _object(published, street_worker)

    decided = decide_objection(objection, uphold=False, note="评分有据", actor=district_worker)

    assert decided.status == "dismissed"
    assert decided.reassessment is None
    published.refresh_from_db()
    assert published.status == "publicised"
    assert final_on(published, date(2025, 6, 11)).status == "final"


def test_an_objection_is_decided_once(published, street_worker, district_worker):
    objection = _object(published, street_worker)
    decide_objection(objection, uphold=False, actor=district_worker)
    with pytest.raises(AssessmentError) as refused:
        decide_objection(objection, uphold=True, actor=district_worker)
    assert refused.value.code == ErrorCode.WRONG_STATUS
    assert Assessment.objects.count() == 1


def test_an_upheld_objection_orders_a_reassessment_by_other_assessors(
    published,
    street_worker,
    district_worker,
    agency,
    assessor_one,
    assessor_two,
    assessor_three,
    elder_a,
):
    # given an upheld objection
    objection = _object(published, street_worker)
    decided = decide_objection(objection, uphold=True, note="安排复评", actor=district_worker)

    # then a re-assessment of the same elder is requested, superseding the original
    again = decided.reassessment
    assert (again.status, again.reason, again.supersedes) == ("requested", "objection", published)
    published.refresh_from_db()
    assert published.status == "objected"

    # and either original assessor is refused for it
    for lead, second in ((assessor_one, assessor_three), (assessor_three, assessor_two)):
        with pytest.raises(AssessmentError) as refused:
            assign_assessment(again, agency=agency, lead=lead, second=second, actor=district_worker)
        assert refused.value.code == ErrorCode.REASSESSMENT_SAME_ASSESSORS
    again.refresh_from_db()
    assert again.status == "requested"

    # when two others re-assess (a fourth qualified assessor joins) and it becomes final
    fourth = _assessor(agency, "assessor_four", "周平")
    again = assign_assessment(
        again, agency=agency, lead=assessor_three, second=fourth, actor=district_worker
    )
    answers = {**full_answers(), "B.1.3": 0, "B.1.4": 0}  # 82: level 1
    again = submitted(again, assessor_three, answers=answers)
    with time_machine.travel("2025-06-16 10:00:00+08:00", tick=False):
        again = publicised(again, district_worker)
    final = final_on(again, date(2025, 6, 24))

    # then the re-assessment is final, the original superseded, the elder's level follows
    assert final.status == "final"
    published.refresh_from_db()
    assert published.status == "superseded"
    elder_a.refresh_from_db()
    assert (elder_a.ability_level, elder_a.ability_level_valid_until) == (1, date(2026, 6, 24))
