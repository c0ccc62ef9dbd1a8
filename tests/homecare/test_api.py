"""The home-service API: a week's steps over HTTP, the permission matrix, error shapes, and
query counts that do not grow with the rows."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType

from tests.api.conftest import JsonClient
from tests.homecare.conftest import FAR, HOME, at, hire
from yiyang.homecare import services
from yiyang.homecare.models import PlanNotice, ServiceOrder

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]


def body_of(elder, provider, **extra) -> dict:
    return {
        "elder_pk": elder.pk,
        "provider_pk": provider.pk,
        "item_code": "clean_60",
        "planned_start": at(9).isoformat(),
        **extra,
    }


def test_request_assign_visit_confirm_over_http(
    elder, provider, items, worker, street_worker, dispatcher, caregiver, clock
):
    created = JsonClient(street_worker).post(
        "/service-orders/", body_of(elder, provider, request_key="k1", needs_note="腿脚不便")
    )
    assert created.status_code == 201
    pk = created.json()["pk"]
    assert (created.json()["status"], created.json()["needs_note"]) == ("requested", "腿脚不便")
    # the double tap answers the same order
    again = JsonClient(street_worker).post(
        "/service-orders/", body_of(elder, provider, request_key="k1")
    )
    assert again.json()["pk"] == pk
    provider_client = JsonClient(dispatcher)
    assert provider_client.post(f"/service-orders/{pk}/accept").json()["status"] == "accepted"
    choices = provider_client.get(f"/service-orders/{pk}/caregivers").json()
    assert choices == [
        {"caregiver_pk": worker.pk, "caregiver_name": "李护理", "is_qualified": True, "reasons": []}
    ]
    assigned = provider_client.post(f"/service-orders/{pk}/assign", {"caregiver_pk": worker.pk})
    assert (assigned.json()["status"], assigned.json()["caregiver_name"]) == ("assigned", "李护理")
    phone = JsonClient(caregiver)
    today = phone.get("/service-orders/", {"day": "2026-03-02"}).json()
    assert [row["pk"] for row in today["items"]] == [pk]
    checked_in = phone.post(
        f"/service-orders/{pk}/check-in", {"latitude": str(HOME[0]), "longitude": str(HOME[1])}
    )
    assert (checked_in.json()["status"], checked_in.json()["check_in_distance_m"]) == (
        "checked_in",
        0,
    )
    clock.move_to(at(9))
    out = phone.post(f"/service-orders/{pk}/check-out", {"note": "打扫完毕"})
    assert (out.json()["status"], out.json()["actual_minutes"], out.json()["flags"]) == (
        "checked_out",
        60,
        [],
    )
    confirmed = JsonClient(street_worker).post(f"/service-orders/{pk}/confirm", {"rating": 4})
    assert (confirmed.json()["status"], confirmed.json()["rating"]) == ("confirmed", 4)
    assert [e["event_type"] for e in confirmed.json()["events"]] == [
        "requested",
        "accepted",
        "assigned",
        "checked_in",
        "checked_out",
        "confirmed",
    ]


def test_wrong_state_answers_422_with_code_and_field(order, dispatcher):
    response = JsonClient(dispatcher).post(f"/service-orders/{order.pk}/check-in", {})
    assert response.status_code == 403  # the dispatcher is no caregiver: permission first
    response = JsonClient(dispatcher).post(
        f"/service-orders/{order.pk}/assign", {"caregiver_pk": -1}
    )
    assert response.status_code == 404


def test_unqualified_assignment_answers_the_reasons(
    elder, provider, items, street_worker, dispatcher
):
    order = services.request_order(
        elder,
        provider=provider,
        data=services.OrderData(item_code="bath_60", planned_start=at(14)),
        actor=street_worker,
    )
    services.accept_order(order, actor=dispatcher)
    novice = hire(provider, dispatcher, "新员工", 20)
    response = JsonClient(dispatcher).post(
        f"/service-orders/{order.pk}/assign", {"caregiver_pk": novice.pk}
    )
    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == (
        "order_caregiver_not_qualified",
        "caregiver",
    )
    assert ServiceOrder.objects.get(pk=order.pk).status == "accepted"


@pytest.mark.parametrize(
    ("actor_case", "status"),
    [
        ("anonymous", 401),
        ("other_street", 404),
        ("caregiver_unassigned", 404),
        ("street", 200),
        ("provider", 200),
    ],
)
def test_order_detail_permission_matrix(
    order, actor_case, status, street_worker, other_street_worker, caregiver, dispatcher
):
    user = {
        "anonymous": None,
        "other_street": other_street_worker,
        "caregiver_unassigned": caregiver,
        "street": street_worker,
        "provider": dispatcher,
    }[actor_case]
    assert JsonClient(user).get(f"/service-orders/{order.pk}").status_code == status


@pytest.mark.parametrize(
    ("actor_case", "status"),
    [
        ("anonymous", 401),
        ("other_street", 404),
        ("street_without_dispatch", 403),
        ("provider", 200),
    ],
)
def test_accept_permission_matrix(
    order, actor_case, status, street_worker, other_street_worker, dispatcher
):
    user = {
        "anonymous": None,
        "other_street": other_street_worker,
        "street_without_dispatch": street_worker,
        "provider": dispatcher,
    }[actor_case]
    response = JsonClient(user).post(f"/service-orders/{order.pk}/accept")
    assert response.status_code == status
    expected = "accepted" if status == 200 else "requested"
    assert ServiceOrder.objects.get(pk=order.pk).status == expected


def test_provider_staff_see_only_their_provider(provider, dispatcher, district_clerk, regions):
    from tests.access_world import walk_credit_code
    from tests.conftest import STREET_A

    other = services.register_provider(
        services.ProviderData(
            name="别家服务社",
            credit_code=walk_credit_code("MA7HC002"),
            kind="company",
            region_code=STREET_A,
            contract_starts_on=date(2026, 1, 1),
            contract_ends_on=date(2026, 12, 31),
            contact_name="赵",
            contact_phone="13900002222",
        ),
        actor=district_clerk,
    )
    rows = JsonClient(dispatcher).get("/providers/").json()["items"]
    assert [row["pk"] for row in rows] == [provider.pk]
    assert JsonClient(dispatcher).get(f"/providers/{other.pk}").status_code == 404
    clerk_rows = JsonClient(district_clerk).get("/providers/").json()["items"]
    assert [row["name"] for row in clerk_rows] == ["别家服务社", "颐家服务社"]


def test_caregiver_list_masks_numbers(worker, dispatcher):
    [row] = JsonClient(dispatcher).get("/caregivers/").json()["items"]
    assert row["masked_id_number"] == worker.id_number[:6] + "********" + worker.id_number[-4:]
    assert worker.phone not in str(row)
    assert [c["kind"] for c in row["certificates"]] == ["health", "skill"]


def test_order_list_query_count_does_not_grow(
    elder, provider, items, street_worker, dispatcher, worker, django_assert_num_queries
):
    client = JsonClient(street_worker)
    for number in range(25):
        order = services.request_order(
            elder,
            provider=provider,
            data=services.OrderData(item_code="clean_60", planned_start=at(8 + number % 10)),
            actor=street_worker,
        )
        services.accept_order(order, actor=dispatcher)
        services.assign_order(order, caregiver=worker, actor=dispatcher)
        if number in (0, 24):
            with django_assert_num_queries(4):  # session, user, count, page
                assert client.get("/service-orders/").json()["count"] == number + 1


def test_caregiver_list_query_count_does_not_grow(provider, dispatcher, django_assert_num_queries):
    client = JsonClient(dispatcher)
    for number in range(25):
        hire(provider, dispatcher, f"护理员{number}", 100 + 2 * number)
        if number in (0, 24):
            # session, user, count, page, certificates
            with django_assert_num_queries(5):
                assert client.get("/caregivers/").json()["count"] == number + 1


def test_order_detail_query_count(order, street_worker, django_assert_num_queries):
    client = JsonClient(street_worker)
    with django_assert_num_queries(5):  # session, user, order, events, flags
        assert client.get(f"/service-orders/{order.pk}").status_code == 200


def test_assign_all_over_http(elder, provider, items, street_worker, dispatcher, worker):
    order = services.request_order(
        elder,
        provider=provider,
        data=services.OrderData(item_code="clean_60", planned_start=at(9)),
        actor=street_worker,
    )
    services.accept_order(order, actor=dispatcher)
    response = JsonClient(dispatcher).post(
        "/service-orders/assign-all", {"provider_pk": provider.pk, "day": "2026-03-02"}
    )
    assert response.json() == [
        {
            "order_pk": order.pk,
            "caregiver_pk": worker.pk,
            "second_caregiver_pk": None,
            "reasons": [],
        }
    ]
    refused = JsonClient(street_worker).post(
        "/service-orders/assign-all", {"provider_pk": provider.pk, "day": "2026-03-02"}
    )
    assert refused.status_code == 403


def test_every_step_costs_a_fixed_number_of_queries(
    elder, provider, items, worker, street_worker, dispatcher, caregiver, clock,
    django_assert_num_queries,
):  # fmt: skip
    """A regression guard for the order API's speed (bench/orders_api.py): each step reads the
    order once to check it is visible, writes it with one UPDATE guarded by the status and
    `updated_at` it read (no second, locked read), and answers with the order it holds plus
    its timeline (events, flags) — never a third read of the order."""
    clerk, office, phone = JsonClient(street_worker), JsonClient(dispatcher), JsonClient(caregiver)
    for client in (clerk, office, phone):
        client.get("/service-orders/")  # each session is read once before measuring
    for model in (ServiceOrder, PlanNotice):
        ContentType.objects.get_for_model(model)  # the audit's cached lookup, warmed
    # session, user; elder, provider, duplicate key, item, service area; savepoint, order,
    # event, audit, release; the answer: events (no flags before the check-out)
    with django_assert_num_queries(13):
        created = clerk.post("/service-orders/", body_of(elder, provider, request_key="q"))
    pk = created.json()["pk"]
    # session, user, order, membership; savepoint, guarded update, event, release; events
    with django_assert_num_queries(9):
        accepted = office.post(f"/service-orders/{pk}/accept")
    # session, user, order, caregiver with employment, membership; savepoint, the accepted
    # plan and her round before, certificates, guarded update, event, her round after, the
    # notice, the provider's region, audit, release; events
    with django_assert_num_queries(17):
        assigned = office.post(f"/service-orders/{pk}/assign", {"caregiver_pk": worker.pk})
    # session, user, order; savepoint, guarded update, event, release; events
    with django_assert_num_queries(8):
        checked_in = phone.post(
            f"/service-orders/{pk}/check-in", {"latitude": "37.986", "longitude": "106.199"}
        )
    clock.move_to(at(9))
    # session, user, order; savepoint, policy, an overlapping visit, the elder's death and
    # absences, guarded update, event, release; events (no flag raised: none written or read)
    with django_assert_num_queries(11):
        checked_out = phone.post(f"/service-orders/{pk}/check-out", {})
    # session, user, order; savepoint, guarded update, event, policy, release; events, flags
    with django_assert_num_queries(10):
        confirmed = clerk.post(f"/service-orders/{pk}/confirm", {"rating": 5})
    answers = [created, accepted, assigned, checked_in, checked_out, confirmed]
    assert [a.json()["status"] for a in answers] == [
        "requested", "accepted", "assigned", "checked_in", "checked_out", "confirmed"
    ]  # fmt: skip
    # The answer built from the held order carries the provider, caregiver and whole timeline.
    assert (confirmed.json()["provider_name"], confirmed.json()["caregiver_name"]) == (
        provider.name,
        "李护理",
    )
    assert [len(a.json()["events"]) for a in answers] == [1, 2, 3, 4, 5, 6]


def test_check_out_answer_lists_the_flags_raised_and_a_double_tap_answers_them_too(
    assigned, street_worker, caregiver, clock
):
    # given a visit checked in 500 m from home
    phone = JsonClient(caregiver)
    phone.post(
        f"/service-orders/{assigned.pk}/check-in",
        {"latitude": str(FAR[0]), "longitude": str(FAR[1])},
    )
    clock.move_to(at(8, 10, day=2))

    # when it ends after 10 minutes, and the phone sends the check-out twice
    body = {"duration_reason": "老人外出"}
    out = phone.post(f"/service-orders/{assigned.pk}/check-out", body)
    again = phone.post(f"/service-orders/{assigned.pk}/check-out", body)

    # then both answers list both flags, as the detail read does
    detail = JsonClient(street_worker).get(f"/service-orders/{assigned.pk}").json()
    assert [flag["kind"] for flag in out.json()["flags"]] == ["too_short", "far_from_home"]
    assert out.json()["flags"] == again.json()["flags"] == detail["flags"]
