"""The order lifecycle through the services: every step, wrong states, double taps, permissions."""

from __future__ import annotations

from datetime import date

import pytest

from tests.homecare.conftest import at, hire
from yiyang.core.errors import PermissionDeniedError
from yiyang.core.models import ChangeRecord
from yiyang.homecare import services
from yiyang.homecare.errors import HomecareError
from yiyang.homecare.models import OrderEvent, ServiceOrder
from yiyang.workforce import services as workforce


def events(order) -> list[tuple[str, str, str]]:
    return list(
        OrderEvent.objects.filter(order=order).values_list("event_type", "old_status", "new_status")
    )


def test_request_copies_address_location_and_standard_duration(order, elder, street_worker):
    assert order.status == "requested"
    assert order.planned_minutes == 60
    assert order.address == "富平社区3号楼2单元101"
    assert (order.home_latitude, order.home_longitude) == (elder.latitude, elder.longitude)
    assert events(order) == [("requested", "", "requested")]
    assert OrderEvent.objects.get(order=order).actor == street_worker


def test_same_request_key_twice_creates_one_order(elder, provider, items, street_worker):
    data = services.OrderData(item_code="clean_60", planned_start=at(9), request_key="tap-1")
    first = services.request_order(elder, provider=provider, data=data, actor=street_worker)
    second = services.request_order(elder, provider=provider, data=data, actor=street_worker)
    assert first.pk == second.pk
    assert ServiceOrder.objects.count() == 1
    assert OrderEvent.objects.count() == 1


def test_request_outside_the_service_area_is_refused_and_writes_nothing(
    other_elder, provider, items, city_admin
):
    with pytest.raises(HomecareError) as refused:
        services.request_order(
            other_elder,
            provider=provider,
            data=services.OrderData(item_code="clean_60", planned_start=at(9)),
            actor=city_admin,
        )
    assert (refused.value.code, refused.value.field) == (
        "provider_outside_service_area",
        "provider",
    )
    assert ServiceOrder.objects.count() == 0


def test_request_outside_the_contract_is_refused(elder, provider, items, street_worker):
    with pytest.raises(HomecareError) as refused:
        services.request_order(
            elder,
            provider=provider,
            data=services.OrderData(
                item_code="clean_60", planned_start=at(9, day=2).replace(year=2027)
            ),
            actor=street_worker,
        )
    assert refused.value.code == "provider_inactive"
    assert ServiceOrder.objects.count() == 0


def test_other_street_cannot_request_for_the_elder(elder, provider, items, other_street_worker):
    with pytest.raises(PermissionDeniedError):
        services.request_order(
            elder,
            provider=provider,
            data=services.OrderData(item_code="clean_60", planned_start=at(9)),
            actor=other_street_worker,
        )
    assert ServiceOrder.objects.count() == 0


def test_full_life_of_an_order_writes_one_event_per_step(
    assigned, dispatcher, caregiver, street_worker, clock
):
    services.check_in(assigned, latitude="37.986100", longitude="106.199000", actor=caregiver)
    clock.move_to(at(9))
    services.check_out(assigned, note="打扫厨房", actor=caregiver)
    services.confirm_visit(assigned, rating=5, comment="很好", actor=street_worker)
    assigned.refresh_from_db()
    assert assigned.status == "confirmed"
    assert assigned.actual_minutes == 60
    assert events(assigned) == [
        ("requested", "", "requested"),
        ("accepted", "requested", "accepted"),
        ("assigned", "accepted", "assigned"),
        ("checked_in", "assigned", "checked_in"),
        ("checked_out", "checked_in", "checked_out"),
        ("confirmed", "checked_out", "confirmed"),
    ]
    assert assigned.review_status == ""
    assert assigned.rating == 5


