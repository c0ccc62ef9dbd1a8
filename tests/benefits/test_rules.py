"""Worked cases of the declarative rules (eligibility.py): problems named by field, boundary
months under both start rules, categories on the reference day, exclusions, and the Beijing and
Shanghai allowance schedules of domain-rules.md §7 item 14 built as data."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import COMMUNITY_A1, DISTRICT
from tests.factories import make_elder
from yiyang.benefits.compute import MonthComputation
from yiyang.benefits.eligibility import Facts, RulesInvalid, age_on, decide, parse_rules
from yiyang.benefits.models import ProgramVersion
from yiyang.registry.models import ElderCategory

REGION = "110105001001"  # a Beijing community (朝阳区)


def problems(data, **known) -> list[tuple[str, str]]:
    with pytest.raises(RulesInvalid) as caught:
        parse_rules(data, **known)
    return [(path, code) for path, code, _detail in caught.value.problems]


def facts(birth: date, **extra) -> Facts:
    extra.setdefault("residence_region", REGION)
    extra.setdefault("hukou_region", REGION)
    return Facts(birth_date=birth, **extra)


# --- problems name their field --------------------------------------------------------------


def test_problems_name_the_field_of_each_bracket():
    data = {
        "start": "whenever",
        "age_min": "eighty",
        "brackets": [
            {"label": "a", "amount_fen": None},
            {"label": "b", "age_min": 90, "age_max": 80, "amount_fen": -1},
            {"label": "c", "amount_fen": 200_000_000, "categories_any": ["martian"]},
            {"label": "d", "amount_fen": 1, "ability_levels": [7]},
        ],
        "exclude_programs": ["no_such_programme"],
    }
    assert problems(data, known_categories=["dibao"], known_programs=["meal_subsidy"]) == [
        ("age_min", "not_integer"),
        ("brackets.0.amount_fen", "required"),
        ("brackets.1.age_max", "range_reversed"),
        ("brackets.1.amount_fen", "negative"),
        ("brackets.2.amount_fen", "too_large"),
        ("brackets.2.categories_any", "unknown_category"),
        ("brackets.3.ability_levels", "unknown_choice"),
        ("start", "unknown_choice"),
        ("exclude_programs", "unknown_program"),
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, [("brackets", "empty")]),
        ({"brackets": []}, [("brackets", "empty")]),
        ({"brackets": ["x"]}, [("brackets.0", "not_list")]),
        ({"brackets": [{"amount_fen": True}]}, [("brackets.0.amount_fen", "not_integer")]),
        (
            {"brackets": [{"amount_fen": 1}], "region_prefixes": ["11a"]},
            [("region_prefixes", "unknown_choice")],
        ),
        ({"brackets": [{"amount_fen": 1}], "cap_fen": -5}, [("cap_fen", "negative")]),
    ],
)
def test_problem_case(data, expected):
    assert problems(data) == expected


# --- boundary months ------------------------------------------------------------------------

EIGHTY = {"age_min": 80, "brackets": [{"label": "80+", "age_min": 80, "amount_fen": 10000}]}
JULY = date(2026, 7, 1)


@pytest.mark.parametrize(
    ("start", "birth", "july", "august"),
    [
        # next_month reads the first day: turning 80 on 1 July pays July
        ("next_month", date(1946, 7, 1), 10000, 10000),
        # turning 80 on 31 July pays from August
        ("next_month", date(1946, 7, 31), 0, 10000),
        # same_month reads the last day: turning 80 on 31 July pays July
        ("same_month", date(1946, 7, 31), 10000, 10000),
        # turning 80 on 1 August pays from August under both
        ("same_month", date(1946, 8, 1), 0, 10000),
        ("next_month", date(1946, 8, 1), 0, 10000),
        # turning 80 on 30 June pays July under both
        ("next_month", date(1946, 6, 30), 10000, 10000),
    ],
)
def test_turning_80_case(start, birth, july, august):
    rules = parse_rules({**EIGHTY, "start": start})
    assert decide(rules, facts(birth), JULY).amount_fen == july
    assert decide(rules, facts(birth), date(2026, 8, 1)).amount_fen == august


def test_born_29_february_ages_on_1_march_in_a_common_year():
    # given: born 29 February 1936, 90 in 2026 (a common year)
    birth = date(1936, 2, 29)
    assert age_on(birth, date(2026, 2, 28)) == 89
    assert age_on(birth, date(2026, 3, 1)) == 90
    assert age_on(birth, date(2024, 2, 29)) == 88
    schedule = {
        "age_min": 80,
        "brackets": [
            {"label": "80–89", "age_min": 80, "age_max": 89, "amount_fen": 10000},
            {"label": "90+", "age_min": 90, "amount_fen": 50000},
        ],
    }
    same = parse_rules({**schedule, "start": "same_month"})
    following = parse_rules({**schedule, "start": "next_month"})
    # then: February pays 89's amount under both rules (28 Feb is not yet her birthday)
    assert decide(same, facts(birth), date(2026, 2, 1)).amount_fen == 10000
    assert decide(following, facts(birth), date(2026, 2, 1)).amount_fen == 10000
    # March pays 90's amount under both (1 March is the day she turns 90)
    assert decide(same, facts(birth), date(2026, 3, 1)).amount_fen == 50000
    assert decide(following, facts(birth), date(2026, 3, 1)).amount_fen == 50000


def test_death_or_move_out_pays_its_own_month_and_stops_the_next():
    rules = parse_rules(EIGHTY)
    died = facts(date(1940, 1, 1), date_of_death=date(2026, 7, 31))
    moved = facts(date(1940, 1, 1), moved_out_on=date(2026, 7, 1))
    assert decide(rules, died, JULY).amount_fen == 10000
    assert decide(rules, died, date(2026, 8, 1)).reason == "deceased"
    assert decide(rules, moved, JULY).amount_fen == 10000
    assert decide(rules, moved, date(2026, 8, 1)).reason == "moved_out"


# --- exclusions and regions -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra_rules", "extra_facts", "reason"),
    [
        (
            {"categories_none": ["extreme_poverty"]},
            {"categories": frozenset({"extreme_poverty"})},
            "excluded_category",
        ),
        (
            {"exclude_concentrated_support": True},
            {"in_concentrated_support": True},
            "concentrated_support",
        ),
        (
            {"exclude_programs": ["nursing_subsidy"]},
            {"receiving": frozenset({"nursing_subsidy"})},
            "excluded_program",
        ),
        ({"region_prefixes": ["3101"]}, {}, "outside_region"),
        ({"region_basis": "hukou"}, {"hukou_region": "310101001001"}, "outside_region"),
        ({"categories_any": ["dibao"]}, {}, "missing_category"),
        ({"ability_levels": [3, 4]}, {}, "no_assessment"),
        ({"ability_levels": [3, 4]}, {"ability_level": 1}, "ability_level"),
    ],
)
def test_exclusion_case(extra_rules, extra_facts, reason):
    rules = parse_rules({**EIGHTY, **extra_rules})
    decision = decide(rules, facts(date(1940, 1, 1), **extra_facts), JULY, region_prefix="11")
    assert (decision.amount_fen, decision.reason) == (0, reason)


def test_exclusions_that_do_not_apply_pay():
    rules = parse_rules(
        {
            **EIGHTY,
            "categories_none": ["extreme_poverty"],
            "exclude_concentrated_support": True,
            "exclude_programs": ["nursing_subsidy"],
            "region_prefixes": ["1101"],
        }
    )
    decision = decide(
        rules,
        facts(date(1940, 1, 1), categories=frozenset({"dibao"}), receiving=frozenset({"x"})),
        JULY,
        region_prefix="11",
    )
    assert (decision.amount_fen, decision.reason) == (10000, "eligible")


# --- domain-rules.md §7 item 14 ---------------------------------------------------------------

BEIJING_LONGEVITY = {
    "start": "next_month",
    "region_basis": "hukou",
    "region_prefixes": ["11"],
    "age_min": 80,
    "brackets": [
        {"label": "80–89", "age_min": 80, "age_max": 89, "amount_fen": 10000},
        {"label": "90–99", "age_min": 90, "age_max": 99, "amount_fen": 50000},
        {"label": "100+", "age_min": 100, "amount_fen": 80000},
    ],
}
SHANGHAI_COMPREHENSIVE = {
    "start": "next_month",
    "region_basis": "hukou",
    "region_prefixes": ["31"],
    "age_min": 65,
    "brackets": [
        {"label": "65–69", "age_min": 65, "age_max": 69, "amount_fen": 7500},
        {"label": "70–79", "age_min": 70, "age_max": 79, "amount_fen": 15000},
        {"label": "80–89", "age_min": 80, "age_max": 89, "amount_fen": 18000},
        {"label": "90–99", "age_min": 90, "age_max": 99, "amount_fen": 35000},
        {"label": "100+", "age_min": 100, "amount_fen": 60000},
    ],
}
BEIJING_CARE = {
    "start": "next_month",
    "age_min": 60,
    "categories_any": ["dibao", "low_income"],
    "brackets": [
        {"label": "低保", "categories_any": ["dibao"], "amount_fen": 30000},
        {"label": "低收入", "categories_any": ["low_income"], "amount_fen": 20000},
    ],
}


def born_aged(age: int) -> date:
    """Born on 1 January, so aged `age` all through July 2026."""
    return date(2026 - age, 1, 1)


@pytest.mark.parametrize(
    ("age", "yuan"), [(79, 0), (80, 100), (89, 100), (90, 500), (99, 500), (100, 800)]
)
def test_beijing_longevity_allowance_case(age, yuan):
    rules = parse_rules(BEIJING_LONGEVITY)
    assert decide(rules, facts(born_aged(age)), JULY).amount_fen == yuan * 100


def test_beijing_allowance_needs_a_beijing_hukou():
    rules = parse_rules(BEIJING_LONGEVITY)
    outsider = facts(born_aged(85), hukou_region="640302001001")
    assert decide(rules, outsider, JULY).reason == "outside_region"


@pytest.mark.parametrize(
    ("age", "yuan"), [(64, 0), (65, 75), (70, 150), (80, 180), (90, 350), (100, 600)]
)
def test_shanghai_comprehensive_allowance_case(age, yuan):
    rules = parse_rules(SHANGHAI_COMPREHENSIVE)
    shanghai = facts(born_aged(age), residence_region="310101001001", hukou_region="310101001001")
    assert decide(rules, shanghai, JULY).amount_fen == yuan * 100


@pytest.mark.parametrize(
    ("held", "yuan"),
    [({"dibao"}, 300), ({"low_income"}, 200), ({"dibao", "low_income"}, 300), (set(), 0)],
)
def test_beijing_care_service_subsidy_case(held, yuan):
    rules = parse_rules(BEIJING_CARE)
    assert decide(rules, facts(born_aged(70), categories=frozenset(held)), JULY).amount_fen == (
        yuan * 100
    )


# --- categories held on the reference day (through the month computation) -----------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "valid_from", "valid_to", "july"),
    [
        ("next_month", date(2026, 7, 1), None, 30000),  # held on 1 July
        ("next_month", date(2026, 7, 2), None, 0),  # granted after the first: from August
        ("same_month", date(2026, 7, 31), None, 30000),  # held on the last day of July
        ("same_month", date(2026, 6, 1), date(2026, 7, 30), 0),  # lapsed before 31 July
        ("next_month", date(2026, 6, 1), date(2026, 7, 30), 30000),  # still held on 1 July
    ],
)
def test_category_held_on_the_reference_day_case(programs, start, valid_from, valid_to, july):
    # given: a 70-year-old with 低保 for a period, and the Beijing care subsidy as automatic rules
    person = make_elder(
        residence_region_id=COMMUNITY_A1, hukou_region_id=COMMUNITY_A1, birth=born_aged(70)
    )
    ElderCategory.objects.create(
        elder=person, category="dibao", valid_from=valid_from, valid_to=valid_to, source="test"
    )
    program = programs["longevity_allowance"]  # paid from the registry: no application
    version = ProgramVersion(
        program=program, number=0, effective_from=JULY, rules={**BEIJING_CARE, "start": start}
    )

    # when
    computation = MonthComputation(program, DISTRICT, JULY, version=version)
    paid = {row[0]: d.amount_fen for row, d in computation.decisions()}

    # then
    assert paid.get(person.pk, 0) == july


# --- property -------------------------------------------------------------------------------

bracket = st.fixed_dictionaries(
    {"amount_fen": st.integers(min_value=0, max_value=10**6)},
    optional={
        "age_min": st.integers(min_value=50, max_value=110),
        "categories_any": st.lists(st.sampled_from(["dibao", "low_income"]), max_size=2),
        "ability_levels": st.lists(st.integers(min_value=0, max_value=4), max_size=3),
    },
)


@given(
    st.lists(bracket, min_size=1, max_size=5),
    st.sampled_from(["next_month", "same_month"]),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 12, 31)),
    st.frozensets(st.sampled_from(["dibao", "low_income", "extreme_poverty"])),
    st.one_of(st.none(), st.integers(min_value=0, max_value=4)),
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 1)),
)
def test_amount_is_a_bracket_amount_or_zero(brackets, start, birth, held, level, month):
    rules = parse_rules({"start": start, "brackets": brackets})
    decision = decide(
        rules, facts(birth, categories=held, ability_level=level), month.replace(day=1)
    )
    assert decision.amount_fen in {b["amount_fen"] for b in brackets} | {0}
    if decision.reason != "eligible":
        assert decision.amount_fen == 0
