"""Figures for the statistics module: visits, hours and elders served by item, provider and
region; certified caregivers per 10,000 elders; training rate."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from tests.conftest import COMMUNITY_A1, COMMUNITY_A2, STREET_A
from tests.factories import make_elder
from tests.homecare.conftest import FAR, HOME, at
from yiyang.homecare import figures as homecare_figures
from yiyang.homecare import services
from yiyang.homecare.models import ServiceOrder
from yiyang.workforce import services as workforce
from yiyang.workforce.figures import (
    certified_caregivers_and_elders,
    certified_per_10k_elders,
    training_rate,
)


def _visit(elder, code, hour, minutes, point, street_worker, dispatcher, worker, caregiver, clock):
    order = services.request_order(
        elder,
        provider=worker.employment.provider,
        data=services.OrderData(item_code=code, planned_start=at(hour), planned_minutes=minutes),
        actor=street_worker,
    )
    services.accept_order(order, actor=dispatcher)
    services.assign_order(order, caregiver=worker, actor=dispatcher)
    clock.move_to(at(hour))
    services.check_in(order, latitude=point[0], longitude=point[1], actor=caregiver)
    clock.shift(timedelta(minutes=minutes))
    services.check_out(order, actor=caregiver)
    return order


def test_figures_by_item_and_region_count_delivered_visits_only(
    elder, provider, items, street_worker, dispatcher, worker, caregiver, clock
):
    neighbour = make_elder(residence_region_id=COMMUNITY_A2, name="刘秀英", address="明珠1号")
    args = (street_worker, dispatcher, worker, caregiver, clock)
    _visit(elder, "clean_60", 9, 60, HOME, *args)
    _visit(elder, "clean_60", 11, 45, HOME, *args)
    _visit(neighbour, "bath_60", 14, 60, HOME, *args)
    rejected = _visit(elder, "clean_60", 16, 60, FAR, *args)
    services.review_visit(rejected, accept=False, reason="定位不符", actor=street_worker)
    delivered = ServiceOrder.objects.delivered(at(0), at(0, day=3))
    assert delivered.figures(by="item") == [
        {"group": "bath_60", "visits": 1, "minutes": 60, "elders": 1},
        {"group": "clean_60", "visits": 2, "minutes": 105, "elders": 1},
    ]
    assert delivered.figures(by="region", prefix_length=12) == [
        {"group": COMMUNITY_A1, "visits": 2, "minutes": 105, "elders": 1},
        {"group": COMMUNITY_A2, "visits": 1, "minutes": 60, "elders": 1},
    ]
    assert delivered.figures(by="provider") == [
        {"group": provider.pk, "visits": 3, "minutes": 165, "elders": 2}
    ]


def test_certified_caregivers_per_10000_elders_and_training_rate(
    elder, provider, dispatcher, worker
):
    # one certified caregiver (fixture `worker`, level 4) and one elder in street A
    assert certified_per_10k_elders(STREET_A[:9], on=date(2026, 3, 2)) == Decimal("10000.0")
    for number in range(3):
        make_elder(residence_region_id=COMMUNITY_A1, name=f"老人{number}")
    assert certified_per_10k_elders(STREET_A[:9], on=date(2026, 3, 2)) == Decimal("2500.0")
    assert certified_per_10k_elders("640381", on=date(2026, 3, 2)) is None
    assert training_rate(STREET_A[:9], on=date(2026, 3, 2)) == Decimal("0.000")
    workforce.record_training(
        worker, topic="失能照护", taken_on=date(2025, 6, 1), hours="8", actor=dispatcher
    )
    assert training_rate(STREET_A[:9], on=date(2026, 3, 2)) == Decimal("1.000")
    assert training_rate(STREET_A[:9], on=date(2026, 6, 2)) == Decimal("0.000")


def test_monthly_visits_hours_and_elders_served_by_region(
    elder, items, street_worker, dispatcher, worker, caregiver, clock
):
    # given on 2 March: two visits to the elder of 富平 (60 + 45 min), one to 明珠's (60 min),
    # and one rejected on review (it does not count)
    neighbour = make_elder(residence_region_id=COMMUNITY_A2, name="刘秀英", address="明珠1号")
    args = (street_worker, dispatcher, worker, caregiver, clock)
    _visit(elder, "clean_60", 9, 60, HOME, *args)
    _visit(elder, "clean_60", 11, 45, HOME, *args)
    _visit(neighbour, "bath_60", 14, 60, HOME, *args)
    rejected = _visit(elder, "clean_60", 16, 60, FAR, *args)
    services.review_visit(rejected, accept=False, reason="定位不符", actor=street_worker)
    march_2 = date(2026, 3, 2)

    # then per community: 2 visits, 1.75 h, 1 elder in 富平; 1, 1.00 h, 1 in 明珠
    assert homecare_figures.visits_in_month(within="", prefix_length=12, on=march_2) == {
        COMMUNITY_A1: (2, None),
        COMMUNITY_A2: (1, None),
    }
    assert homecare_figures.hours_in_month(within="", prefix_length=9, on=march_2) == {
        STREET_A[:9]: (Decimal("2.75"), None)
    }
    assert homecare_figures.elders_served_in_month(within="", prefix_length=9, on=march_2) == {
        STREET_A[:9]: (2, None)
    }
    # the month counts to the day: nothing on 1 March, nothing in April
    assert homecare_figures.visits_in_month(within="", prefix_length=9, on=date(2026, 3, 1)) == {}
    assert homecare_figures.visits_in_month(within="", prefix_length=9, on=date(2026, 4, 30)) == {}


def test_certified_caregivers_and_elders_by_region(elder, worker):
    # one certified caregiver (fixture `worker`, level 4) working in street A, one elder there
    counts = certified_caregivers_and_elders(within="", prefix_length=9, on=date(2026, 3, 2))
    assert counts[STREET_A[:9]] == (1, 1)
    # before the certificate was issued, none
    early = certified_caregivers_and_elders(within="", prefix_length=9, on=date(2000, 1, 1))
    assert early[STREET_A[:9]] == (0, 1)
