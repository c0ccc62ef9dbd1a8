"""Urgent orders placed first by the day plan, taking a visit back from a caregiver off sick (the
unassign step, its API and board door, the sick re-plan that uses it), and a routing server's
travel minutes named by a setting (issue 9)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from tests.api.conftest import JsonClient
from tests.homecare.conftest import at
from tests.homecare.test_dayplan import DAY, _elder, _order, _where, helper, team
from tests.homecare.test_pages import client_of
from yiyang.core.errors import DomainError
from yiyang.homecare import services
from yiyang.homecare.models import DayPlan, OrderEvent, ServiceOrder

pytestmark = pytest.mark.django_db
__all__ = ["helper", "team"]  # fixtures of the day-plan tests, used here too


@pytest.fixture(autouse=True)
def _quick(settings):
    settings.HOMECARE_PLAN_SECONDS = 0.3


def _urgent(order):
    ServiceOrder.objects.filter(pk=order.pk).update(is_urgent=True)
    return order


def test_an_urgent_visit_is_placed_before_a_nearer_ordinary_one(
    provider, items, street_worker, dispatcher, team
):
    # given two baths asked for 09:00 (only 李护理 may bathe; she fits one of them): an
    # ordinary one next to her start and an urgent one 2 km south
    near = _order(_elder("近", north_m=900), provider, street_worker, dispatcher, "bath_60")
    far = _order(_elder("远", north_m=-2000), provider, street_worker, dispatcher, "bath_60")

    ordinary = services.plan_day(provider, day=DAY, actor=dispatcher)
    assert (set(_where(ordinary)), [u["order"] for u in ordinary.unplaced]) == (
        {near.pk},
        [far.pk],
    )

    _urgent(far)
    urgent = services.plan_day(provider, day=DAY, actor=dispatcher)

    assert set(_where(urgent)) == {far.pk}
    assert urgent.unplaced == [{"order": near.pk, "reason": "no_room"}]


def test_an_order_is_requested_urgent_through_the_api_and_the_form(
    elder, provider, items, street_worker
):
    answer = JsonClient(street_worker).post(
        "/service-orders/",
        {
            "elder_pk": elder.pk,
            "provider_pk": provider.pk,
            "item_code": "clean_60",
            "planned_start": "2026-03-02T09:00:00+08:00",
            "is_urgent": True,
        },
    )
    assert (answer.status_code, answer.json()["is_urgent"]) == (201, True)

    page = client_of(street_worker).post(
        reverse("homecare:elder_services", args=[elder.pk]),
        {
            "kind": "order",
            "provider": provider.pk,
            "item": items["cleaning"].pk,
            "planned_start": "2026-03-02T10:00",
            "source": "clerk",
            "is_urgent": "on",
        },
    )
    assert page.status_code == 302
    assert list(
        ServiceOrder.objects.filter(elder=elder).order_by("pk").values_list("is_urgent", flat=True)
    ) == [True, True]


def test_unassign_takes_the_visit_back_with_reason_time_and_who(
    assigned, dispatcher, worker, clock
):
    # a reason is needed, and nothing changes without one
    with pytest.raises(DomainError) as refused:
        services.unassign_order(assigned, reason="  ", actor=dispatcher)
    assert refused.value.field == "reason"
    assigned.refresh_from_db()
    assert (assigned.status, assigned.caregiver_id) == ("assigned", worker.pk)

    order = services.unassign_order(assigned, reason="李护理病假", actor=dispatcher)

    assert (order.status, order.caregiver_id) == ("accepted", None)
    event = OrderEvent.objects.get(order=order, event_type="unassigned")
    assert (event.old_status, event.new_status, event.reason, event.actor_id) == (
        "assigned",
        "accepted",
        "李护理病假",
        dispatcher.pk,
    )
    assert event.data == {"previous_caregiver": worker.pk}
    assert event.created_at is not None
    # only an assigned visit can be unassigned; the double tap is one step
    again = services.unassign_order(order, reason="李护理病假", actor=dispatcher)
    assert OrderEvent.objects.filter(order=again, event_type="unassigned").count() == 1
    services.cancel_order(order, reason="住院", actor=dispatcher)
    with pytest.raises(DomainError):
        services.unassign_order(order, reason="病假", actor=dispatcher)


@pytest.mark.urls("tests.api.urls")
def test_unassign_over_http_needs_the_dispatch_permission(assigned, dispatcher, caregiver):
    refused = JsonClient(caregiver).post(
        f"/service-orders/{assigned.pk}/unassign", {"reason": "病假"}
    )
    assert refused.status_code in (403, 404)
    assigned.refresh_from_db()
    assert assigned.status == "assigned"

    answer = JsonClient(dispatcher).post(
        f"/service-orders/{assigned.pk}/unassign", {"reason": "病假"}
    )

    assert (answer.status_code, answer.json()["status"], answer.json()["caregiver_pk"]) == (
        200,
        "accepted",
        None,
    )


def test_a_sick_caregivers_visit_no_one_else_may_do_is_unassigned_on_accepting_the_re_plan(
    provider, items, street_worker, dispatcher, team, clock
):
    worker, helper = team
    # given a bath (only 李护理 may bathe) and a cleaning in the afternoon, planned and accepted
    bath = _order(_elder("浴", north_m=600), provider, street_worker, dispatcher, "bath_60", at(15))
    cleaning = _order(_elder("洁", north_m=900), provider, street_worker, dispatcher, start=at(14))
    plan = services.plan_day(provider, day=DAY, actor=dispatcher)
    services.accept_plan(plan, actor=dispatcher)
    bath.refresh_from_db()
    assert bath.caregiver == worker

    # when 李护理 falls ill at 10:00 and the rest of the day is planned again
    clock.move_to(at(10))
    replanned = services.replan_rest_of_day(provider, day=DAY, sick=[worker], actor=dispatcher)

    # then the bath is listed unplaced, still hers, and the board says so with a button
    assert replanned.unplaced == [{"order": bath.pk, "reason": "no_skill", "off_sick": worker.pk}]
    assert _where(replanned) == {cleaning.pk: helper.pk}
    board = client_of(dispatcher).get(reverse("homecare:dispatch_board"), {"day": DAY.isoformat()})
    [row] = [row for row in board.context["rows"] if row.order.pk == bath.pk]
    assert (row.caregiver, row.assigned_to, row.is_off_sick) == (None, worker, True)
    assert b"yy-unassign" in board.content

    # and accepting the re-plan takes the bath back from her, with the reason
    services.accept_plan(replanned, actor=dispatcher)
    bath.refresh_from_db()
    assert (bath.status, bath.caregiver_id) == ("accepted", None)
    event = OrderEvent.objects.get(order=bath, event_type="unassigned")
    assert worker.name in event.reason
    assert event.actor_id == dispatcher.pk


def test_the_board_unassigns_a_visit_by_hand(assigned, provider, dispatcher, worker):
    board = client_of(dispatcher)
    answer = board.post(
        reverse("homecare:dayplan_step"),
        {"action": "unassign", "order": assigned.pk, "reason": "病假", "day": DAY.isoformat()},
    )
    assert answer.status_code == 302
    assigned.refresh_from_db()
    assert (assigned.status, assigned.caregiver_id) == ("accepted", None)
    assert DayPlan.objects.count() == 0


def test_the_board_plans_with_a_routing_servers_minutes_when_the_setting_names_a_file(
    elder, provider, items, street_worker, dispatcher, team, settings, tmp_path
):
    worker, helper = team
    order = _order(elder, provider, street_worker, dispatcher)
    places = [
        [float(p.employment.start_latitude), float(p.employment.start_longitude)]
        for p in (worker, helper)
    ] + [[float(order.home_latitude), float(order.home_longitude)]]
    # the river lies between 王阿姨 and the elder: 50 minutes; 李护理 is 5 minutes away
    matrix = tmp_path / "minutes.json"
    matrix.write_text(
        json.dumps({"points": places, "minutes": {"default": [[0, 9, 5], [9, 0, 50], [5, 50, 0]]}})
    )
    settings.HOMECARE_TRAVEL_MATRIX = str(matrix)

    plan = services.plan_day(provider, day=DAY, actor=dispatcher)

    assert _where(plan) == {order.pk: worker.pk}
    assert plan.travel_minutes == 10
    # a place the file lacks is refused with the reason
    matrix.write_text(json.dumps({"points": places[:2], "minutes": {"default": [[0, 9], [9, 0]]}}))
    with pytest.raises(DomainError) as refused:
        services.plan_day(provider, day=DAY, actor=dispatcher)
    assert "not in the travel matrix" in refused.value.message
