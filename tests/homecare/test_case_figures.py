"""Figures of complaints for the statistics module: complaints per provider and month, and the
share of cases resolved by their due day, within a region."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from tests.homecare.conftest import SHANGHAI, complaint_data
from yiyang.homecare import figures, services

pytestmark = pytest.mark.django_db

DISTRICT_PREFIX = "640302"
STREET_A_PREFIX = "640302001"


def _file(provider, actor, clock, day: date, **extra):
    clock.move_to(datetime(day.year, day.month, day.day, 9, 0, tzinfo=SHANGHAI))
    return services.file_complaint(provider, data=complaint_data(), actor=actor, **extra)


def test_complaints_are_counted_per_provider_and_month_within_the_region(
    order, provider, other_provider, other_elder, street_worker, other_street_worker,
    case_policy, clock,
):  # fmt: skip
    for day in (date(2026, 3, 2), date(2026, 3, 20), date(2026, 4, 1)):
        _file(provider, street_worker, clock, day, order=order)
    _file(other_provider, other_street_worker, clock, date(2026, 3, 5), elder=other_elder)
    _file(provider, street_worker, clock, date(2026, 5, 1), order=order)  # after the period
    counts = figures.complaints_per_provider_month(
        within=DISTRICT_PREFIX, start=date(2026, 3, 1), end=date(2026, 4, 30)
    )
    assert counts == {
        (provider.pk, "2026-03"): (2, None),
        (provider.pk, "2026-04"): (1, None),
        (other_provider.pk, "2026-03"): (1, None),
    }
    street = figures.complaints_per_provider_month(
        within=STREET_A_PREFIX, start=date(2026, 3, 1), end=date(2026, 4, 30)
    )
    assert set(street) == {(provider.pk, "2026-03"), (provider.pk, "2026-04")}


def test_the_share_resolved_in_time_counts_each_case_against_its_due_day(
    order, provider, street_worker, dispatcher, case_policy, clock
):
    # given two complaints of Monday 2 March (resolve by Monday 9 March) and one still open
    in_time, late, _open = (
        _file(provider, street_worker, clock, date(2026, 3, 2), order=order) for _ in range(3)
    )
    for case in (in_time, late):
        services.acknowledge_case(case, note="受理", actor=dispatcher)
    clock.move_to(datetime(2026, 3, 9, 17, 0, tzinfo=SHANGHAI))
    services.resolve_case(in_time, outcome="upheld", resolution="道歉", actor=dispatcher)
    clock.move_to(datetime(2026, 3, 10, 9, 0, tzinfo=SHANGHAI))
    services.resolve_case(late, outcome="upheld", resolution="道歉", actor=dispatcher)
    share = figures.resolved_in_time_share(
        within=DISTRICT_PREFIX, start=date(2026, 3, 1), end=date(2026, 3, 31)
    )
    assert share == {(provider.pk, "2026-03"): (Decimal("50.00"), None)}