def test_cancelling_a_started_visit_is_refused_with_its_code(assigned, caregiver, street_worker):
    services.check_in(assigned, actor=caregiver)
    with pytest.raises(HomecareError) as refused:
        services.cancel_order(assigned, reason="不要了", actor=street_worker)
    assert (refused.value.code, refused.value.field) == ("order_wrong_status", "status")
    assigned.refresh_from_db()
    assert (assigned.status, assigned.closing_reason) == ("checked_in", "")
    assert [e[0] for e in events(assigned)][-1] == "checked_in"


def test_check_in_before_assignment_is_refused_without_change(order, dispatcher, worker, caregiver):
    services.accept_order(order, actor=dispatcher)
    order.caregiver = worker  # as if assigned, but the status says accepted
    order.save(update_fields=["caregiver"])
    with pytest.raises(HomecareError) as refused:
        services.check_in(order, actor=caregiver)
    assert refused.value.code == "order_wrong_status"
    order.refresh_from_db()
    assert (order.status, order.checked_in_at) == ("accepted", None)


def test_double_tap_on_accept_and_check_in_runs_once(order, dispatcher, worker, caregiver):
    services.accept_order(order, actor=dispatcher)
    services.accept_order(order, actor=dispatcher)
    services.assign_order(order, caregiver=worker, actor=dispatcher)
    services.assign_order(order, caregiver=worker, actor=dispatcher)
    services.check_in(order, actor=caregiver)
    services.check_in(order, actor=caregiver)
    assert [e[0] for e in events(order)] == ["requested", "accepted", "assigned", "checked_in"]


def test_refusal_and_cancellation_need_a_reason(order, dispatcher, street_worker):
    with pytest.raises(HomecareError) as refused:
        services.refuse_order(order, reason=" ", actor=dispatcher)
    assert (refused.value.code, refused.value.field) == ("order_reason_required", "reason")
    order.refresh_from_db()
    assert order.status == "requested"
    services.cancel_order(order, reason="家属取消", actor=street_worker)
    order.refresh_from_db()
    assert (order.status, order.closing_reason) == ("cancelled", "家属取消")
    assert events(order)[-1] == ("cancelled", "requested", "cancelled")


def test_provider_refuses_with_reason(order, dispatcher):
    services.refuse_order(order, reason="人手不足", actor=dispatcher)
    order.refresh_from_db()
    assert (order.status, order.closing_reason) == ("refused", "人手不足")


def test_staff_of_another_provider_cannot_accept(order):
    from tests.conftest import DISTRICT, _user
    from yiyang.core.roles import Role

    stranger = _user("stranger", Role.PROVIDER_STAFF, DISTRICT)
    with pytest.raises(PermissionDeniedError):
        services.accept_order(order, actor=stranger)
    order.refresh_from_db()
    assert order.status == "requested"
    assert [e[0] for e in events(order)] == ["requested"]


def test_unqualified_caregiver_is_refused_with_the_reasons(
    elder, provider, items, street_worker, dispatcher
):
    # given a bathing order (level 4 and a health certificate) and a caregiver with neither
    order = services.request_order(
        elder,
        provider=provider,
        data=services.OrderData(item_code="bath_60", planned_start=at(14)),
        actor=street_worker,
    )
    services.accept_order(order, actor=dispatcher)
    novice = hire(provider, dispatcher, "新员工", 20)
    # when
    with pytest.raises(HomecareError) as refused:
        services.assign_order(order, caregiver=novice, actor=dispatcher)
    # then
    assert refused.value.code == "order_caregiver_not_qualified"
    assert refused.value.field == "caregiver"
    assert (
        refused.value.message
        == (
            "该项目需要四级或更高等级的养老护理员职业技能等级证书。 该项目需要健康证，该护理员没有健康证。"
        )
        or "4" in refused.value.message
    )
    order.refresh_from_db()
    assert (order.status, order.caregiver) == ("accepted", None)


