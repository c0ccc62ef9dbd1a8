"""The demo city's home services in 胜利街道: a week of orders in every state, written once."""

from datetime import date

import pytest
import time_machine

from yiyang.demo.loader import load_demo_city
from yiyang.homecare.models import CarePlan, Provider, ServiceOrder, VisitFlag
from yiyang.workforce.models import Caregiver

TODAY = date(2026, 6, 15)
ELDERS = 400


@pytest.fixture
def demo_city(db):
    with time_machine.travel(TODAY, tick=False):
        yield load_demo_city(ELDERS, seed=3, today=TODAY)


def test_a_week_of_orders_in_every_state(demo_city):
    assert demo_city.homecare["providers"] == 2
    assert Caregiver.objects.count() == 4  # scoped: test
    assert CarePlan.objects.count() == 2  # scoped: test
    statuses = set(ServiceOrder.objects.values_list("status", flat=True))  # scoped: test
    assert {"accepted", "assigned", "checked_out", "confirmed"} <= statuses
    assert VisitFlag.objects.exists()
    assert ServiceOrder.objects.filter(review_status="pending").exists()  # scoped: test
    # today's orders are partly left on the dispatch board
    today = ServiceOrder.objects.on_day(TODAY)  # scoped: test
    assert today.filter(status="accepted").exists()
    assert today.filter(status="assigned", caregiver__user__username="huli1").exists()


def test_loading_again_creates_nothing(demo_city):
    before = ServiceOrder.objects.count()  # scoped: test
    with time_machine.travel(TODAY, tick=False):
        again = load_demo_city(ELDERS, seed=3, today=TODAY)
    assert again.homecare == {"providers": 0, "caregivers": 0, "orders": 0}
    assert ServiceOrder.objects.count() == before  # scoped: test
    assert Provider.objects.count() == 2


def test_the_dispatcher_can_plan_the_demo_day(demo_city, settings):
    from yiyang.core.models import User
    from yiyang.homecare import services

    settings.HOMECARE_PLAN_SECONDS = 0.3
    dispatcher = User.objects.get(username="fuwu")
    provider = Provider.objects.get(pk=dispatcher.provider_membership.provider_id)
    with time_machine.travel(TODAY, tick=False):
        plan = services.plan_day(provider, day=TODAY, actor=dispatcher)
    # every caregiver has a start place, and the open orders of the day find a caregiver
    open_today = ServiceOrder.objects.on_day(TODAY).filter(  # scoped: test
        provider=provider, status__in=["accepted", "assigned"]
    )
    assert len(plan.starts()) + len(plan.unplaced) == open_today.count()
    assert len(plan.starts()) > 0
