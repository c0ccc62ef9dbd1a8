"""Grade assessment (等级评定, GB/T 37276): the sheet and thresholds are data; the numbers here
are a made-up scheme for the tests, not the standard's (domain-rules.md §2: unverified)."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import STREET_A, STREET_B
from yiyang.core.errors import PermissionDeniedError
from yiyang.institutions import services
from yiyang.institutions.errors import InstitutionError
from yiyang.institutions.grading import ItemProblem, Sheet, grade_for, score_sheet
from yiyang.institutions.models import GradeAssessment, GradeScheme

SECTIONS = [
    {"code": "a", "name": "甲", "items": [{"code": "a1", "name": "甲一", "max_points": 10}]},
    {
        "code": "b",
        "name": "乙",
        "items": [
            {"code": "b1", "name": "乙一", "max_points": 20},
            {"code": "b2", "name": "乙二", "max_points": 20},
        ],
    },
]
THRESHOLDS = [
    {"grade": 1, "min_total": 10, "min_sections": {}},
    {"grade": 2, "min_total": 30, "min_sections": {"a": 8}},
]


def test_scores_add_up_per_part_and_in_all():
    sheet = score_sheet(SECTIONS, {"a1": "7.5", "b1": 20, "b2": "3"})
    assert isinstance(sheet, Sheet)
    assert sheet.section_totals == {"a": Decimal("7.5"), "b": Decimal(23)}
    assert sheet.total == Decimal("30.5")


def test_every_bad_item_is_named():
    problems = score_sheet(SECTIONS, {"a1": "11", "b1": "x", "b2": ""})
    assert problems == [
        ItemProblem("a1", "out_of_range"),
        ItemProblem("b1", "not_a_number"),
        ItemProblem("b2", "missing"),
    ]


def test_the_highest_grade_whose_minimums_all_hold():
    # 30.5 reaches grade 2's total, but part a has 7.5 of the 8 grade 2 asks for
    assert (
        grade_for(
            {"a": Decimal("7.5"), "b": Decimal(23)}, Decimal("30.5"), THRESHOLDS, eligible=True
        )
        == 1
    )
    assert (
        grade_for({"a": Decimal(8), "b": Decimal(23)}, Decimal(31), THRESHOLDS, eligible=True) == 2
    )
    assert (
        grade_for({"a": Decimal(8), "b": Decimal(23)}, Decimal(31), THRESHOLDS, eligible=False)
        is None
    )


@given(st.lists(st.integers(min_value=0, max_value=20), min_size=3, max_size=3))
def test_more_points_never_give_a_lower_grade(points):
    def grade(values):
        sheet = score_sheet(SECTIONS, {"a1": min(values[0], 10), "b1": values[1], "b2": values[2]})
        assert isinstance(sheet, Sheet)
        return grade_for(sheet.section_totals, sheet.total, THRESHOLDS, eligible=True) or 0

    raised = [min(points[0] + 1, 10), points[1], points[2]]
    assert grade(raised) >= grade(points)


@pytest.fixture
def scheme(db):
    GradeScheme.objects.all().delete()
    return GradeScheme.objects.create(
        effective_from=date(2020, 1, 1),
        name="test scheme",
        sections=SECTIONS,
        thresholds=THRESHOLDS,
        validity_years=3,
    )


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to("2026-12-03 10:00:00+08:00", tick=False)


@pytest.mark.django_db
def test_a_district_grades_an_institution_valid_for_the_schemes_years(
    scheme, home, district_worker
):
    assessment = services.record_grade_assessment(
        home,
        assessed_on=date(2026, 11, 30),
        prerequisites_met=True,
        scores={"a1": 9, "b1": 15, "b2": 10},
        note="",
        actor=district_worker,
    )
    assert (assessment.total, assessment.grade, assessment.valid_until) == (
        Decimal(34),
        2,
        date(2029, 11, 30),
    )
    assert GradeAssessment.objects.current_grades(date(2026, 12, 3)) == {home.pk: 2}
    assert GradeAssessment.objects.current_grades(date(2029, 12, 1)) == {}


@pytest.mark.django_db
def test_a_bad_score_names_the_item_and_writes_nothing(scheme, home, district_worker):
    with pytest.raises(InstitutionError) as refused:
        services.record_grade_assessment(
            home,
            assessed_on=date(2026, 11, 30),
            prerequisites_met=True,
            scores={"a1": 9, "b1": 21, "b2": 10},
            note="",
            actor=district_worker,
        )
    assert (refused.value.field, GradeAssessment.objects.count()) == ("b1", 0)
    assert "乙一" in refused.value.message


@pytest.mark.django_db
@pytest.mark.parametrize("actor_case", ["street_worker", "institution_staff"])
def test_only_the_filing_authority_grades(scheme, home, actor_case, request):
    with pytest.raises(PermissionDeniedError):
        services.record_grade_assessment(
            home,
            assessed_on=date(2026, 11, 30),
            prerequisites_met=True,
            scores={"a1": 9, "b1": 15, "b2": 10},
            note="",
            actor=request.getfixturevalue(actor_case),
        )
    assert GradeAssessment.objects.count() == 0


@pytest.mark.django_db
def test_the_grade_distribution_counts_operating_homes_by_current_grade(
    scheme, home, filing_b, district_worker
):
    # given street A's home graded 2 and street B's home operating but never graded
    from yiyang.institutions.figures import grade_distribution
    from yiyang.institutions.models import Institution

    Institution.objects.filter(pk=filing_b.institution_id).update(status="operating")
    services.record_grade_assessment(
        home,
        assessed_on=date(2026, 11, 30),
        prerequisites_met=True,
        scores={"a1": 9, "b1": 15, "b2": 10},
        note="",
        actor=district_worker,
    )
    assert grade_distribution("640302000000", date(2026, 12, 3)) == {
        "1": 0,
        "2": 1,
        "3": 0,
        "4": 0,
        "5": 0,
        "none": 1,
    }
    # three years on, the grade has lapsed
    assert grade_distribution("640302000000", date(2029, 12, 1))["none"] == 2


@pytest.mark.django_db
def test_the_graded_share_counts_operating_homes_with_a_grade_valid_on_the_day(
    scheme, home, filing_b, district_worker
):
    # given street A's home graded 2 on 30 Nov 2026 and street B's home operating, never graded
    from yiyang.institutions.figures import graded_institution_share
    from yiyang.institutions.models import Institution

    Institution.objects.filter(pk=filing_b.institution_id).update(status="operating")
    assert graded_institution_share(STREET_A, date(2026, 12, 3)) == Decimal("0.0")
    services.record_grade_assessment(
        home,
        assessed_on=date(2026, 11, 30),
        prerequisites_met=True,
        scores={"a1": 9, "b1": 15, "b2": 10},
        note="",
        actor=district_worker,
    )
    # street A 1 of 1, street B 0 of 1, the district 1 of 2
    assert graded_institution_share(STREET_A, date(2026, 12, 3)) == Decimal("100.0")
    assert graded_institution_share(STREET_B, date(2026, 12, 3)) == Decimal("0.0")
    assert graded_institution_share("640302000000", date(2026, 12, 3)) == Decimal("50.0")
    # before the assessment, and once its validity has lapsed, it does not count
    assert graded_institution_share("640302000000", date(2026, 11, 29)) == Decimal("0.0")
    assert graded_institution_share("640302000000", date(2029, 12, 1)) == Decimal("0.0")