def test_expired_health_certificate_blocks_bathing_on_the_day(
    elder, provider, items, street_worker, dispatcher, worker
):
    order = services.request_order(
        elder,
        provider=provider,
        data=services.OrderData(item_code="bath_60", planned_start=at(9, day=1).replace(month=6)),
        actor=street_worker,
    )
    services.accept_order(order, actor=dispatcher)
    with pytest.raises(HomecareError) as refused:
        services.assign_order(order, caregiver=worker, actor=dispatcher)
    assert refused.value.code == "order_caregiver_not_qualified"
    assert "2026-05-31" in refused.value.message


def test_caregiver_of_another_provider_cannot_be_assigned(order, dispatcher, regions, city_admin):
    from tests.factories import make_id_number
    from yiyang.workforce.services import CaregiverData

    loner = workforce.register_caregiver(
        CaregiverData(
            "散工",
            make_id_number(date(1980, 1, 1), male=True, sequence=31),
            "13800009999",
            "640302001000",
        ),
        actor=city_admin,
    )
    services.accept_order(order, actor=dispatcher)
    with pytest.raises(HomecareError) as refused:
        services.assign_order(order, caregiver=loner, actor=dispatcher)
    assert refused.value.code == "order_caregiver_invalid"


def test_assign_all_gives_each_order_a_free_qualified_caregiver(
    elder, provider, items, street_worker, dispatcher, worker
):
    # given three accepted orders: two overlapping cleanings and a bathing, and a second
    # caregiver without certificates
    second = hire(provider, dispatcher, "周护理", 21)
    orders = [
        services.request_order(
            elder,
            provider=provider,
            data=services.OrderData(item_code=code, planned_start=start),
            actor=street_worker,
        )
        for code, start in (("clean_60", at(9)), ("clean_60", at(9, 30)), ("bath_60", at(11)))
    ]
    for order in orders:
        services.accept_order(order, actor=dispatcher)
    # when
    proposals = services.assign_all(provider, day=date(2026, 3, 2), actor=dispatcher)
    # then the cleanings go to different caregivers and the bathing to the certified one
    assert [(p.order.pk, p.caregiver) for p in proposals] == [
        (orders[0].pk, worker),
        (orders[1].pk, second),
        (orders[2].pk, worker),
    ]
    assert (
        list(ServiceOrder.objects.order_by("pk").values_list("status", flat=True))
        == ["assigned"] * 3
    )


def test_assign_all_leaves_an_order_no_one_can_take_with_reasons(
    elder, provider, items, street_worker, dispatcher
):
    hire(provider, dispatcher, "周护理", 21)
    order = services.request_order(
        elder,
        provider=provider,
        data=services.OrderData(item_code="bath_60", planned_start=at(11)),
        actor=street_worker,
    )
    services.accept_order(order, actor=dispatcher)
    [proposal] = services.assign_all(provider, day=date(2026, 3, 2), actor=dispatcher)
    assert proposal.caregiver is None
    assert len(proposal.reasons) == 2
    order.refresh_from_db()
    assert order.status == "accepted"


def test_death_cancels_open_orders(order, elder, street_worker):
    from yiyang.registry import services as registry

    registry.record_death(
        elder, date_of_death=date(2026, 3, 1), source="死亡证明", actor=street_worker
    )
    order.refresh_from_db()
    assert order.status == "cancelled"
    assert events(order)[-1] == ("cancelled", "requested", "cancelled")


def test_provider_creation_is_audited(provider):
    assert ChangeRecord.objects.filter(object_pk=str(provider.pk), action="create").count() == 1


# --- a step taken on a copy of the order read before someone else's write ---------------------
# The services check a step on the caller's copy and write it with one UPDATE guarded by the
# status, caregiver and `updated_at` of that copy; when the row has moved on, they take the step again on
# the row read under a lock. These tests give them old copies and expect what the row says.


@pytest.fixture
def second_dispatcher(provider, district_clerk):
    from tests.conftest import DISTRICT, _user
    from yiyang.core.roles import Role

    user = _user("second_dispatcher", Role.PROVIDER_STAFF, DISTRICT)
    services.add_provider_staff(provider, user=user, is_manager=False, actor=district_clerk)
    return user


