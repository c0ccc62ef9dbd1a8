"""Plan notices for two-person visits (issue 9): the second caregiver of a visit has it on her
round as much as the first, so she is told when it is given to her, taken back, cancelled or
moved, and accepting a plan that gives a visit to a team tells each member once."""

from __future__ import annotations

from datetime import time

import pytest
from django.urls import reverse

from tests.homecare.conftest import at
from tests.homecare.test_pages import client_of
from tests.homecare.test_team_planning import NORTH
from tests.homecare.test_teams import _second
from yiyang.homecare import services
from yiyang.homecare.models import DayPlan, PlanNotice, ServiceOrder

DAY = at(8).date()


@pytest.fixture(autouse=True)
def _quick(settings):
    settings.HOMECARE_PLAN_SECONDS = 0.3


def _told(**filters) -> dict[int, tuple[str, list[tuple]]]:
    """Pending notices by caregiver: (cause, [(kind, order, start, before)])."""
    pending = PlanNotice.objects.filter(acknowledged_at__isnull=True, **filters).order_by("pk")
    told: dict[int, tuple[str, list[tuple]]] = {}
    for notice in pending:
        assert notice.caregiver_id not in told, "one notice per caregiver and change"
        lines = [(li["kind"], li["order"], li["start"], li["before"]) for li in notice.lines]
        told[notice.caregiver_id] = (notice.cause, lines)
    return told


def _team_plan(provider, dispatcher, first, second, stops) -> DayPlan:
    """A proposed plan with one team route, as the optimiser writes it (the team under its first
    member, `partner` the second)."""
    return DayPlan.objects.create(
        provider=provider,
        day=DAY,
        created_by=dispatcher,
        routes=[
            {
                "caregiver": first.pk,
                "partner": second.pk,
                "visits": [{"order": o.pk, "start": m} for o, m in stops],
            }
        ],
    )


def _acknowledge_all() -> None:
    PlanNotice.objects.update(acknowledged_at=at(8))


def test_both_members_are_told_when_a_two_person_visit_is_given_to_them(paired, worker, partner):
    assert _told() == {
        worker.pk: ("assigned", [("added", paired.pk, 540, None)]),
        partner.pk: ("assigned", [("added", paired.pk, 540, None)]),
    }


def test_taking_a_two_person_visit_back_tells_both(paired, dispatcher, worker, partner):
    _acknowledge_all()

    services.unassign_order(paired, reason="陈护理病假", actor=dispatcher)

    assert _told() == {
        worker.pk: ("unassigned", [("removed", paired.pk, 540, None)]),
        partner.pk: ("unassigned", [("removed", paired.pk, 540, None)]),
    }


def test_cancelling_a_two_person_visit_tells_both(paired, street_worker, worker, partner):
    _acknowledge_all()

    services.cancel_order(paired, reason="住院", actor=street_worker)

    assert _told() == {
        worker.pk: ("cancelled", [("removed", paired.pk, 540, None)]),
        partner.pk: ("cancelled", [("removed", paired.pk, 540, None)]),
    }


def test_a_new_second_caregiver_is_told_and_so_is_the_one_she_replaces_not_the_first(
    paired, dispatcher, worker, partner
):
    _acknowledge_all()
    other = _second(paired, dispatcher)

    services.assign_order(paired, caregiver=worker, second_caregiver=other, actor=dispatcher)

    assert _told() == {
        partner.pk: ("assigned", [("removed", paired.pk, 540, None)]),
        other.pk: ("assigned", [("added", paired.pk, 540, None)]),
    }


def test_a_team_swapping_first_and_second_is_not_told(paired, dispatcher, worker, partner):
    _acknowledge_all()

    services.assign_order(paired, caregiver=partner, second_caregiver=worker, actor=dispatcher)

    assert ServiceOrder.objects.get(pk=paired.pk).caregiver_id == partner.pk
    assert _told() == {}


def test_accepting_a_plan_that_gives_a_visit_to_a_team_tells_each_member_once(
    bath, provider, dispatcher, worker, partner
):
    plan = _team_plan(provider, dispatcher, worker, partner, [(bath, 570)])

    services.accept_plan(plan, actor=dispatcher)

    assert _told(plan=plan) == {
        worker.pk: ("plan_accepted", [("added", bath.pk, 570, None)]),
        partner.pk: ("plan_accepted", [("added", bath.pk, 570, None)]),
    }
    assert PlanNotice.objects.count() == 2


def test_a_plan_moving_a_two_person_visit_tells_both_of_the_new_time(
    paired, provider, dispatcher, worker, partner
):
    _acknowledge_all()
    plan = _team_plan(provider, dispatcher, worker, partner, [(paired, 600)])

    services.accept_plan(plan, actor=dispatcher)

    assert _told() == {
        worker.pk: ("plan_accepted", [("moved", paired.pk, 600, 540)]),
        partner.pk: ("plan_accepted", [("moved", paired.pk, 600, 540)]),
    }


def test_accepting_a_re_plan_that_breaks_a_sick_members_team_tells_both_once(
    bath, provider, dispatcher, worker, partner
):
    for person in (worker, partner):
        services.set_work_day(
            person, start_latitude=NORTH[0], start_longitude=NORTH[1],
            shift_starts_at=time(8), shift_ends_at=time(17), actor=dispatcher,
        )  # fmt: skip
    plan = services.accept_plan(
        services.plan_day(provider, day=DAY, actor=dispatcher), actor=dispatcher
    )
    order = ServiceOrder.objects.get(pk=bath.pk)
    first, sick = order.caregiver_id, order.second_caregiver_id
    start = plan.starts()[bath.pk][1]
    _acknowledge_all()

    replanned = services.replan_rest_of_day(
        provider, day=DAY, sick=[order.second_caregiver], actor=dispatcher
    )
    services.accept_plan(replanned, actor=dispatcher)

    told = _told(plan=replanned)
    assert told[first] == ("plan_accepted", [("removed", bath.pk, start, None)])
    assert told[sick] == ("plan_accepted", [("removed", bath.pk, start, None)])
    assert PlanNotice.objects.filter(acknowledged_at__isnull=True).count() == len(told)


@pytest.mark.parametrize("url", ["homecare:today", "homecare:today_changes"])
def test_her_phone_shows_the_notice_beside_her_partner_and_her_own_buttons(
    url, paired, partner_user
):
    """The polled part renders the two-person visit as the full page does."""
    page = client_of(partner_user).get(reverse(url), {"seen": "stale"})

    assert page.status_code == 200
    body = page.content.decode()
    assert "您的排班有变化" in body
    assert "新增 1 单：张秀兰 09:00 卧床助浴" in body
    assert "两人服务，搭档：李护理" in body
    assert "有变动" in body
    assert reverse("homecare:visit_check_in", args=[paired.pk]) in body
    assert [
        (visit.pk, partner, step) for visit, _m, _p, partner, step, _s in page.context["visits"]
    ] == [(paired.pk, "李护理", "check_in")]
    assert page.context["changed"] == {paired.pk}
