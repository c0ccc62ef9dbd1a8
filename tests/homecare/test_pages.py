"""Home-service pages: the dispatch board with reasons, the caregiver's day, the review queue and
an order's timeline, each step through its form."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse

from tests.homecare.conftest import FAR, HOME, at, hire
from yiyang.homecare import services
from yiyang.homecare.models import ServiceOrder
from yiyang.workforce.reasons import describe


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def bathing(elder, provider, street_worker, dispatcher, hour: int = 14):
    order = services.request_order(
        elder,
        provider=provider,
        data=services.OrderData(item_code="bath_60", planned_start=at(hour)),
        actor=street_worker,
    )
    return services.accept_order(order, actor=dispatcher)


def test_dispatch_board_shows_who_may_not_take_an_order_and_why(
    elder, provider, items, street_worker, dispatcher, worker
):
    novice = hire(provider, dispatcher, "新员工", 20)
    order = bathing(elder, provider, street_worker, dispatcher)
    response = client_of(dispatcher).get(reverse("homecare:dispatch_board"), {"day": "2026-03-02"})
    assert response.status_code == 200
    [(shown, choices)] = response.context["unassigned"]
    assert shown == order
    assert [(c.name, len(reasons)) for c, reasons in choices] == [("新员工", 2), ("李护理", 0)]
    assert novice.name in response.content.decode()


def test_dispatch_assign_through_the_board(
    elder, provider, items, street_worker, dispatcher, worker
):
    order = bathing(elder, provider, street_worker, dispatcher)
    response = client_of(dispatcher).post(
        reverse("homecare:dispatch_assign", args=[order.pk]), {"caregiver": worker.pk}
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.status, order.caregiver) == ("assigned", worker)


def test_unqualified_assignment_on_the_board_says_why_and_changes_nothing(
    elder, provider, items, street_worker, dispatcher
):
    novice = hire(provider, dispatcher, "新员工", 20)
    order = bathing(elder, provider, street_worker, dispatcher)
    response = client_of(dispatcher).post(
        reverse("homecare:dispatch_assign", args=[order.pk]), {"caregiver": novice.pk}, follow=True
    )
    [message] = [str(m) for m in response.context["messages"]]
    reasons = services.qualification_reasons(novice, order.item, on=order.planned_start.date())
    assert message == " ".join(describe(reason) for reason in reasons)
    order.refresh_from_db()
    assert (order.status, order.caregiver) == ("accepted", None)


def test_street_clerk_has_no_dispatch_board(street_worker, provider):
    assert client_of(street_worker).get(reverse("homecare:dispatch_board")).status_code == 403


def test_caregiver_day_check_in_and_out_by_phone(assigned, caregiver, clock):
    phone = client_of(caregiver)
    page = phone.get(reverse("homecare:today"))
    assert [visit for visit, *_rest in page.context["visits"]] == [assigned]
    assert page.context["visits"][0][1] == f"geo:{HOME[0]},{HOME[1]}"
    phone.post(
        reverse("homecare:visit_check_in", args=[assigned.pk]),
        {"latitude": str(FAR[0]), "longitude": str(FAR[1])},
    )
    clock.shift(timedelta(minutes=60))
    phone.post(reverse("homecare:visit_check_out", args=[assigned.pk]), {"note": "擦窗"})
    assigned.refresh_from_db()
    assert (assigned.status, assigned.visit_note, assigned.check_in_distance_m) == (
        "checked_out",
        "擦窗",
        500,
    )


def test_review_queue_and_rejection_from_the_order_page(assigned, caregiver, clock, street_worker):
    services.check_in(assigned, latitude=FAR[0], longitude=FAR[1], actor=caregiver)
    clock.shift(timedelta(minutes=60))
    services.check_out(assigned, actor=caregiver)
    clerk = client_of(street_worker)
    queue = clerk.get(reverse("homecare:review_queue"))
    assert list(queue.context["page"].object_list) == [ServiceOrder.objects.get(pk=assigned.pk)]
    clerk.post(
        reverse("homecare:order_step", args=[assigned.pk]),
        {"action": "review_reject", "reason": "定位不符"},
    )
    assigned.refresh_from_db()
    assert (assigned.review_status, assigned.review_reason) == ("rejected", "定位不符")
    assert list(clerk.get(reverse("homecare:review_queue")).context["page"].object_list) == []


def test_order_page_shows_the_timeline(assigned, street_worker):
    response = client_of(street_worker).get(reverse("homecare:order_detail", args=[assigned.pk]))
    assert [e.event_type for e in response.context["order"].events.all()] == [
        "requested",
        "accepted",
        "assigned",
    ]
    assert response.context["actions"] == ["assign", "check_in", "cancel", "unassign"]


def test_order_list_is_scoped(order, street_worker, other_street_worker):
    mine = client_of(street_worker).get(reverse("homecare:order_list"))
    theirs = client_of(other_street_worker).get(reverse("homecare:order_list"))
    assert list(mine.context["page"].object_list) == [order]
    assert list(theirs.context["page"].object_list) == []


def test_clerk_requests_an_order_and_a_plan_from_the_elder_page(
    elder, provider, items, street_worker
):
    clerk = client_of(street_worker)
    url = reverse("homecare:elder_services", args=[elder.pk])
    page = clerk.get(url)
    assert list(page.context["order_form"].fields["provider"].queryset) == [provider]
    body = {
        "kind": "order",
        "provider": provider.pk,
        "item": items["cleaning"].pk,
        "planned_start": "2026-03-03T09:00",
        "source": "hotline",
        "request_key": "tap-tap",
    }
    first = clerk.post(url, body)
    clerk.post(url, body)  # the double tap
    order = ServiceOrder.objects.get()
    assert first.url == reverse("homecare:order_detail", args=[order.pk])
    assert (order.source, order.item, order.planned_start) == (
        "hotline",
        items["cleaning"],
        at(9, day=3),
    )
    clerk.post(
        url,
        {
            "kind": "plan",
            "provider": provider.pk,
            "item": items["bathing"].pk,
            "weekdays": ["1", "3", "5"],
            "start_time": "15:00",
            "starts_on": "2026-03-02",
        },
    )
    [plan] = clerk.get(url).context["plans"]
    assert (plan.weekdays, plan.item) == ([1, 3, 5], items["bathing"])


def test_elder_page_refusal_is_shown_beside_the_form(other_elder, provider, items, city_admin):
    response = client_of(city_admin).post(
        reverse("homecare:elder_services", args=[other_elder.pk]),
        {
            "kind": "order",
            "provider": provider.pk,
            "item": items["cleaning"].pk,
            "planned_start": "2026-03-03T09:00",
            "source": "clerk",
        },
    )
    assert response.status_code == 200
    assert response.context["order_form"].errors["provider"] == [
        "该服务商的服务区域不包括老人所在社区。"
    ]
    assert ServiceOrder.objects.count() == 0
