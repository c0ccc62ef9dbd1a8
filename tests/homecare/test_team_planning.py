"""Two-person visits on the day plan (issue 9, teams on the board): the planner sends two-person
orders as a team, accepting assigns both, locks and re-plans keep the team, a sick member breaks it."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

import pytest

from tests.factories import make_elder
from tests.homecare.conftest import COMMUNITY_A1, HOME, accepted_order, at
from yiyang.core.errors import DomainError
from yiyang.homecare import services
from yiyang.homecare.models import DayPlan, ServiceOrder

DAY = at(8).date()
NORTH = (HOME[0] + Decimal("0.009000"), HOME[1])  # about 1 km north of the elder's home
SOUTH = (HOME[0] - Decimal("0.009000"), HOME[1])


@pytest.fixture(autouse=True)
def _quick(settings):
    settings.HOMECARE_PLAN_SECONDS = 0.3


@pytest.fixture
def day_team(worker, partner, helper, dispatcher):
    """李护理 and 陈护理 start north, 王阿姨 south; all 08:00–17:00."""
    for person, place in ((worker, NORTH), (partner, NORTH), (helper, SOUTH)):
        services.set_work_day(
            person,
            start_latitude=place[0],
            start_longitude=place[1],
            shift_starts_at=time(8),
            shift_ends_at=time(17),
            actor=dispatcher,
        )
    return worker, partner, helper


def _elder(name: str, north_m: int = 0):
    return make_elder(
        residence_region_id=COMMUNITY_A1,
        name=name,
        address=f"{name}家",
        latitude=HOME[0] + Decimal(north_m) / Decimal(111_195),
        longitude=HOME[1],
    )


def test_the_planner_sends_a_team_and_accepting_assigns_both(
    bath, provider, street_worker, dispatcher, day_team
):
    worker, partner, _helper = day_team
    clean = accepted_order(
        _elder("洁", -500), provider, street_worker, dispatcher, "clean_60", at(11)
    )

    plan = services.plan_day(provider, day=DAY, actor=dispatcher)

    routes = {r["caregiver"]: r for r in plan.routes}
    team = [r for r in plan.routes if r.get("partner")]
    assert len(team) == 1
    assert {team[0]["caregiver"], team[0]["partner"]} == {worker.pk, partner.pk}
    assert bath.pk in [s["order"] for s in team[0]["visits"]]
    assert plan.unplaced == []
    assert clean.pk in [s["order"] for r in routes.values() for s in r["visits"]]

    services.accept_plan(plan, actor=dispatcher)

    order = ServiceOrder.objects.get(pk=bath.pk)
    assert (order.status, order.caregiver_id, order.second_caregiver_id) == (
        "assigned",
        team[0]["caregiver"],
        team[0]["partner"],
    )
    # a one-person visit is never given a second caregiver
    assert ServiceOrder.objects.get(pk=clean.pk).second_caregiver_id is None


def test_no_team_no_plan_with_the_reason(bath, provider, dispatcher, worker, helper):
    # only 李护理 may bathe: no team can be formed
    for person, place in ((worker, NORTH), (helper, SOUTH)):
        services.set_work_day(
            person, start_latitude=place[0], start_longitude=place[1],
            shift_starts_at=time(8), shift_ends_at=time(17), actor=dispatcher,
        )  # fmt: skip

    plan = services.plan_day(provider, day=DAY, actor=dispatcher)

    assert plan.unplaced == [{"order": bath.pk, "reason": "no_team"}]
    assert all(not r.get("partner") for r in plan.routes)


def test_a_locked_team_visit_stays_with_the_team_when_re_optimised(
    bath, provider, dispatcher, day_team
):
    plan = services.plan_day(provider, day=DAY, actor=dispatcher)
    first = next(r for r in plan.routes if r.get("partner"))
    plan = services.lock_visit(plan, order_pk=bath.pk, actor=dispatcher)

    again = services.reoptimise(plan, actor=dispatcher)

    team = next(r for r in again.routes if r.get("partner"))
    assert (team["caregiver"], team["partner"]) == (first["caregiver"], first["partner"])
    assert again.locks == {str(bath.pk): first["caregiver"]}
    assert bath.pk in [s["order"] for s in team["visits"]]


def test_a_two_person_visit_cannot_be_moved_to_one_caregiver_by_hand(
    bath, provider, dispatcher, day_team
):
    _worker, _partner, helper = day_team
    plan = services.plan_day(provider, day=DAY, actor=dispatcher)
    with pytest.raises(DomainError) as refused:
        services.move_visit(plan, order_pk=bath.pk, caregiver=helper, actor=dispatcher)
    assert refused.value.field == "order"
    assert DayPlan.objects.get(pk=plan.pk).routes == plan.routes


def test_a_sick_team_member_breaks_the_pair_and_the_visit_waits(
    bath, provider, dispatcher, day_team, clock
):
    plan = services.accept_plan(
        services.plan_day(provider, day=DAY, actor=dispatcher), actor=dispatcher
    )
    team = next(r for r in plan.routes if r.get("partner"))
    sick = ServiceOrder.objects.get(pk=bath.pk).second_caregiver

    replanned = services.replan_rest_of_day(provider, day=DAY, sick=[sick], actor=dispatcher)

    assert all(not r.get("partner") for r in replanned.routes)
    entry = next(u for u in replanned.unplaced if u["order"] == bath.pk)
    assert (entry["reason"], entry["off_sick"]) == ("no_team", team["partner"])
    services.accept_plan(replanned, actor=dispatcher)
    order = ServiceOrder.objects.get(pk=bath.pk)
    assert (order.status, order.caregiver_id, order.second_caregiver_id) == ("accepted", None, None)


def test_a_re_plan_keeps_the_mornings_team(bath, provider, dispatcher, day_team):
    plan = services.accept_plan(
        services.plan_day(provider, day=DAY, actor=dispatcher), actor=dispatcher
    )
    team = next(r for r in plan.routes if r.get("partner"))

    replanned = services.replan_rest_of_day(provider, day=DAY, sick=[], actor=dispatcher)

    kept = next(r for r in replanned.routes if r.get("partner"))
    assert (kept["caregiver"], kept["partner"]) == (team["caregiver"], team["partner"])
    assert bath.pk in [s["order"] for s in kept["visits"]]
    assert replanned.changes == []