def test_accept_from_a_copy_read_before_another_acceptance_is_refused(
    order, dispatcher, second_dispatcher
):
    # given two dispatchers who read the requested order at the same time
    copy = ServiceOrder.objects.get(pk=order.pk)
    services.accept_order(ServiceOrder.objects.get(pk=order.pk), actor=dispatcher)

    # when the second accepts it from the copy read before
    with pytest.raises(HomecareError) as refused:
        services.accept_order(copy, actor=second_dispatcher)

    # then the row decides: accepted once, by the first
    assert refused.value.code == "order_wrong_status"
    assert [e[0] for e in events(order)] == ["requested", "accepted"]
    assert OrderEvent.objects.get(event_type="accepted").actor == dispatcher


def test_reassignment_from_an_old_copy_records_the_caregiver_the_row_had(
    order, dispatcher, second_dispatcher, provider, worker
):
    # given an order assigned to 李护理 and read then by the second dispatcher
    other = hire(provider, dispatcher, "王护理", 31)
    workforce.add_certificate(
        other, kind="skill", skill_level=4, number="SK-2", issued_on=date(2024, 1, 1),
        actor=dispatcher,
    )  # fmt: skip
    services.accept_order(order, actor=dispatcher)
    services.assign_order(order, caregiver=worker, actor=dispatcher)
    copy = ServiceOrder.objects.get(pk=order.pk)
    # while the first moves it to 王护理: the status stays "assigned"
    services.assign_order(ServiceOrder.objects.get(pk=order.pk), caregiver=other, actor=dispatcher)

    # when the second moves it from the old copy (which says 李护理) to 王护理 again
    services.assign_order(copy, caregiver=other, actor=second_dispatcher)

    # then nothing happens twice: the row already had 王护理 (the copy's status matched)
    assert [e[0] for e in events(order)] == ["requested", "accepted", "assigned", "assigned"]
    order.refresh_from_db()
    assert order.caregiver == other


def test_reassignment_from_an_old_copy_names_the_real_previous_caregiver(
    order, dispatcher, second_dispatcher, provider, worker
):
    other = hire(provider, dispatcher, "王护理", 31)
    third = hire(provider, dispatcher, "赵护理", 32)
    for number, person in enumerate((other, third)):
        workforce.add_certificate(
            person, kind="skill", skill_level=4, number=f"SK-{number + 2}",
            issued_on=date(2024, 1, 1), actor=dispatcher,
        )  # fmt: skip
    services.accept_order(order, actor=dispatcher)
    services.assign_order(order, caregiver=worker, actor=dispatcher)
    copy = ServiceOrder.objects.get(pk=order.pk)  # says 李护理
    services.assign_order(ServiceOrder.objects.get(pk=order.pk), caregiver=other, actor=dispatcher)

    services.assign_order(copy, caregiver=third, actor=second_dispatcher)

    last = OrderEvent.objects.filter(order=order).order_by("-pk").first()
    assert last.data == {"caregiver": third.pk, "previous_caregiver": other.pk}
    order.refresh_from_db()
    assert order.caregiver == third


def test_double_tap_from_the_same_old_copy_runs_once(order, dispatcher):
    copy = ServiceOrder.objects.get(pk=order.pk)
    first = services.accept_order(copy, actor=dispatcher)
    again = services.accept_order(ServiceOrder.objects.get(pk=order.pk), actor=dispatcher)

    assert (first.status, again.status) == ("accepted", "accepted")
    assert [e[0] for e in events(order)] == ["requested", "accepted"]


def test_each_step_moves_the_write_time_on_though_the_clock_stands_still(order, dispatcher):
    # given the fixture's clock, standing still since the order was requested
    requested_at = order.updated_at

    accepted = services.accept_order(order, actor=dispatcher)

    # then the row's write time moved on (the guard of the next step compares it)
    order.refresh_from_db()
    assert accepted.updated_at == order.updated_at > requested_at
