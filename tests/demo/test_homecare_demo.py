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
    # the bedridden elder's bath goes to the two caregivers who may bathe, as a team
    bath = open_today.get(item__code="bathing_bedridden")
    first = plan.starts()[bath.pk][0]
    team = Caregiver.objects.filter(pk__in=[first, plan.partners()[first]])  # scoped: test
    assert set(team.values_list("name", flat=True)) == {"马秀芳", "杨桂兰"}


def test_a_bedridden_elders_baths_go_to_two_person_teams(demo_city):
    from yiyang.homecare import services
    from yiyang.homecare.models import ServiceItem

    item = ServiceItem.objects.get(code="bathing_bedridden")
    assert (item.category, item.caregivers_needed, item.minimum_skill_level) == ("bathing", 2, 4)
    price = item.prices.in_force(TODAY).get()
    assert (price.purchased_price_fen, price.price_fen) == (15000, 18000)
    baths = ServiceOrder.objects.filter(item=item).order_by("planned_start")  # scoped: test
    # every other day of the week, the same elder, each with a qualified pair
    assert [order.planned_start.day for order in baths] == [9, 11, 13, 15]
    assert len({order.elder_id for order in baths}) == 1
    for order in baths:
        day = order.planned_start.date()
        team = (order.caregiver, order.second_caregiver)
        assert None not in team
        assert team[0] != team[1]
        assert [services.qualification_reasons(c, item, on=day) for c in team] == [[], []]
    # the past baths were done by both, each checking in and out on her own phone
    past = [order for order in baths if order.planned_start.date() < TODAY]
    assert {order.status for order in past} <= {"checked_out", "confirmed"}
    assert all(
        order.second_checked_in_at < order.checked_in_at < order.checked_out_at
        and order.checked_out_at < order.second_checked_out_at
        for order in past
    )
    assert [
        list(order.events.filter(event_type__startswith="second_").values_list("event_type"))
        for order in past
    ] == [[("second_checked_in",), ("second_checked_out",)]] * 3
    assert baths.last().status == "assigned"  # today's: the team is on its way


def test_the_demo_caregivers_phone_shows_her_partner_today(demo_city):
    from django.test import Client

    from yiyang.core.models import User

    client = Client()
    client.force_login(User.objects.get(username="huli1"))
    page = client.get("/homecare/today/").content.decode()
    assert "两人服务，搭档：杨桂兰" in page
