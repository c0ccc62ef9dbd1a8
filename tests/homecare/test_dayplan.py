"""The day plan on the dispatch board (issue 9): built from the orders and caregivers, qualified
caregivers only, continuity with the usual caregiver, lock, move, accept, re-plan during the day,
and the caregiver's phone in planned order."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import make_elder
from tests.homecare.conftest import COMMUNITY_A1, HOME, SHANGHAI, at, hire
from tests.homecare.test_pages import client_of
from yiyang.core.errors import DomainError
from yiyang.homecare import services
from yiyang.homecare.choices import DayPlanStatus
from yiyang.homecare.models import DayPlan, OrderEvent, ServiceOrder
from yiyang.workforce.reasons import describe

DAY = at(8).date()
NORTH = (HOME[0] + Decimal("0.009000"), HOME[1])  # about 1 km north of the elder's home
SOUTH = (HOME[0] - Decimal("0.009000"), HOME[1])


@pytest.fixture(autouse=True)
def _quick(settings):
    settings.HOMECARE_PLAN_SECONDS = 0.3


@pytest.fixture
def helper(provider, dispatcher):
    """A second caregiver without certificates: she may clean, not bathe."""
    return hire(provider, dispatcher, "王阿姨", 30)


@pytest.fixture
def team(worker, helper, dispatcher):
    """李护理 starts north of the elders, 王阿姨 south; both 08:00–17:00."""
    for person, place in ((worker, NORTH), (helper, SOUTH)):
        services.set_work_day(
            person,
            start_latitude=place[0],
            start_longitude=place[1],
            shift_starts_at=time(8),
            shift_ends_at=time(17),
            actor=dispatcher,
        )
    return worker, helper


def _elder(name: str, north_m: int = 0):
    return make_elder(
        residence_region_id=COMMUNITY_A1,
        name=name,
        address=f"{name}家",
        latitude=HOME[0] + Decimal(north_m) / Decimal(111_195),
        longitude=HOME[1],
    )


def _order(elder, provider, street_worker, dispatcher, code="clean_60", start=None):
    order = services.request_order(
        elder,
        provider=provider,
        data=services.OrderData(item_code=code, planned_start=start or at(9)),
        actor=street_worker,
    )
    return services.accept_order(order, actor=dispatcher)


def _where(plan: DayPlan) -> dict[int, int]:
    return {order: caregiver for order, (caregiver, _start) in plan.starts().items()}


def test_plan_gives_each_visit_to_a_qualified_caregiver_and_says_why_others_wait(
    elder, provider, items, street_worker, dispatcher, team, city_admin
):
    worker, _helper = team
    # given a bath near 王阿姨's start (only 李护理 may bathe), a cleaning, an order without a home
    # location, and an item no caregiver of the day is qualified for
    bath = _order(_elder("浴", north_m=-900), provider, street_worker, dispatcher, "bath_60")
    clean = _order(elder, provider, street_worker, dispatcher, start=at(11))
    nowhere = make_elder(residence_region_id=COMMUNITY_A1, name="无址", address="某处")
    unlocated = _order(nowhere, provider, street_worker, dispatcher)
    services.define_item(
        services.ItemData("nurse_60", "护理", "nursing", "visit", 60, 2, True), actor=city_admin
    )
    nursing = _order(_elder("护"), provider, street_worker, dispatcher, "nurse_60", at(10))

    plan = services.plan_day(provider, day=DAY, actor=dispatcher)

    assert _where(plan)[bath.pk] == worker.pk
    assert clean.pk in _where(plan)
    assert sorted((u["order"], u["reason"]) for u in plan.unplaced) == sorted(
        [(unlocated.pk, "no_location"), (nursing.pk, "no_skill")]
    )
    # each visit starts inside its window: the asked-for time ± the policy's 30 minutes
    for order_pk, (_caregiver, start) in plan.starts().items():
        asked = ServiceOrder.objects.get(pk=order_pk).planned_start.astimezone(SHANGHAI)
        assert abs(start - (asked.hour * 60 + asked.minute)) <= 30


def test_the_elders_usual_caregiver_keeps_her_visits_when_worth_the_detour(
    provider, items, street_worker, dispatcher, team, caregiver, clock, policy
):
    worker, helper = team
    # given an elder living 300 m south of the middle, nearer 王阿姨's start, whom 李护理 cleaned
    # for twice last week
    elder = _elder("常客", north_m=-300)
    for day in (23, 24):
        clock.move_to(datetime(2026, 2, day, 8, 0, tzinfo=SHANGHAI))
        start = datetime(2026, 2, day, 9, 0, tzinfo=SHANGHAI)
        past = _order(elder, provider, street_worker, dispatcher, start=start)
        services.assign_order(past, caregiver=worker, actor=dispatcher)
        services.check_in(past, actor=caregiver)
        clock.shift(timedelta(minutes=60))
        services.check_out(past, actor=caregiver)
    clock.move_to(at(8))
    today = _order(elder, provider, street_worker, dispatcher, start=at(14))

    # when continuity is worth 30 travel minutes (the policy's default), 李护理 keeps the elder
    plan = services.plan_day(provider, day=DAY, actor=dispatcher)
    assert _where(plan)[today.pk] == worker.pk

    # when the city sets it to 1 minute, the nearer 王阿姨 takes the visit
    policy.continuity_weight_minutes = 1
    policy.save(update_fields=["continuity_weight_minutes"])
    plan = services.plan_day(provider, day=DAY, actor=dispatcher)
    assert _where(plan)[today.pk] == helper.pk


def test_a_move_to_a_caregiver_not_allowed_is_refused_with_the_reason(
    elder, provider, items, street_worker, dispatcher, team
):
    _worker, helper = team
    bath = _order(elder, provider, street_worker, dispatcher, "bath_60")
    plan = services.plan_day(provider, day=DAY, actor=dispatcher)
    before = (plan.routes, plan.locks)

    with pytest.raises(DomainError) as refused:
        services.move_visit(plan, order_pk=bath.pk, caregiver=helper, actor=dispatcher)

    reasons = services.qualification_reasons(helper, bath.item, on=DAY)
    assert refused.value.message == " ".join(describe(r) for r in reasons)
    plan.refresh_from_db()
    assert (plan.routes, plan.locks) == before


def test_a_moved_visit_is_locked_and_stays_when_re_optimised(
    elder, provider, items, street_worker, dispatcher, team
):
    worker, helper = team
    # given a cleaning near 王阿姨's start, planned for her
    near_helper = _order(_elder("南", north_m=-900), provider, street_worker, dispatcher)
    plan = services.plan_day(provider, day=DAY, actor=dispatcher)
    assert _where(plan)[near_helper.pk] == helper.pk

    # when the dispatcher moves it to 李护理 and re-optimises
    plan = services.move_visit(plan, order_pk=near_helper.pk, caregiver=worker, actor=dispatcher)
    assert plan.locked() == {near_helper.pk: worker.pk}
    again = services.reoptimise(plan, actor=dispatcher)

    # then it stays with her, and the earlier proposal gives way
    assert _where(again)[near_helper.pk] == worker.pk
    assert again.locked() == {near_helper.pk: worker.pk}
    plan.refresh_from_db()
    assert plan.status == DayPlanStatus.SUPERSEDED


def test_lock_toggles(elder, provider, items, street_worker, dispatcher, team):
    order = _order(elder, provider, street_worker, dispatcher)
    plan = services.plan_day(provider, day=DAY, actor=dispatcher)
    caregiver = _where(plan)[order.pk]

    plan = services.lock_visit(plan, order_pk=order.pk, actor=dispatcher)
    assert plan.locked() == {order.pk: caregiver}
    plan = services.lock_visit(plan, order_pk=order.pk, actor=dispatcher)
    assert plan.locked() == {}


def test_accepting_assigns_through_the_order_steps_all_or_nothing(
    elder, provider, items, street_worker, dispatcher, team
):
    first = _order(elder, provider, street_worker, dispatcher)
    second = _order(_elder("二"), provider, street_worker, dispatcher, start=at(13))
    plan = services.plan_day(provider, day=DAY, actor=dispatcher)

    # when an order was cancelled after the plan was made, accepting is refused and assigns nothing
    services.cancel_order(second, reason="住院", actor=street_worker)
    with pytest.raises(DomainError):
        services.accept_plan(plan, actor=dispatcher)
    first.refresh_from_db()
    assert (first.status, first.caregiver_id) == ("accepted", None)

    # when planned again and accepted, each visit is assigned with its event
    plan = services.plan_day(provider, day=DAY, actor=dispatcher)
    plan = services.accept_plan(plan, actor=dispatcher)
    first.refresh_from_db()
    assert (first.status, first.caregiver_id) == ("assigned", _where(plan)[first.pk])
    assert OrderEvent.objects.filter(order=first, event_type="assigned").count() == 1
    assert plan.status == DayPlanStatus.ACCEPTED


def test_a_sick_caregivers_visits_not_started_go_to_others_and_the_change_is_listed(
    elder, provider, items, street_worker, dispatcher, team, clock
):
    worker, helper = team
    cleaning = _order(_elder("北", north_m=900), provider, street_worker, dispatcher, start=at(15))
    plan = services.plan_day(provider, day=DAY, actor=dispatcher)
    services.accept_plan(plan, actor=dispatcher)
    assert _where(plan)[cleaning.pk] == worker.pk

    clock.move_to(at(10))
    replanned = services.replan_rest_of_day(provider, day=DAY, sick=[worker], actor=dispatcher)

    assert _where(replanned)[cleaning.pk] == helper.pk
    [change] = replanned.changes
    assert (change["order"], change["before"][0], change["after"][0]) == (
        cleaning.pk,
        worker.pk,
        helper.pk,
    )
    services.accept_plan(replanned, actor=dispatcher)
    cleaning.refresh_from_db()
    assert cleaning.caregiver == helper


def test_the_board_shows_the_plan_and_the_phone_its_order(
    elder, provider, items, street_worker, dispatcher, team, caregiver
):
    worker, _helper = team
    late = _order(elder, provider, street_worker, dispatcher, start=at(15))
    early = _order(_elder("早", north_m=300), provider, street_worker, dispatcher, "bath_60")
    board = client_of(dispatcher)
    board.post(reverse("homecare:dayplan_step"), {"action": "plan", "day": DAY.isoformat()})
    plan = DayPlan.objects.get(status=DayPlanStatus.PROPOSED)
    page = board.get(reverse("homecare:dispatch_board"), {"day": DAY.isoformat()})
    assert {lane.caregiver.pk for lane in page.context["lanes"]} == {worker.pk, _helper.pk}
    assert [layer["name"] for layer in page.context["layers"]] == [
        lane.caregiver.name for lane in page.context["lanes"]
    ]
    assert {row.order for row in page.context["rows"]} == {late, early}

    board.post(
        reverse("homecare:dayplan_step"), {"action": "lock", "plan": plan.pk, "order": early.pk}
    )
    board.post(
        reverse("homecare:dayplan_step"),
        {"action": "move", "plan": plan.pk, "order": late.pk, "caregiver": worker.pk},
    )
    board.post(reverse("homecare:dayplan_step"), {"action": "accept", "plan": plan.pk})

    phone = client_of(caregiver).get(reverse("homecare:today"))
    assert [(visit, planned) for visit, _map, planned, *_her in phone.context["visits"]] == [
        (ServiceOrder.objects.get(pk=early.pk), _clock(plan, early)),
        (ServiceOrder.objects.get(pk=late.pk), _clock(plan, late)),
    ]


def _clock(plan: DayPlan, order) -> str:
    plan.refresh_from_db()
    minute = plan.starts()[order.pk][1]
    return f"{minute // 60:02d}:{minute % 60:02d}"
