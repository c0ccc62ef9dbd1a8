"""The demo city's assessments: scored like the workflow, levels in step, deterministic, once."""

from collections import Counter
from datetime import date, timedelta

import pytest
from django.utils import timezone

from yiyang.assessment.models import (
    Assessment,
    AssessmentAgency,
    AssessmentEvent,
    Assessor,
    Objection,
)
from yiyang.assessment.scoring import score
from yiyang.assessment.services.due import add_months
from yiyang.core.models import User
from yiyang.core.validators.credit_code import parse_credit_code
from yiyang.demo.loader import load_demo_city
from yiyang.registry.models import Elder, TimelineEntry

TODAY = date(2026, 6, 15)
ELDERS = 500


@pytest.fixture
def demo_city(db):
    return load_demo_city(ELDERS, seed=3, today=TODAY)


def _signature():
    """What must come out the same for the same seed and day."""
    return sorted(
        (
            a.elder.id_number, a.status, a.reason, a.answers, a.diagnoses, a.risk_events,
            a.total, a.level, a.lead_assessor.certificate_number if a.lead_assessor else "",
            a.requested_at, a.finalised_at, a.valid_until,
        )
        for a in Assessment.objects.select_related("elder", "lead_assessor")
    )  # fmt: skip


def test_stored_results_equal_a_rescore_of_the_stored_answers(demo_city):
    scored = Assessment.objects.exclude(total=None).select_related("scale")

    assert scored.count() >= 100
    for a in scored:
        result = score(
            a.scale.definition, a.answers, coma=a.coma, diagnoses=a.diagnoses,
            risk_events=a.risk_events,
        )  # fmt: skip
        assert (a.total, a.initial_level, a.level) == (
            result.total, result.initial_level, result.level,
        )  # fmt: skip
        assert a.dimension_scores == dict(result.dimensions)
        assert a.level_reasons == list(result.reasons)
        assert a.total == sum(a.answers.values())


def test_every_assessed_elder_holds_the_level_of_the_latest_final_assessment(demo_city):
    finals = Assessment.objects.final().select_related("elder")
    assessed = set()

    for a in finals:
        assert (a.elder.ability_level, a.elder.ability_level_valid_until) == (
            a.level, a.valid_until,
        )  # fmt: skip
        assessed.add(a.elder_id)
    assert len(assessed) == finals.count()  # one final result per elder
    others = Elder.objects.exclude(pk__in=assessed)
    assert not others.exclude(ability_level=None).exists()
    # About a quarter of the elders, the dementia and severely disabled ones more often.
    assert 0.18 * ELDERS <= len(assessed) <= 0.35 * ELDERS
    assert demo_city.final_assessments_created == len(assessed)


def test_final_results_are_recent_valid_twelve_months_and_signed_by_two_qualified(demo_city):
    for a in Assessment.objects.final().select_related("elder", "lead_assessor", "agency"):
        finalised = timezone.localdate(a.finalised_at)
        assert TODAY - timedelta(days=335) <= finalised <= TODAY
        assert a.valid_until == add_months(finalised, 12)
        assert a.publicity_ends_on < finalised
        assert a.assessed_on <= timezone.localdate(a.submitted_at) < finalised
        assert a.agency.region_id[:6] == a.elder.residence_region_id[:6]
        assert a.lead_assessor_id != a.second_assessor_id
        for assessor in (a.lead_assessor, a.second_assessor):
            assert assessor.agency_id == a.agency_id
            assert assessor.is_qualified(a.assessed_on)
    steps = list(
        AssessmentEvent.objects.filter(assessment=Assessment.objects.final().first())
        .order_by("occurred_at")
        .values_list("event_type", "new_status")
    )
    assert steps == [
        ("requested", "requested"),
        ("assigned", "assigned"),
        ("started", "in_progress"),
        ("saved", "in_progress"),
        ("submitted", "submitted"),
        ("published", "publicised"),
        ("finalised", "final"),
    ]


def test_agencies_have_valid_credit_codes_assessors_trainings_and_one_lapsed_certificate(
    demo_city,
):
    agencies = AssessmentAgency.objects.order_by("region_id")

    assert [a.region_id for a in agencies] == [
        "640302000000", "640303000000", "640323000000", "640324000000", "640381000000",
    ]  # fmt: skip
    for agency in agencies:
        assert parse_credit_code(agency.credit_code) == agency.credit_code
        assessors = list(agency.assessors.all())
        assert 3 <= len(assessors) <= 4
        assert sum(not a.is_qualified(TODAY) for a in assessors) == 1
        assert all(a.trainings.exists() for a in assessors)
    linked = Assessor.objects.filter(user__username__in=["pinggu1", "pinggu2"])
    assert {a.agency.region_id for a in linked} == {"640302000000"}
    assert linked.count() == 2


def test_the_demo_street_has_open_cases_in_every_state(demo_city):
    street = Assessment.objects.filter(elder__residence_region__code__startswith="640302001")
    open_cases = Counter(street.exclude(status="final").values_list("status", flat=True))

    assert open_cases == {
        "requested": 3, "assigned": 3, "in_progress": 3, "submitted": 3, "publicised": 2,
        "objected": 2,
    }  # fmt: skip
    pinggu1 = User.objects.get(username="pinggu1")
    mine = Assessment.objects.visible_to(pinggu1)
    assert mine.filter(status__in=["assigned", "in_progress"]).count() >= 3
    in_progress = street.filter(status="in_progress")
    assert all(0 < len(a.answers) < 26 and a.total is None for a in in_progress)
    assert all(a.publicity_ends_on >= TODAY for a in street.filter(status="publicised"))
    objections = Objection.objects.filter(status="open")
    assert objections.count() == 2
    assert {o.assessment.status for o in objections} == {"objected"}
    assert TimelineEntry.objects.filter(kind="assessment.objection").count() == 2


def test_rerun_adds_nothing_and_the_same_seed_gives_the_same_assessments(demo_city):
    before = _signature()
    counts = (Assessment.objects.count(), AssessmentEvent.objects.count())

    again = load_demo_city(ELDERS, seed=3, today=TODAY)

    assert again.assessments_created == 0
    assert _signature() == before
    assert (Assessment.objects.count(), AssessmentEvent.objects.count()) == counts
    # Wipe the assessments and load again: the same seed and day give the same ones.
    Objection.objects.all().delete()
    Assessment.objects.all().delete()
    TimelineEntry.objects.filter(kind__startswith="assessment.").delete()
    Elder.objects.update(ability_level=None, ability_level_valid_until=None)
    load_demo_city(ELDERS, seed=3, today=TODAY)
    assert _signature() == before
