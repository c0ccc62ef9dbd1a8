"""Worked cases of the caregiver incentives' payout plan (seed 001 item 10, the project's reading)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yiyang.benefits.incentives import (
    CERTIFICATION,
    CERTIFICATION_UPGRADE,
    DUE,
    FORFEITED,
    FUTURE,
    HIRING,
    Caregiver,
    Certificate,
    load_parameters,
    plan_incentives,
    split,
    totals,
    totals_by_year,
)

PARAMETERS = load_parameters()


def plan(caregiver: Caregiver, as_of: date):
    return [
        (i.due_on, i.amount_fen, i.kind, i.status)
        for i in plan_incentives(caregiver, as_of=as_of, parameters=PARAMETERS)
    ]


def test_shipped_amounts_are_the_seeds():
    assert PARAMETERS.certification_fen == {
        5: 1_200_000,
        4: 1_500_000,
        3: 1_800_000,
        2: 2_100_000,
        1: 2_700_000,
    }
    assert PARAMETERS.hiring_fen == {
        "secondary_vocational": 3_000_000,
        "junior_college": 4_000_000,
        "bachelor": 5_000_000,
    }
    assert PARAMETERS.is_project_reading is True


def test_level_4_certificate_pays_five_equal_parts_on_its_anniversaries():
    # given: a level-4 caregiver certified on 10 March 2024, on the front line since 2023
    caregiver = Caregiver(
        certificates=(Certificate(4, date(2024, 3, 10)),), hired_on=date(2023, 1, 1)
    )

    # when / then: 3,000 yuan a year from 2025 to 2029; 2025's part is due by June 2026
    assert plan(caregiver, date(2026, 6, 15)) == [
        (date(2025, 3, 10), 300_000, CERTIFICATION, DUE),
        (date(2026, 3, 10), 300_000, CERTIFICATION, DUE),
        (date(2027, 3, 10), 300_000, CERTIFICATION, FUTURE),
        (date(2028, 3, 10), 300_000, CERTIFICATION, FUTURE),
        (date(2029, 3, 10), 300_000, CERTIFICATION, FUTURE),
    ]


def test_leaving_in_year_3_forfeits_the_later_parts_of_both_incentives():
    # given: a junior-college graduate of June 2019, hired and certified (level 5) on 1 July
    # 2020, who leaves front-line work on 30 September 2022 (in the third year of service)
    caregiver = Caregiver(
        certificates=(Certificate(5, date(2020, 7, 1)),),
        education="junior_college",
        graduated_on=date(2019, 6, 30),
        hired_on=date(2020, 7, 1),
        left_on=date(2022, 9, 30),
    )

    # when
    result = plan(caregiver, date(2026, 6, 15))

    # then: two certification parts and the first third of the hiring incentive are due
    assert result == [
        (date(2021, 7, 1), 240_000, CERTIFICATION, DUE),
        (date(2022, 7, 1), 240_000, CERTIFICATION, DUE),
        (date(2022, 7, 1), 1_333_333, HIRING, DUE),
        (date(2023, 7, 1), 240_000, CERTIFICATION, FORFEITED),
        (date(2023, 7, 1), 1_333_333, HIRING, FORFEITED),
        (date(2024, 7, 1), 240_000, CERTIFICATION, FORFEITED),
        (date(2024, 7, 1), 1_333_334, HIRING, FORFEITED),
        (date(2025, 7, 1), 240_000, CERTIFICATION, FORFEITED),
    ]
    plan_all = plan_incentives(caregiver, as_of=date(2026, 6, 15), parameters=PARAMETERS)
    assert totals(plan_all) == {DUE: 1_813_333, FORFEITED: 3_386_667, FUTURE: 0}


def test_an_upgrade_pays_the_difference_over_the_remaining_parts():
    # given: level 5 on 1 January 2022, level 3 on 1 June 2023 (after two parts)
    caregiver = Caregiver(
        certificates=(Certificate(3, date(2023, 6, 1)), Certificate(5, date(2022, 1, 1))),
        hired_on=date(2021, 1, 1),
    )

    # when
    result = plan(caregiver, date(2026, 6, 15))

    # then: level 5's 12,000 yuan in fifths, and level 3's extra 6,000 in quarters over
    # the four parts still to come (2024 to 2027)
    assert result == [
        (date(2023, 1, 1), 240_000, CERTIFICATION, DUE),
        (date(2024, 1, 1), 240_000, CERTIFICATION, DUE),
        (date(2024, 1, 1), 150_000, CERTIFICATION_UPGRADE, DUE),
        (date(2025, 1, 1), 240_000, CERTIFICATION, DUE),
        (date(2025, 1, 1), 150_000, CERTIFICATION_UPGRADE, DUE),
        (date(2026, 1, 1), 240_000, CERTIFICATION, DUE),
        (date(2026, 1, 1), 150_000, CERTIFICATION_UPGRADE, DUE),
        (date(2027, 1, 1), 240_000, CERTIFICATION, FUTURE),
        (date(2027, 1, 1), 150_000, CERTIFICATION_UPGRADE, FUTURE),
    ]
    # the caregiver receives in all the amount of the highest level held
    assert sum(row[1] for row in result) == PARAMETERS.certification_fen[3]


def test_a_lower_certificate_or_an_upgrade_after_the_last_part_pays_nothing_more():
    caregiver = Caregiver(
        certificates=(
            Certificate(2, date(2018, 1, 1)),
            Certificate(4, date(2019, 1, 1)),
            Certificate(1, date(2023, 6, 1)),
        ),
        hired_on=date(2017, 1, 1),
    )
    result = plan(caregiver, date(2026, 6, 15))
    assert [row[2] for row in result] == [CERTIFICATION] * 5
    assert sum(row[1] for row in result) == 2_100_000


def test_graduating_more_than_3_years_before_hiring_gives_no_hiring_incentive():
    late = Caregiver(
        education="bachelor", graduated_on=date(2020, 6, 30), hired_on=date(2023, 7, 1)
    )
    on_the_day = Caregiver(
        education="bachelor", graduated_on=date(2020, 6, 30), hired_on=date(2023, 6, 30)
    )
    assert plan(late, date(2026, 6, 15)) == []
    assert plan(on_the_day, date(2026, 6, 15)) == [
        (date(2025, 6, 30), 1_666_666, HIRING, DUE),
        (date(2026, 6, 30), 1_666_666, HIRING, FUTURE),
        (date(2027, 6, 30), 1_666_668, HIRING, FUTURE),
    ]


def test_secondary_vocational_thirds_at_the_end_of_service_years_2_3_4():
    caregiver = Caregiver(
        education="secondary_vocational",
        graduated_on=date(2024, 6, 30),
        hired_on=date(2024, 2, 29),
    )
    # hired before graduating: not a graduate's hire
    assert plan(caregiver, date(2026, 6, 15)) == []
    caregiver = Caregiver(
        education="secondary_vocational",
        graduated_on=date(2023, 6, 30),
        hired_on=date(2024, 2, 29),
    )
    assert plan(caregiver, date(2026, 6, 15)) == [
        (date(2026, 2, 28), 1_000_000, HIRING, DUE),
        (date(2027, 2, 28), 1_000_000, HIRING, FUTURE),
        (date(2028, 2, 29), 1_000_000, HIRING, FUTURE),
    ]


def test_certified_before_hiring_forfeits_the_parts_due_before_the_hire():
    caregiver = Caregiver(
        certificates=(Certificate(1, date(2020, 5, 1)),), hired_on=date(2022, 9, 1)
    )
    statuses = [row[3] for row in plan(caregiver, date(2026, 6, 15))]
    assert statuses == [FORFEITED, FORFEITED, DUE, DUE, DUE]


def test_totals_by_year_group_by_calendar_year_and_status():
    caregiver = Caregiver(
        certificates=(Certificate(5, date(2025, 1, 1)),), hired_on=date(2025, 1, 1)
    )
    years = totals_by_year(plan_incentives(caregiver, as_of=date(2026, 6, 15)))
    assert years[0] == (2026, {DUE: 240_000, FORFEITED: 0, FUTURE: 0})
    assert years[-1] == (2030, {DUE: 0, FORFEITED: 0, FUTURE: 240_000})


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=12))
def test_split_parts_sum_to_the_total(total, parts):
    shares = split(total, parts)
    assert sum(shares) == total
    assert len(shares) == parts
    assert max(shares) - min(shares) < parts


@given(
    st.sampled_from([5, 4, 3, 2, 1]),
    st.lists(st.sampled_from([5, 4, 3, 2, 1]), max_size=3),
    st.dates(min_value=date(2010, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=0, max_value=2000),
    st.sampled_from(["secondary_vocational", "junior_college", "bachelor"]),
)
def test_parts_sum_to_the_total_of_the_highest_level_and_the_education(
    first, later, certified, gap_days, education
):
    # given: a caregiver who never leaves, with upgrades a few months apart
    certificates = [Certificate(first, certified)]
    for index, level in enumerate(later, start=1):
        certificates.append(Certificate(level, certified + timedelta(days=100 * index)))
    caregiver = Caregiver(
        certificates=tuple(certificates),
        education=education,
        graduated_on=certified,
        hired_on=certified - timedelta(days=gap_days % 10),
        left_on=None,
    )
    result = plan_incentives(caregiver, as_of=date(2040, 1, 1), parameters=PARAMETERS)
    # then: every part's amount adds up to the highest level held and the full hiring amount
    # (upgrades within 400 days of the first certificate still have parts to come)
    highest = max(PARAMETERS.certification_fen[c.level] for c in certificates)
    certification = sum(i.amount_fen for i in result if i.kind != HIRING)
    hiring = sum(i.amount_fen for i in result if i.kind == HIRING)
    assert certification == highest
    assert hiring in (0, PARAMETERS.hiring_fen[education])
    assert all(i.amount_fen > 0 for i in result)


@pytest.mark.parametrize(
    ("level", "yearly"),
    [(5, 240_000), (4, 300_000), (3, 360_000), (2, 420_000), (1, 540_000)],
)
def test_yearly_part_by_level_case(level, yearly):
    caregiver = Caregiver(
        certificates=(Certificate(level, date(2020, 1, 1)),), hired_on=date(2020, 1, 1)
    )
    assert {i.amount_fen for i in plan_incentives(caregiver, as_of=date(2026, 1, 1))} == {yearly}


@pytest.mark.django_db
def test_schedule_page_shows_the_plan_and_the_reading(client, street_worker):
    from django.urls import reverse

    client.force_login(street_worker)
    response = client.get(
        reverse("benefits:incentive_schedule"),
        {
            "level": "4",
            "certified_on": "2024-03-10",
            "education": "bachelor",
            "graduated_on": "2023-06-30",
            "hired_on": "2023-09-01",
            "left_on": "2026-10-01",
            "as_of": "2026-06-15",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "2025-03-10" in body
    assert "3,000.00" in body  # a level-4 fifth
    assert "16,666.66" in body  # a bachelor's third
    assert "16,666.68" in body  # the last third, forfeited after leaving
    assert [row["instalment"].status for row in response.context["instalments"]] == [
        DUE,
        DUE,
        DUE,
        FUTURE,
        FORFEITED,
        FORFEITED,
        FORFEITED,
        FORFEITED,
    ]


@pytest.mark.django_db
def test_schedule_page_needs_view_program(client, regions):
    from django.urls import reverse

    from tests.conftest import STREET_A, _user
    from yiyang.core.roles import Role

    client.force_login(_user("assessor", Role.ASSESSOR, STREET_A))
    assert client.get(reverse("benefits:incentive_schedule")).status_code == 403
