"""A caregiver's break and travel mode on the dispatch board (issue 9): recorded with her start
place and shift, planned where she is, shown on her timeline, kept by a move."""

from __future__ import annotations

from datetime import time

import pytest
from django.urls import reverse

from tests.homecare.conftest import at
from tests.homecare.test_dayplan import DAY, NORTH, _order, _where, helper, team
from tests.homecare.test_pages import client_of
from yiyang.core.errors import DomainError
from yiyang.homecare import services
from yiyang.homecare.models import Employment

pytestmark = pytest.mark.django_db
__all__ = ["helper", "team"]  # fixtures of the day-plan tests, used here too


@pytest.fixture(autouse=True)
def _quick(settings):
    settings.HOMECARE_PLAN_SECONDS = 0.3


def _lunch(person, dispatcher, **extra):
    return services.set_work_day(
        person,
        start_latitude=NORTH[0],
        start_longitude=NORTH[1],
        shift_starts_at=time(8),
        shift_ends_at=time(17),
        break_minutes=30,
        break_from=time(11, 30),
        break_until=time(13, 30),
        actor=dispatcher,
        **extra,
    )


def test_a_break_outside_the_shift_or_longer_than_its_time_is_refused(worker, dispatcher, team):
    with pytest.raises(DomainError) as outside:
        services.set_work_day(
            worker,
            start_latitude=NORTH[0],
            start_longitude=NORTH[1],
            shift_starts_at=time(12),
            shift_ends_at=time(17),
            break_minutes=30,
            break_from=time(11, 30),
            break_until=time(13, 30),
            actor=dispatcher,
        )
    assert outside.value.field == "break_from"
    with pytest.raises(DomainError) as mode:
        _lunch(worker, dispatcher, travel_mode="horse")
    assert mode.value.field == "travel_mode"
    assert Employment.objects.get(caregiver=worker).break_minutes == 0  # nothing changed


def test_the_plan_keeps_her_break_and_the_board_draws_it(
    elder, provider, items, street_worker, dispatcher, team
):
    worker, helper = team
    _lunch(worker, dispatcher, travel_mode="car")
    _lunch(helper, dispatcher)
    # given two visits asked for 11:30 and 12:30 (windows ±30 min) at the same door
    first = _order(elder, provider, street_worker, dispatcher, start=at(11, 30))
    second = _order(elder, provider, street_worker, dispatcher, start=at(12, 30))

    plan = services.plan_day(provider, day=DAY, actor=dispatcher)

    assert set(_where(plan)) == {first.pk, second.pk}
    for route in plan.routes:
        if not route["visits"]:
            continue
        taken = route["break"]
        assert 11 * 60 + 30 <= taken["start"] <= 13 * 60
        ends = taken["start"] + 30
        for stop in route["visits"]:  # no visit overlaps her break
            assert stop["start"] + 60 <= taken["start"] or stop["start"] >= ends
    page = client_of(dispatcher).get(reverse("homecare:dispatch_board"), {"day": DAY.isoformat()})
    breaks = [s for lane in page.context["lanes"] for s in lane.segments if s.kind == "break"]
    assert len(breaks) == sum(1 for r in plan.routes if r["visits"])
    assert b"yy-tl-break" in page.content


def test_the_board_records_break_and_mode(worker, dispatcher, team):
    answer = client_of(dispatcher).post(
        reverse("homecare:dispatch_work_day", args=[worker.pk]),
        {
            "start_latitude": str(NORTH[0]),
            "start_longitude": str(NORTH[1]),
            "shift_starts_at": "08:00",
            "shift_ends_at": "17:00",
            "break_minutes": "45",
            "break_from": "12:00",
            "break_until": "14:00",
            "travel_mode": "walking",
        },
    )
    assert answer.status_code == 302
    employment = Employment.objects.get(caregiver=worker)
    assert (
        employment.break_minutes,
        employment.break_from,
        employment.break_until,
        employment.travel_mode,
    ) == (45, time(12), time(14), "walking")
