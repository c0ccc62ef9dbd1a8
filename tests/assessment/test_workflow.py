"""Request, assign, start, save, submit, review and cancel an assessment (seed 000 §(一)1)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from tests.assessment.conftest import _assessor, full_answers
from tests.assessment.workflow_helpers import assigned, publicised, requested, submitted
from tests.conftest import OTHER_DISTRICT
from yiyang.assessment.errors import AssessmentError, ErrorCode
from yiyang.assessment.models import Assessment, AssessmentAgency, AssessmentEvent, Scale
from yiyang.assessment.services.answers import preview, save_answers, submit_assessment
from yiyang.assessment.services.workflow import (
    assign_assessment,
    cancel_assessment,
    review_assessment,
    start_assessment,
)
from yiyang.core.errors import PermissionDeniedError
from yiyang.core.models import ChangeRecord
from yiyang.registry.models import TimelineEntry


def _events(assessment) -> list[tuple[str, str, str]]:
    return list(
        AssessmentEvent.objects.filter(assessment=assessment)
        .order_by("pk")
        .values_list("event_type", "old_status", "new_status")
    )


# --- request ----------------------------------------------------------------------------------


def test_request_uses_the_published_gbt_scale_and_records_the_milestone(
    gbt_scale, elder_a, street_worker
):
    # when a street worker asks for an assessment
    assessment = requested(elder_a, street_worker, note="家属申请")

    # then it waits for assignment, on GB/T 42195-2022, with its first event and milestone
    assert assessment.status == "requested"
    assert assessment.scale == gbt_scale
    assert assessment.requested_by == street_worker
    assert _events(assessment) == [("requested", "", "requested")]
    assert ChangeRecord.objects.filter(action="create", object_pk=str(assessment.pk)).count() == 1
    entry = TimelineEntry.objects.get(elder=elder_a, kind="assessment.requested")
    assert entry.data == {"assessment": assessment.pk, "reason": "first", "source": "community"}


def test_refuses_a_second_open_assessment_of_the_same_elder(gbt_scale, elder_a, street_worker):
    # given an assessment under way
    requested(elder_a, street_worker)

    # when another is asked for
    with pytest.raises(AssessmentError) as refused:
        requested(elder_a, street_worker)

    # then it is refused and nothing was added
    assert refused.value.code == ErrorCode.ALREADY_OPEN
    assert Assessment.objects.filter(elder=elder_a).count() == 1


def test_refuses_a_request_for_an_elder_of_another_street(gbt_scale, elder_b, street_worker):
    with pytest.raises(PermissionDeniedError):
        requested(elder_b, street_worker)
    assert not Assessment.objects.exists()


def test_refuses_a_request_when_no_scale_is_published(regions, elder_a, street_worker):
    Scale.objects.update(status="retired")
    with pytest.raises(AssessmentError) as refused:
        requested(elder_a, street_worker)
    assert refused.value.code == ErrorCode.SCALE_UNKNOWN
    assert not Assessment.objects.exists()


# --- assign -----------------------------------------------------------------------------------


def test_assign_gives_the_case_to_two_qualified_assessors(
    gbt_scale, elder_a, street_worker, district_worker, agency, assessor_one, assessor_two
):
    assessment = assigned(
        elder_a, street_worker, district_worker, agency, assessor_one, assessor_two
    )

    assert assessment.status == "assigned"
    assert (assessment.agency, assessment.lead_assessor, assessment.second_assessor) == (
        agency,
        assessor_one,
        assessor_two,
    )
    assert _events(assessment)[-1] == ("assigned", "requested", "assigned")


@pytest.mark.parametrize(
    ("case", "code", "field"),
    [
        ("unqualified_case", ErrorCode.ASSESSOR_UNQUALIFIED, "second"),
        ("same_twice_case", ErrorCode.ASSESSORS_SAME, "second"),
        ("other_agency_case", ErrorCode.ASSESSORS_NOT_OF_AGENCY, "lead"),
        ("not_serving_case", ErrorCode.AGENCY_NOT_SERVING, "agency"),
    ],
)
def test_assign_refusals(
    case,
    code,
    field,
    gbt_scale,
    elder_a,
    street_worker,
    district_worker,
    agency,
    assessor_one,
    assessor_two,
    unqualified_assessor,
):
    # given a requested assessment and an agency of another district with its own assessor
    assessment = requested(elder_a, street_worker)
    far = AssessmentAgency.objects.create(
        name="青铜峡评估所", credit_code="91640381MA00000001", region_id=OTHER_DISTRICT
    )
    far_assessor = _assessor(far, "far_assessor", "远方")
    team = {
        "unqualified_case": (agency, assessor_one, unqualified_assessor),
        "same_twice_case": (agency, assessor_one, assessor_one),
        "other_agency_case": (agency, far_assessor, assessor_two),
        "not_serving_case": (far, far_assessor, assessor_two),
    }[case]

    # when it is assigned to the wrong team
    with pytest.raises(AssessmentError) as refused:
        assign_assessment(
            assessment, agency=team[0], lead=team[1], second=team[2], actor=district_worker
        )

    # then the refusal names the reason and field, and nothing changed
    assert (refused.value.code, refused.value.field) == (code, field)
    assessment.refresh_from_db()
    assert assessment.status == "requested"
    assert assessment.lead_assessor is None
    assert _events(assessment) == [("requested", "", "requested")]


def test_a_street_worker_cannot_assign(
    gbt_scale, elder_a, street_worker, agency, assessor_one, assessor_two
):
    assessment = requested(elder_a, street_worker)
    with pytest.raises(PermissionDeniedError):
        assign_assessment(
            assessment, agency=agency, lead=assessor_one, second=assessor_two, actor=street_worker
        )
    assessment.refresh_from_db()
    assert assessment.status == "requested"


# --- conduct ----------------------------------------------------------------------------------


@pytest.fixture
def case(gbt_scale, elder_a, street_worker, district_worker, agency, assessor_one, assessor_two):
    return assigned(elder_a, street_worker, district_worker, agency, assessor_one, assessor_two)


def test_only_an_assigned_assessor_starts(case, assessor_three, assessor_two):
    # an assessor of the agency who is not on the case is refused
    with pytest.raises(PermissionDeniedError):
        start_assessment(case, actor=assessor_three.user)
    case.refresh_from_db()
    assert case.status == "assigned"

    # the second assessor may start
    with time_machine.travel("2025-06-03 09:00:00+08:00", tick=False):
        started = start_assessment(case, actor=assessor_two.user)
    assert (started.status, started.assessed_on) == ("in_progress", date(2025, 6, 3))


def test_start_is_refused_in_the_wrong_status_naming_it(case, assessor_one):
    start_assessment(case, actor=assessor_one.user)
    with pytest.raises(AssessmentError) as refused:
        start_assessment(case, actor=assessor_one.user)
    assert refused.value.code == ErrorCode.WRONG_STATUS
    assert "Being assessed" in refused.value.message or "评估中" in refused.value.message


def test_partial_saves_merge_and_keep_one_saved_event(case, assessor_one):
    case = start_assessment(case, actor=assessor_one.user)

    save_answers(case, answers={"B.1.1": 4, "B.1.2": 3}, actor=assessor_one.user)
    save_answers(
        case,
        answers={"B.1.2": 2},
        basic_info={"A.2.6": 160, "A.2.11": ["独居"]},
        diagnoses=[{"icd10": "f03", "psychiatric_specialist": False}],
        risk_events={"fall": 1},
        coma=False,
        actor=assessor_one.user,
    )

    case.refresh_from_db()
    assert case.answers == {"B.1.1": 4, "B.1.2": 2}
    assert case.basic_info == {"A.2.6": 160, "A.2.11": ["独居"]}
    assert case.diagnoses == [{"icd10": "F03", "name": "", "psychiatric_specialist": False}]
    assert case.risk_events == {"fall": 1}
    assert [e[0] for e in _events(case)].count("saved") == 1
    assert preview(case) is None  # 24 items still missing


@pytest.mark.parametrize(
    ("values", "code", "field"),
    [
        ({"answers": {"B.9.9": 1}}, ErrorCode.ANSWER_UNKNOWN_ITEM, "B.9.9"),
        ({"answers": {"B.2.4": 4}}, ErrorCode.ANSWER_OUT_OF_RANGE, "B.2.4"),
        ({"answers": {"B.3.7": 2}}, ErrorCode.ANSWER_OUT_OF_RANGE, "B.3.7"),
        ({"answers": {"B.1.1": "x"}}, ErrorCode.ANSWER_OUT_OF_RANGE, "B.1.1"),
        ({"diagnoses": [{"icd10": "痴呆"}]}, ErrorCode.DIAGNOSIS_INVALID, "diagnoses.0.icd10"),
        ({"risk_events": {"fall": 4}}, ErrorCode.RISK_EVENT_INVALID, "risk_events.fall"),
        ({"risk_events": {"flood": 1}}, ErrorCode.RISK_EVENT_INVALID, "risk_events.flood"),
        ({"basic_info": {"A.2.6": 900}}, ErrorCode.BASIC_INFO_INVALID, "A.2.6"),
        ({"basic_info": {"A.2.12": "同居"}}, ErrorCode.BASIC_INFO_INVALID, "A.2.12"),
    ],
)
def test_save_refuses_bad_values_naming_the_item(case, assessor_one, values, code, field):
    case = start_assessment(case, actor=assessor_one.user)
    with pytest.raises(AssessmentError) as refused:
        save_answers(case, answers={"B.1.1": 4, **values.pop("answers", {})}, **values, actor=assessor_one.user)  # fmt: skip
    assert (refused.value.code, refused.value.field) == (code, field)
    case.refresh_from_db()
    assert case.answers == {}
    assert case.basic_info == {}
    assert case.diagnoses == []
    assert case.risk_events == {}


def test_save_is_refused_before_the_assessment_starts(case, assessor_one):
    with pytest.raises(AssessmentError) as refused:
        save_answers(case, answers={"B.1.1": 4}, actor=assessor_one.user)
    assert refused.value.code == ErrorCode.WRONG_STATUS
    case.refresh_from_db()
    assert case.answers == {}


def test_submit_refuses_missing_items_naming_them(case, assessor_one):
    case = start_assessment(case, actor=assessor_one.user)
    answers = full_answers()
    del answers["B.4.5"], answers["B.2.4"]
    save_answers(case, answers=answers, actor=assessor_one.user)

    with pytest.raises(AssessmentError) as refused:
        submit_assessment(case, actor=assessor_one.user)

    assert (refused.value.code, refused.value.field) == (ErrorCode.ANSWER_MISSING, "B.2.4")
    assert "B.2.4 上下楼梯" in refused.value.message
    assert "B.4.5" in refused.value.message
    case.refresh_from_db()
    assert (case.status, case.total, case.level) == ("in_progress", None, None)


def test_submit_scores_and_stores_the_result(case, assessor_one):
    # given 86 points (eating 0) and two falls in the last 30 days
    answers = {**full_answers(), "B.1.1": 0}

    submitted_case = submitted(case, assessor_one, answers=answers, risk_events={"fall": 2})

    assert submitted_case.status == "submitted"
    assert submitted_case.total == 86
    assert submitted_case.dimension_scores == {"B.1": 28, "B.2": 15, "B.3": 28, "B.4": 15}
    assert (submitted_case.initial_level, submitted_case.level) == (1, 2)
    assert [r["rule"] for r in submitted_case.level_reasons] == ["total_band", "risk_events"]
    assert _events(submitted_case)[-1] == ("submitted", "in_progress", "submitted")


def test_an_assessor_whose_certificate_lapsed_cannot_sign(case, assessor_one, assessor_two):
    case = start_assessment(case, actor=assessor_one.user)
    save_answers(case, answers=full_answers(), actor=assessor_one.user)
    assessor_two.certificate_valid_until = date(2020, 1, 1)
    assessor_two.save()

    with pytest.raises(AssessmentError) as refused:
        submit_assessment(case, actor=assessor_one.user)

    assert refused.value.code == ErrorCode.ASSESSOR_UNQUALIFIED
    assert "杨军" in refused.value.message
    case.refresh_from_db()
    assert case.status == "in_progress"


# --- review -----------------------------------------------------------------------------------


def test_review_returns_the_result_with_the_note(case, assessor_one, district_worker):
    case = submitted(case, assessor_one)

    returned = review_assessment(
        case, approve=False, note="B.3.4 记忆需复核", actor=district_worker
    )

    assert (returned.status, returned.review_note) == ("in_progress", "B.3.4 记忆需复核")
    assert _events(returned)[-1] == ("returned", "submitted", "in_progress")


def test_returning_without_a_note_is_refused(case, assessor_one, district_worker):
    case = submitted(case, assessor_one)
    with pytest.raises(AssessmentError) as refused:
        review_assessment(case, approve=False, note=" ", actor=district_worker)
    assert (refused.value.code, refused.value.field) == (ErrorCode.REQUIRED, "note")
    case.refresh_from_db()
    assert case.status == "submitted"


def test_publicity_ends_five_working_days_later_across_the_national_day_holiday(
    case, assessor_one, district_worker
):
    # given a result approved on 2025-09-30, the eve of the 1–8 October holiday
    case = submitted(case, assessor_one)
    with time_machine.travel("2025-09-30 15:00:00+08:00", tick=False):
        published = publicised(case, district_worker)

    # then 9, 10, 11 (adjusted working Saturday), 13 and 14 October count
    assert published.status == "publicised"
    assert published.publicity_ends_on == date(2025, 10, 14)
    assert published.reviewed_by == district_worker
    entry = TimelineEntry.objects.get(kind="assessment.published")
    assert entry.data["publicity_ends_on"] == "2025-10-14"
    assert entry.data["level_name"] == "能力完好"


def test_an_unknown_calendar_year_is_a_clear_error(case, assessor_one, district_worker):
    case = submitted(case, assessor_one)
    with (
        time_machine.travel("2031-12-20 10:00:00+08:00", tick=False),
        pytest.raises(AssessmentError) as refused,
    ):
        publicised(case, district_worker)
    assert refused.value.code == ErrorCode.CALENDAR_UNKNOWN
    assert "2031" in refused.value.message
    case.refresh_from_db()
    assert (case.status, case.publicity_ends_on) == ("submitted", None)


def test_a_community_worker_cannot_review(case, assessor_one, community_worker):
    case = submitted(case, assessor_one)
    with pytest.raises(PermissionDeniedError):
        review_assessment(case, approve=True, actor=community_worker)
    case.refresh_from_db()
    assert case.status == "submitted"


# --- cancel -----------------------------------------------------------------------------------


def test_requester_cancels_only_an_unassigned_request(
    case, gbt_scale, elder_b, other_street_worker, street_worker, district_worker
):
    with pytest.raises(AssessmentError) as refused:
        cancel_assessment(case, note="重复申请", actor=street_worker)
    assert refused.value.code == ErrorCode.WRONG_STATUS

    cancelled = cancel_assessment(case, note="老人住院", actor=district_worker)
    assert cancelled.status == "cancelled"
    assert _events(cancelled)[-1] == ("cancelled", "assigned", "cancelled")

    own = requested(elder_b, other_street_worker)
    assert cancel_assessment(own, note="重复", actor=other_street_worker).status == "cancelled"
