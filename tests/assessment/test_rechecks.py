"""Spot rechecks: the reproducible draw, the team rule, and the agreement report's figures."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import COMMUNITY_A1, COMMUNITY_B1, DISTRICT, OTHER_DISTRICT, STREET_A, _user
from tests.factories import make_elder
from yiyang.assessment.choices import AssessmentReason, AssessmentStatus, RequestSource
from yiyang.assessment.errors import AssessmentError, ErrorCode
from yiyang.assessment.models import (
    Assessment,
    AssessmentAgency,
    AssessmentPolicy,
    Assessor,
    RecheckCase,
    RecheckRound,
)
from yiyang.assessment.services.rechecks import (
    assign_recheck,
    draw_recheck_round,
    quarter_bounds,
    recheck_report,
    sample_size,
)
from yiyang.core.errors import PermissionDeniedError
from yiyang.core.roles import Role

SHANGHAI = ZoneInfo("Asia/Shanghai")
DRAW_DAY = "2026-04-10 09:00:00+08:00"
IN_Q1 = datetime(2026, 2, 10, 15, 0, tzinfo=SHANGHAI)


def final_assessment(
    elder, scale, *, level: int, agency=None, lead=None, second=None, finalised_at=IN_Q1, **extra
) -> Assessment:
    """A final assessment written directly (a fixture, not the behaviour under test)."""
    values = {
        "elder": elder,
        "scale": scale,
        "reason": AssessmentReason.FIRST,
        "request_source": RequestSource.COMMUNITY,
        "status": AssessmentStatus.FINAL,
        "agency": agency,
        "lead_assessor": lead,
        "second_assessor": second,
        "initial_level": level,
        "level": level,
        "finalised_at": finalised_at,
        "valid_until": date(2027, 2, 9),
    }
    return Assessment.objects.create(**(values | extra))


def final_assessments(
    scale, count: int, *, region: str = COMMUNITY_A1, **extra
) -> list[Assessment]:
    return [
        final_assessment(
            make_elder(residence_region_id=region, name=f"抽样{number}号"), scale, level=1, **extra
        )
        for number in range(count)
    ]


def _other_team(agency) -> tuple[Assessor, Assessor]:
    """Two qualified assessors who did not assess the originals."""
    fourth = Assessor.objects.create(agency=agency, name="吴刚", certified_on=date(2024, 1, 1))
    fifth = Assessor.objects.create(agency=agency, name="郑洁", certified_on=date(2024, 1, 1))
    return fourth, fifth


@pytest.fixture
def street_a_population(gbt_scale, agency, assessor_one, assessor_two):
    """Ten final assessments of street A in 2026 Q1 by assessors one and two."""
    return final_assessments(gbt_scale, 10, agency=agency, lead=assessor_one, second=assessor_two)


# --- the draw -----------------------------------------------------------------------------------


def test_quarters_are_bounded_in_shanghai_time():
    assert quarter_bounds(2026, 1) == (
        datetime(2026, 1, 1, tzinfo=SHANGHAI),
        datetime(2026, 4, 1, tzinfo=SHANGHAI),
    )
    assert quarter_bounds(2026, 4)[1] == datetime(2027, 1, 1, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("share", "population", "size"),
    [
        ("0.05", 0, 0),
        ("0.05", 1, 1),
        ("0.05", 20, 1),
        ("0.05", 21, 2),
        ("0.25", 10, 3),
        ("1", 7, 7),
    ],
)
def test_sample_size_is_the_ceiling_of_share_times_population(share, population, size):
    assert sample_size(Decimal(share), population) == size


@time_machine.travel(DRAW_DAY, tick=False)
def test_draw_requests_a_recheck_of_each_drawn_final_assessment(
    street_a_population, district_worker, elder_a
):
    # when district staff draw street A's 2026 Q1 round with the default policy (5%)
    recheck_round = draw_recheck_round(
        STREET_A, year=2026, quarter=1, seed=7, actor=district_worker
    )

    # then ceil(0.05 × 10) = 1 case is drawn, with its recheck requested and not replacing it
    assert (recheck_round.population_size, recheck_round.share, recheck_round.seed) == (
        10,
        Decimal("0.050"),
        7,
    )
    assert recheck_round.drawn_by == district_worker
    case = recheck_round.cases.get()
    recheck = case.recheck
    assert case.original in street_a_population
    assert (recheck.reason, recheck.status, recheck.supersedes_id) == (
        AssessmentReason.RECHECK,
        AssessmentStatus.REQUESTED,
        None,
    )
    assert (recheck.elder_id, recheck.scale_id) == (case.original.elder_id, case.original.scale_id)
    assert list(recheck.events.values_list("event_type", flat=True)) == ["requested"]
    case.original.refresh_from_db()
    assert case.original.status == AssessmentStatus.FINAL


def _drawn(recheck_round: RecheckRound) -> list[int]:
    return sorted(recheck_round.cases.values_list("original_id", flat=True))


def _undo(recheck_round: RecheckRound) -> None:
    """Remove a round and its requested rechecks, so the same quarter can be drawn again."""
    rechecks = list(recheck_round.cases.values_list("recheck_id", flat=True))
    recheck_round.delete()
    Assessment.objects.filter(pk__in=rechecks).delete()  # scoped: test cleanup


@time_machine.travel(DRAW_DAY, tick=False)
def test_the_same_seed_draws_the_same_sample(gbt_scale, district_worker):
    final_assessments(gbt_scale, 40)

    first = _drawn(
        draw_recheck_round(
            STREET_A, year=2026, quarter=1, share="0.1", seed=2026, actor=district_worker
        )
    )
    _undo(RecheckRound.objects.get())
    again = _drawn(
        draw_recheck_round(
            STREET_A, year=2026, quarter=1, share="0.1", seed=2026, actor=district_worker
        )
    )
    _undo(RecheckRound.objects.get())
    other = _drawn(
        draw_recheck_round(
            STREET_A, year=2026, quarter=1, share="0.1", seed=2027, actor=district_worker
        )
    )

    assert len(first) == 4
    assert again == first
    assert other != first


@time_machine.travel(DRAW_DAY, tick=False)
def test_a_random_seed_is_stored_and_redraws_the_same_sample(gbt_scale, district_worker):
    final_assessments(gbt_scale, 40)
    drawn = draw_recheck_round(STREET_A, year=2026, quarter=1, share="0.1", actor=district_worker)
    seed, sample = drawn.seed, _drawn(drawn)
    _undo(drawn)

    redrawn = draw_recheck_round(
        STREET_A, year=2026, quarter=1, share="0.1", seed=seed, actor=district_worker
    )

    assert 0 <= seed < 2**63
    assert _drawn(redrawn) == sample


@time_machine.travel(DRAW_DAY, tick=False)
def test_population_is_the_quarters_final_assessments_of_the_region(gbt_scale, district_worker):
    # given one assessment inside street A's 2026 Q1 and six that are not
    inside = final_assessment(
        make_elder(residence_region_id=COMMUNITY_A1),
        gbt_scale,
        level=2,
        finalised_at=datetime(2026, 3, 31, 23, 30, tzinfo=SHANGHAI),
    )
    final_assessment(  # 2026-04-01 00:10 in Shanghai is Q2 (still March 31 in UTC)
        make_elder(residence_region_id=COMMUNITY_A1),
        gbt_scale,
        level=2,
        finalised_at=datetime(2026, 4, 1, 0, 10, tzinfo=SHANGHAI),
    )
    final_assessment(  # Q4 2025
        make_elder(residence_region_id=COMMUNITY_A1),
        gbt_scale,
        level=2,
        finalised_at=datetime(2025, 12, 31, 23, 59, tzinfo=SHANGHAI),
    )
    final_assessment(make_elder(residence_region_id=COMMUNITY_B1), gbt_scale, level=2)
    final_assessment(
        make_elder(residence_region_id=COMMUNITY_A1),
        gbt_scale,
        level=2,
        reason=AssessmentReason.RECHECK,
    )
    final_assessment(
        make_elder(residence_region_id=COMMUNITY_A1),
        gbt_scale,
        level=2,
        status=AssessmentStatus.SUPERSEDED,
    )
    final_assessment(
        make_elder(residence_region_id=COMMUNITY_A1),
        gbt_scale,
        level=2,
        status=AssessmentStatus.PUBLICISED,
    )

    # when
    recheck_round = draw_recheck_round(
        STREET_A, year=2026, quarter=1, share="1", actor=district_worker
    )

    # then only the one inside is drawn
    assert recheck_round.population_size == 1
    assert _drawn(recheck_round) == [inside.pk]


@time_machine.travel(DRAW_DAY, tick=False)
def test_the_share_comes_from_the_policy_in_force_on_the_draw_day(
    street_a_population, district_worker
):
    # given a policy of 25% from 2026-04-01 and one of 100% from a later day
    AssessmentPolicy.objects.create(effective_from=date(2026, 4, 1), recheck_share=Decimal("0.25"))
    AssessmentPolicy.objects.create(effective_from=date(2026, 4, 11), recheck_share=Decimal("1"))

    # when
    recheck_round = draw_recheck_round(STREET_A, year=2026, quarter=1, actor=district_worker)

    # then ceil(0.25 × 10) = 3
    assert recheck_round.share == Decimal("0.250")
    assert recheck_round.cases.count() == 3


@time_machine.travel(DRAW_DAY, tick=False)
def test_an_empty_quarter_gives_an_empty_round(gbt_scale, district_worker):
    recheck_round = draw_recheck_round(DISTRICT, year=2026, quarter=1, actor=district_worker)

    assert (recheck_round.population_size, recheck_round.cases.count()) == (0, 0)


@time_machine.travel(DRAW_DAY, tick=False)
def test_one_round_per_region_and_quarter(street_a_population, district_worker):
    draw_recheck_round(STREET_A, year=2026, quarter=1, seed=1, actor=district_worker)
    assessments = Assessment.objects.count()  # scoped: test count

    with pytest.raises(AssessmentError) as refused:
        draw_recheck_round(STREET_A, year=2026, quarter=1, seed=2, actor=district_worker)

    assert refused.value.code == ErrorCode.RECHECK_ROUND_EXISTS
    assert RecheckRound.objects.count() == 1  # scoped: test count
    assert Assessment.objects.count() == assessments  # scoped: test count


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"quarter": 5}, "quarter"),
        ({"quarter": 0}, "quarter"),
        ({"year": 1999}, "year"),
        ({"share": "0"}, "share"),
        ({"share": "1.5"}, "share"),
        ({"share": "0.0005"}, "share"),
        ({"seed": -1}, "seed"),
    ],
)
def test_draw_refuses_bad_values(street_a_population, district_worker, values, field):
    with pytest.raises(AssessmentError) as refused:
        draw_recheck_round(
            STREET_A, **({"year": 2026, "quarter": 1} | values), actor=district_worker
        )

    assert refused.value.field == field
    assert RecheckRound.objects.count() == 0  # scoped: test count


@pytest.mark.parametrize("actor_case", ["street", "other_district"])
def test_draw_refused_without_run_rechecks_in_the_region(
    street_a_population, street_worker, actor_case
):
    actor = (
        street_worker
        if actor_case == "street"
        else _user("other_district_worker", Role.DISTRICT_STAFF, OTHER_DISTRICT)
    )

    with pytest.raises(PermissionDeniedError):
        draw_recheck_round(STREET_A, year=2026, quarter=1, actor=actor)

    assert RecheckRound.objects.count() == 0  # scoped: test count


# --- assigning a recheck ------------------------------------------------------------------------


@pytest.fixture
def drawn_case(street_a_population, district_worker):
    with time_machine.travel(DRAW_DAY, tick=False):
        recheck_round = draw_recheck_round(
            STREET_A, year=2026, quarter=1, seed=7, actor=district_worker
        )
    return recheck_round.cases.get()


@pytest.mark.parametrize("overlap_case", ["lead", "second"])
def test_recheck_by_an_original_assessor_is_refused(
    drawn_case, agency, assessor_one, assessor_two, assessor_three, district_worker, overlap_case
):
    lead, second = (
        (assessor_one, assessor_three) if overlap_case == "lead" else (assessor_three, assessor_two)
    )

    with pytest.raises(AssessmentError) as refused:
        assign_recheck(drawn_case, agency=agency, lead=lead, second=second, actor=district_worker)

    assert (refused.value.code, refused.value.field) == (
        ErrorCode.RECHECK_TEAM_OVERLAP,
        overlap_case,
    )
    recheck = Assessment.objects.get(pk=drawn_case.recheck_id)  # scoped: test read
    assert (recheck.status, recheck.lead_assessor_id) == (AssessmentStatus.REQUESTED, None)
    assert recheck.events.count() == 1


def test_recheck_assigned_to_a_different_team(drawn_case, agency, district_worker):
    fourth, fifth = _other_team(agency)

    recheck = assign_recheck(
        drawn_case, agency=agency, lead=fourth, second=fifth, actor=district_worker
    )

    assert (recheck.status, recheck.agency, recheck.lead_assessor, recheck.second_assessor) == (
        AssessmentStatus.ASSIGNED,
        agency,
        fourth,
        fifth,
    )
    assert list(recheck.events.values_list("event_type", flat=True)) == ["requested", "assigned"]


def test_recheck_refuses_an_unqualified_assessor(
    drawn_case, agency, assessor_three, unqualified_assessor, district_worker
):
    with pytest.raises(AssessmentError) as refused:
        assign_recheck(
            drawn_case,
            agency=agency,
            lead=assessor_three,
            second=unqualified_assessor,
            actor=district_worker,
        )

    assert (refused.value.code, refused.value.field) == (ErrorCode.ASSESSOR_UNQUALIFIED, "second")


def test_recheck_refuses_an_agency_not_serving_the_elder(drawn_case, district_worker):
    elsewhere = AssessmentAgency.objects.create(
        name="青铜峡评估站", credit_code="91640302MA76XU1P8G", region_id=OTHER_DISTRICT
    )
    lead, second = _other_team(elsewhere)

    with pytest.raises(AssessmentError) as refused:
        assign_recheck(
            drawn_case, agency=elsewhere, lead=lead, second=second, actor=district_worker
        )

    assert refused.value.code == ErrorCode.AGENCY_NOT_SERVING


def test_street_staff_cannot_assign_a_recheck(drawn_case, agency, street_worker):
    lead, second = _other_team(agency)

    with pytest.raises(PermissionDeniedError):
        assign_recheck(drawn_case, agency=agency, lead=lead, second=second, actor=street_worker)


# --- the report ---------------------------------------------------------------------------------

# (original level, recheck level) per case; the first four by agency 1, the last two by agency 2.
PAIRS = [(1, 1), (2, 2), (2, 3), (1, 3), (3, 3), (4, 2)]


@pytest.fixture
def constructed_round(gbt_scale, agency, assessor_one, assessor_two, district_worker):
    """A round of seven cases: six rechecks submitted with the levels of PAIRS, one not yet."""
    second_agency = AssessmentAgency.objects.create(
        name="金星评估所", credit_code="91640302MA76XU2P4R", region_id=DISTRICT
    )
    other_lead, other_second = _other_team(second_agency)
    recheck_round = RecheckRound.objects.create(
        region_id=DISTRICT,
        year=2026,
        quarter=1,
        share=Decimal("0.05"),
        seed=1,
        population_size=140,
        drawn_by=district_worker,
        drawn_at=datetime(2026, 4, 10, 9, 0, tzinfo=SHANGHAI),
    )
    teams = [(agency, assessor_one, assessor_two)] * 4 + [
        (second_agency, other_lead, other_second)
    ] * 2
    for (original_level, recheck_level), (team_agency, lead, second) in zip(
        PAIRS, teams, strict=True
    ):
        elder = make_elder(residence_region_id=COMMUNITY_A1)
        original = final_assessment(
            elder, gbt_scale, level=original_level, agency=team_agency, lead=lead, second=second
        )
        recheck = final_assessment(
            elder,
            gbt_scale,
            level=recheck_level,
            reason=AssessmentReason.RECHECK,
            status=AssessmentStatus.SUBMITTED,
            finalised_at=None,
        )
        RecheckCase.objects.create(round=recheck_round, original=original, recheck=recheck)
    pending = final_assessment(
        make_elder(residence_region_id=COMMUNITY_A1),
        gbt_scale,
        level=0,
        agency=agency,
        lead=assessor_one,
        second=assessor_two,
    )
    RecheckCase.objects.create(
        round=recheck_round,
        original=pending,
        recheck=final_assessment(
            pending.elder,
            gbt_scale,
            level=None,
            reason=AssessmentReason.RECHECK,
            status=AssessmentStatus.REQUESTED,
        ),
    )
    return recheck_round


def _figures(row) -> tuple:
    return (
        row.label,
        row.completed,
        row.agreement_rate,
        round(row.kappa, 4),
        round(row.mean_difference, 4),
        row.large,
    )


def test_report_figures_of_a_constructed_round(constructed_round):
    """All six pairs: agreement 3/6; mean |Δ| 5/6; quadratic κ (levels 0-4, weights d²/16):
    observed Σ w·O = (1 + 4 + 4)/16 / 6 = 54/576; rows {1:2, 2:2, 3:1, 4:1}, columns
    {1:1, 2:2, 3:3}: Σ r·c·d² = 28 + 8 + 6 + 20 = 62, Σ w·E = 62/576; κ = 1 - 54/62 = 4/31.

    Agency 1 (1,1) (2,2) (2,3) (1,3): Σ w·O = 5/64; rows {1:2, 2:2}, columns {1:1, 2:1, 3:2}:
    Σ r·c·d² = 18 + 6 = 24, Σ w·E = 24/256 = 6/64; κ = 1 - 5/6 = 1/6.
    Agency 2 (3,3) (4,2): Σ w·O = 4/32; Σ r·c·d² = 1 + 1 + 4 = 6, Σ w·E = 6/64; κ = 1 - 4/3 = -1/3.
    """
    report = recheck_report(constructed_round)

    assert report.threshold == 2
    assert (report.completed, len(report.cases)) == (6, 7)
    assert _figures(report.overall) == ("", 6, 0.5, 0.129, 0.8333, 2)
    assert [_figures(row) for row in report.by_agency] == [
        ("利通区康寿评估中心", 4, 0.5, 0.1667, 0.75, 1),
        ("金星评估所", 2, 0.5, -0.3333, 1.0, 1),
    ]
    assert [_figures(row) for row in report.by_assessor] == [
        ("吴刚", 2, 0.5, -0.3333, 1.0, 1),
        ("杨军", 4, 0.5, 0.1667, 0.75, 1),
        ("郑洁", 2, 0.5, -0.3333, 1.0, 1),
        ("马丽", 4, 0.5, 0.1667, 0.75, 1),
    ]
    assert [
        (row.original_level, row.recheck_level, row.difference)
        for row in report.large_disagreements
    ] == [
        (1, 3, 2),
        (4, 2, -2),
    ]
    pending = report.cases[-1]
    assert (pending.is_completed, pending.recheck_level, pending.is_large) == (False, None, False)


def test_large_disagreement_threshold_comes_from_the_policy(constructed_round):
    # given a policy in force on the draw day that flags a single level apart
    AssessmentPolicy.objects.create(effective_from=date(2026, 4, 1), large_disagreement_levels=1)

    report = recheck_report(constructed_round)

    assert report.threshold == 1
    assert [row.difference for row in report.large_disagreements] == [1, 2, -2]
