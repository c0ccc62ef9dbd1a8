"""Two-person visits (issue 9, teams on the board): the catalogue says an item needs two
caregivers, an order takes a second one under the same rules as the first, both check in and out
on their own phones; the day planner's teams are in test_team_planning.py."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.api.conftest import JsonClient
from tests.conftest import STREET_A, _user
from tests.factories import make_id_number
from tests.homecare.conftest import FAR, HOME, accepted_order, at, hire
from tests.homecare.test_pages import client_of
from yiyang.core.errors import DomainError
from yiyang.core.models import ChangeRecord
from yiyang.core.roles import Role
from yiyang.homecare import services
from yiyang.homecare.models import OrderEvent, ServiceItem, ServiceOrder
from yiyang.workforce import services as workforce
from yiyang.workforce.reasons import describe
from yiyang.workforce.services import CaregiverData

DAY = at(8).date()


# --- the catalogue ---------------------------------------------------------------------------


def test_an_item_says_how_many_caregivers_it_needs(two_person, city_admin):
    assert ServiceItem.objects.get(code="bath_two").caregivers_needed == 2
    assert ServiceItem.objects.get(code="clean_60").caregivers_needed == 1
    with pytest.raises(DomainError) as refused:
        services.define_item(
            services.ItemData("lift_3", "三人搬运", "mobility", "visit", 30, caregivers_needed=3),
            actor=city_admin,
        )
    assert (refused.value.field, refused.value.message) == (
        "caregivers_needed",
        "一次服务需要一名或两名护理员。",
    )
    assert not ServiceItem.objects.filter(code="lift_3").exists()


# --- assignment --------------------------------------------------------------------------------


def test_a_two_person_visit_is_assigned_to_both(paired, worker, partner):
    order = ServiceOrder.objects.get(pk=paired.pk)
    assert (order.status, order.caregiver_id, order.second_caregiver_id) == (
        "assigned",
        worker.pk,
        partner.pk,
    )
    event = OrderEvent.objects.filter(order=order, event_type="assigned").get()
    assert event.data == {
        "caregiver": worker.pk,
        "previous_caregiver": None,
        "second_caregiver": partner.pk,
        "previous_second_caregiver": None,
    }


@pytest.mark.parametrize(
    ("case", "message"),
    [
        pytest.param("no_second", "这项服务需要两名护理员：请同时选择第二名护理员。", id="no_second_case"),
        pytest.param("same_person", "请选择另一人作为第二名护理员。", id="same_person_case"),
        pytest.param("unqualified", None, id="unqualified_case"),
        pytest.param("suspended", None, id="suspended_case"),
        pytest.param("not_employed", "请选择该服务商聘用的护理员。", id="not_employed_case"),
    ],
)  # fmt: skip
def test_the_second_caregiver_is_held_to_the_first_ones_rules(
    case, message, bath, worker, partner, helper, dispatcher
):
    if case == "suspended":
        workforce.set_caregiver_status(partner, status="suspended", reason="停职", actor=dispatcher)
        partner.refresh_from_db()
    second = {
        "no_second": None,
        "same_person": worker,
        "unqualified": helper,
        "suspended": partner,
        "not_employed": _not_employed(dispatcher),
    }[case]
    events = OrderEvent.objects.filter(order=bath).count()
    with pytest.raises(DomainError) as refused:
        services.assign_order(bath, caregiver=worker, second_caregiver=second, actor=dispatcher)
    assert refused.value.field == "second_caregiver"
    expected = message or " ".join(
        describe(r) for r in services.qualification_reasons(second, bath.item, on=DAY)
    )
    assert expected
    assert refused.value.message == expected
    order = ServiceOrder.objects.get(pk=bath.pk)
    assert (order.status, order.caregiver_id, order.second_caregiver_id) == ("accepted", None, None)
    assert OrderEvent.objects.filter(order=bath).count() == events


def _not_employed(dispatcher):
    """A caregiver on the register whom the provider does not employ."""
    return workforce.register_caregiver(
        CaregiverData(
            name="外人",
            id_number=make_id_number(date(1980, 1, 1), male=False, sequence=77),
            phone="13800009999",
            region_code=STREET_A,
        ),
        actor=dispatcher,
    )


def test_a_one_person_visit_takes_no_second_caregiver(
    elder, provider, street_worker, dispatcher, items, worker, helper
):
    clean = accepted_order(elder, provider, street_worker, dispatcher, code="clean_60")
    with pytest.raises(DomainError) as refused:
        services.assign_order(clean, caregiver=worker, second_caregiver=helper, actor=dispatcher)
    assert refused.value.field == "second_caregiver"
    assert ServiceOrder.objects.get(pk=clean.pk).caregiver_id is None


def test_unassigning_a_two_person_visit_takes_it_from_both(paired, dispatcher, worker, partner):
    services.unassign_order(paired, reason="陈护理病假", actor=dispatcher)
    order = ServiceOrder.objects.get(pk=paired.pk)
    assert (order.status, order.caregiver_id, order.second_caregiver_id) == ("accepted", None, None)
    event = OrderEvent.objects.filter(order=order, event_type="unassigned").get()
    assert event.data == {"previous_caregiver": worker.pk, "previous_second_caregiver": partner.pk}


def test_assign_all_gives_a_two_person_visit_two_free_caregivers(
    bath, provider, dispatcher, worker, partner, helper
):
    proposals = services.assign_all(provider, day=DAY, actor=dispatcher)
    assert [(p.order.pk, p.caregiver, p.second_caregiver) for p in proposals] == [
        (bath.pk, worker, partner)
    ]
    order = ServiceOrder.objects.get(pk=bath.pk)
    assert {order.caregiver_id, order.second_caregiver_id} == {worker.pk, partner.pk}


# --- the visit (EVV) ---------------------------------------------------------------------------


def test_both_check_in_and_out_on_their_own_phones(paired, caregiver, partner_user, clock, policy):
    # the second caregiver arrives first, 500 m off; the visit waits for the first
    clock.move_to(at(8, 58))
    services.check_in(paired, latitude=FAR[0], longitude=FAR[1], actor=partner_user)
    order = ServiceOrder.objects.get(pk=paired.pk)
    assert (order.status, order.second_checked_in_at, order.second_check_in_distance_m) == (
        "assigned",
        at(8, 58),
        500,
    )
    assert order.checked_in_at is None
    # the first caregiver checks in at home and out an hour later: the visit is done
    clock.move_to(at(9))
    services.check_in(order, latitude=HOME[0], longitude=HOME[1], actor=caregiver)
    clock.move_to(at(10))
    services.check_out(order, actor=caregiver)
    order = ServiceOrder.objects.get(pk=paired.pk)
    assert (order.status, order.actual_minutes, order.check_in_distance_m) == (
        "checked_out",
        60,
        0,
    )
    # the second checks out a little later: kept, the status stays the first's
    clock.move_to(at(10, 5))
    services.check_out(order, latitude=HOME[0], longitude=HOME[1], actor=partner_user)
    order = ServiceOrder.objects.get(pk=paired.pk)
    assert (order.status, order.second_checked_out_at, order.second_check_out_latitude) == (
        "checked_out",
        at(10, 5),
        HOME[0],
    )
    assert list(
        OrderEvent.objects.filter(order=order)
        .order_by("created_at", "pk")
        .values_list("event_type", "actor__username")
    )[-4:] == [
        ("second_checked_in", "caregiver2"),
        ("checked_in", "caregiver"),
        ("checked_out", "caregiver"),
        ("second_checked_out", "caregiver2"),
    ]
    audited = ChangeRecord.objects.filter(object_pk=str(order.pk), actor=partner_user)
    assert audited.count() == 2


def test_the_second_caregivers_double_tap_and_wrong_steps(
    paired, partner_user, caregiver, clock, policy
):
    with pytest.raises(DomainError) as early:
        services.check_out(paired, actor=partner_user)
    assert early.value.field == "status"
    services.check_in(paired, actor=partner_user)
    services.check_in(paired, actor=partner_user)  # a double tap
    assert OrderEvent.objects.filter(order=paired, event_type="second_checked_in").count() == 1
    # her check-in does not count as the visit's: the first caregiver still checks in
    order = ServiceOrder.objects.get(pk=paired.pk)
    assert order.status == "assigned"


def test_a_short_two_person_visit_still_goes_to_review(paired, caregiver, partner_user, clock):
    clock.move_to(at(9))
    services.check_in(paired, latitude=HOME[0], longitude=HOME[1], actor=partner_user)
    services.check_in(paired, latitude=HOME[0], longitude=HOME[1], actor=caregiver)
    clock.move_to(at(9, 20))
    services.check_out(paired, duration_reason="老人不适，提前结束", actor=caregiver)
    order = ServiceOrder.objects.get(pk=paired.pk)
    assert (order.status, order.review_status) == ("checked_out", "pending")
    assert list(order.flags.values_list("kind", flat=True)) == ["too_short"]


def test_a_caregiver_not_on_the_visit_cannot_check_in(bath, worker, helper, dispatcher, regions):
    clean_bath = services.assign_order(
        bath, caregiver=worker, second_caregiver=_second(bath, dispatcher), actor=dispatcher
    )
    stranger = _user("caregiver3", Role.CAREGIVER, STREET_A)
    assert not ServiceOrder.objects.visible_to(stranger).filter(pk=clean_bath.pk).exists()
    with pytest.raises(DomainError):
        services.check_in(clean_bath, actor=stranger)
    order = ServiceOrder.objects.get(pk=clean_bath.pk)
    assert (order.second_checked_in_at, order.checked_in_at) == (None, None)


def _second(order, dispatcher):
    person = hire(order.provider, dispatcher, "周护理", 40)
    workforce.add_certificate(
        person, kind="skill", skill_level=3, number="SK-4", issued_on=date(2024, 1, 1),
        actor=dispatcher,
    )  # fmt: skip
    workforce.add_certificate(
        person, kind="health", number="HC-4", issued_on=date(2025, 6, 1),
        expires_on=date(2026, 12, 31), actor=dispatcher,
    )  # fmt: skip
    return person


def test_the_second_caregiver_sees_the_visit_on_her_phone_with_her_partner(
    paired, partner_user, caregiver
):
    page = client_of(partner_user).get("/homecare/today/")
    assert page.status_code == 200
    assert [
        (visit.pk, partner, step) for visit, _m, _p, partner, step, _s in page.context["visits"]
    ] == [(paired.pk, "李护理", "check_in")]
    assert "两人服务，搭档：李护理" in page.content.decode()
    first = client_of(caregiver).get("/homecare/today/")
    assert [(partner, step) for _v, _m, _p, partner, step, _s in first.context["visits"]] == [
        ("陈护理", "check_in")
    ]


def test_the_order_page_shows_both_caregivers(paired, street_worker, partner_user, clock):
    clock.move_to(at(9, 2))
    services.check_in(paired, latitude=HOME[0], longitude=HOME[1], actor=partner_user)
    page = client_of(street_worker).get(f"/homecare/orders/{paired.pk}/").content.decode()
    assert "两人服务" in page
    assert "陈护理" in page
    assert "09:02" in page


# --- settlement --------------------------------------------------------------------------------


def test_a_two_person_visit_is_paid_once_at_the_items_price(
    paired, caregiver, partner_user, clock, provider, district_clerk, dispatcher, street_worker
):
    clock.move_to(at(9))
    services.check_in(paired, latitude=HOME[0], longitude=HOME[1], actor=partner_user)
    services.check_in(paired, latitude=HOME[0], longitude=HOME[1], actor=caregiver)
    clock.move_to(at(10))
    services.check_out(paired, actor=caregiver)
    services.check_out(paired, actor=partner_user)
    services.confirm_visit(paired, rating=5, actor=street_worker)
    clock.move_to(at(9, day=2) + timedelta(days=31))
    settlement = services.prepare_settlement(provider, month=date(2026, 3, 1), actor=dispatcher)
    assert [
        (line.order_id, line.is_paid, line.purchased_fen) for line in settlement.lines.all()
    ] == [(paired.pk, True, 8000)]


# --- the API -----------------------------------------------------------------------------------


@pytest.mark.urls("tests.api.urls")
def test_assign_and_check_in_a_two_person_visit_over_http(
    bath, worker, partner, dispatcher, partner_user, clock
):
    office = JsonClient(dispatcher)
    refused = office.post(f"/service-orders/{bath.pk}/assign", {"caregiver_pk": worker.pk})
    assert refused.status_code == 422
    assert (refused.json()["code"], refused.json()["field"]) == (
        "order_caregiver_invalid",
        "second_caregiver",
    )
    assigned = office.post(
        f"/service-orders/{bath.pk}/assign",
        {"caregiver_pk": worker.pk, "second_caregiver_pk": partner.pk},
    ).json()
    assert (
        assigned["caregivers_needed"],
        assigned["caregiver_name"],
        assigned["second_caregiver_pk"],
        assigned["second_caregiver_name"],
    ) == (2, "李护理", partner.pk, "陈护理")
    # the second caregiver's phone lists the visit and checks her in, 500 m off
    phone = JsonClient(partner_user)
    listed = phone.get("/service-orders/", {"day": "2026-03-02"}).json()["items"]
    assert [(row["pk"], row["second_checked_in_at"]) for row in listed] == [(bath.pk, None)]
    clock.move_to(at(8, 55))
    checked = phone.post(
        f"/service-orders/{bath.pk}/check-in", {"latitude": str(FAR[0]), "longitude": str(FAR[1])}
    ).json()
    assert (
        checked["status"],
        checked["second_check_in_distance_m"],
        checked["checked_in_at"],
        checked["events"][-1]["event_type"],
    ) == ("assigned", 500, None, "second_checked_in")
    assert checked["second_checked_in_at"].startswith("2026-03-02T00:55:00")
    items = JsonClient(dispatcher).get("/service-items/").json()
    assert {row["code"]: row["caregivers_needed"] for row in items} == {
        "bath_60": 1,
        "bath_two": 2,
        "clean_60": 1,
    }


@pytest.mark.urls("tests.api.urls")
def test_the_second_caregivers_list_query_count_does_not_grow(
    elder, provider, street_worker, dispatcher, worker, partner, partner_user, two_person,
    django_assert_num_queries,
):  # fmt: skip
    client = JsonClient(partner_user)
    for number in range(25):
        order = accepted_order(
            elder, provider, street_worker, dispatcher, start=at(8 + number % 10)
        )
        services.assign_order(order, caregiver=worker, second_caregiver=partner, actor=dispatcher)
        if number in (0, 24):
            with django_assert_num_queries(4):  # session, user, count, page
                assert client.get("/service-orders/").json()["count"] == number + 1


def test_the_board_assigns_a_second_caregiver_by_hand(bath, worker, partner, dispatcher):
    board = client_of(dispatcher)
    url = f"/homecare/dispatch/orders/{bath.pk}/assign/"
    refused = board.post(url, {"caregiver": worker.pk, "second_caregiver": ""}, follow=True)
    assert "这项服务需要两名护理员：请同时选择第二名护理员。" in refused.content.decode()
    assert ServiceOrder.objects.get(pk=bath.pk).status == "accepted"
    board.post(url, {"caregiver": worker.pk, "second_caregiver": partner.pk})
    order = ServiceOrder.objects.get(pk=bath.pk)
    assert (order.caregiver_id, order.second_caregiver_id) == (worker.pk, partner.pk)


def test_a_new_second_caregiver_starts_without_the_previous_ones_check_in(
    paired, worker, dispatcher, partner_user, clock
):
    clock.move_to(at(8, 50))
    services.check_in(paired, latitude=HOME[0], longitude=HOME[1], actor=partner_user)
    replacement = _second(paired, dispatcher)

    services.assign_order(paired, caregiver=worker, second_caregiver=replacement, actor=dispatcher)

    order = ServiceOrder.objects.get(pk=paired.pk)
    assert (order.second_caregiver_id, order.second_checked_in_at) == (replacement.pk, None)
    assert order.second_check_in_distance_m is None
    # her check-in stays on the timeline
    assert OrderEvent.objects.filter(order=order, event_type="second_checked_in").count() == 1
