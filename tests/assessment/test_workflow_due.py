"""The daily jobs: results become final after publicity; lapsing results get a reminder."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from tests.assessment.conftest import full_answers
from tests.assessment.workflow_helpers import assigned, final_on, publicised, submitted
from yiyang.assessment.models import Assessment, AssessmentPolicy
from yiyang.assessment.services.due import (
    add_months,
    finalise_due_assessments,
    request_due_reassessments,
)
from yiyang.assessment.services.workflow import assign_assessment
from yiyang.assessment.tasks import assessment_due_task
from yiyang.registry.models import Elder, TimelineEntry
from yiyang.registry.timeline import describe


@pytest.fixture
def publicised_86(
    gbt_scale, elder_a, street_worker, district_worker, agency, assessor_one, assessor_two
):
    """A result of 86 points (level 1, 轻度失能) published on Tuesday 3 June 2025."""
    case = assigned(elder_a, street_worker, district_worker, agency, assessor_one, assessor_two)
    case = submitted(case, assessor_one, answers={**full_answers(), "B.1.1": 0})
    with time_machine.travel("2025-06-03 10:00:00+08:00", tick=False):
        return publicised(case, district_worker)


def test_nothing_is_final_on_the_last_day_of_publicity(publicised_86):
    assert finalise_due_assessments(date(2025, 6, 10)) == 0
    publicised_86.refresh_from_db()
    assert publicised_86.status == "publicised"


def test_finalisation_sets_the_elders_level_and_disability(publicised_86, elder_a):
    # when the daily job runs the day after publicity ends
    final = final_on(publicised_86, date(2025, 6, 11))

    # then the result is final for twelve months and the elder counts as 失能
    assert final.status == "final"
    assert final.valid_until == date(2026, 6, 11)
    assert final.finalised_at is not None
    elder_a.refresh_from_db()
    assert (elder_a.ability_level, elder_a.ability_level_valid_until) == (1, date(2026, 6, 11))
    assert list(Elder.objects.holding("disabled", on=date(2025, 7, 1))) == [elder_a]
    assert list(Elder.objects.holding("disabled", on=date(2026, 6, 12))) == []
    entry = TimelineEntry.objects.get(kind="assessment.final")
    assert entry.data["level_name"] == "能力轻度受损（轻度失能）"
    # and a second run changes nothing
    assert finalise_due_assessments(date(2025, 6, 12)) == 0


def test_validity_comes_from_the_policy_in_force(publicised_86):
    AssessmentPolicy.objects.create(effective_from=date(2025, 1, 1), validity_months=6)
    final = final_on(publicised_86, date(2025, 6, 11))
    assert final.valid_until == date(2025, 12, 11)


def test_add_months_keeps_the_month_end():
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2025, 11, 15), 2) == date(2026, 1, 15)


def test_reminder_requests_one_routine_reassessment_per_result(
    publicised_86, elder_a, district_worker, agency, assessor_one, assessor_two
):
    # given a final result valid until 11 June 2026
    original = final_on(publicised_86, date(2025, 6, 11))

    # when the job runs 31 days before, nothing is due; 30 days before, one request
    assert request_due_reassessments(date(2026, 5, 11)) == 0
    assert request_due_reassessments(date(2026, 5, 12)) == 1
    again = Assessment.objects.get(supersedes=original)
    assert (again.reason, again.request_source, again.status) == (
        "routine",
        "automatic",
        "requested",
    )
    assert again.requested_by is None

    # and never twice, even after the request is cancelled or done
    assert request_due_reassessments(date(2026, 5, 13)) == 0
    again.status = "cancelled"
    again.save()
    assert request_due_reassessments(date(2026, 6, 1)) == 0
    assert Assessment.objects.filter(elder=elder_a).count() == 2


def test_a_routine_reassessment_supersedes_the_original_when_final(
    publicised_86, elder_a, district_worker, agency, assessor_one, assessor_two
):
    original = final_on(publicised_86, date(2025, 6, 11))
    request_due_reassessments(date(2026, 5, 20))
    again = Assessment.objects.get(supersedes=original)
    # the same assessors may do a routine re-assessment
    again = assign_assessment(
        again, agency=agency, lead=assessor_one, second=assessor_two, actor=district_worker
    )
    again = submitted(again, assessor_one, answers={**full_answers(), "B.2.3": 0, "B.1.8": 0})
    with time_machine.travel("2026-05-26 10:00:00+08:00", tick=False):
        again = publicised(again, district_worker)

    final = final_on(again, date(2026, 6, 5))

    original.refresh_from_db()
    assert (final.status, original.status) == ("final", "superseded")
    elder_a.refresh_from_db()
    assert (elder_a.ability_level, elder_a.ability_level_valid_until) == (1, date(2027, 6, 5))
    assert original.events.order_by("pk").last().event_type == "superseded"


def test_the_command_and_the_task_run_both_jobs(publicised_86):
    out = StringIO()
    call_command("assessment_due", "--date", "2025-06-11", stdout=out)
    assert out.getvalue().strip() == "2025-06-11: 1 results made final, 0 re-assessments requested"

    result = assessment_due_task.call("2026-05-20")
    assert result == {"finalised": 0, "requested": 1}


def test_the_elder_timeline_tells_the_milestones(publicised_86, elder_a):
    final_on(publicised_86, date(2025, 6, 11))
    sentences = [describe(e) for e in TimelineEntry.objects.filter(elder=elder_a).order_by("pk")]
    number = publicised_86.pk
    assert len(sentences) == 3
    assert all(str(number) in sentence for sentence in sentences)
    assert "能力轻度受损（轻度失能）" in sentences[1]
    assert "2026" in sentences[2]
