"""The complaint and case API: filing and every step over HTTP, the error shape, who may call
what, and query counts that do not grow with the cases."""

from __future__ import annotations

import pytest

from tests.api.conftest import JsonClient
from tests.homecare.conftest import complaint_data
from yiyang.homecare import services
from yiyang.homecare.models import ProviderCase

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]

BODY = {
    "complainant_kind": "family",
    "complainant_name": "张丽",
    "phone": "13912345678",
    "channel": "hotline",
    "category": "quality",
    "text": "没有打扫厨房",
}


def test_file_acknowledge_resolve_and_reopen_over_http(
    order, street_worker, dispatcher, case_policy
):
    created = JsonClient(street_worker).post("/complaints/", BODY | {"order_pk": order.pk})
    assert created.status_code == 201
    body = created.json()
    pk = body["pk"]
    assert (body["source"], body["status"], body["order_pk"]) == ("complaint", "open", order.pk)
    assert (body["acknowledge_due"], body["resolve_due"], body["days_overdue"]) == (
        "2026-03-04",
        "2026-03-09",
        0,
    )
    assert body["complaint"]["masked_phone"] == "139****5678"
    assert "13912345678" not in created.content.decode()
    manager = JsonClient(dispatcher)
    assert manager.get("/provider-cases/").json()["items"][0]["pk"] == pk
    acknowledged = manager.post(f"/provider-cases/{pk}/acknowledge", {"note": "受理"})
    assert acknowledged.json()["status"] == "acknowledged"
    manager.post(f"/provider-cases/{pk}/contact", {"note": "已回电"})
    resolved = manager.post(
        f"/provider-cases/{pk}/resolve",
        {"outcome": "partly_upheld", "resolution": "补做清洁", "satisfaction": ""},
    )
    assert (resolved.json()["status"], resolved.json()["outcome"]) == ("resolved", "partly_upheld")
    satisfied = JsonClient(street_worker).post(
        f"/provider-cases/{pk}/satisfaction", {"satisfaction": "satisfied"}
    )
    assert satisfied.json()["satisfaction"] == "satisfied"
    reopened = JsonClient(street_worker).post(f"/provider-cases/{pk}/reopen", {"reason": "复查"})
    assert [e["event_type"] for e in reopened.json()["events"]] == [
        "opened",
        "acknowledged",
        "contacted",
        "resolved",
        "satisfaction",
        "reopened",
    ]
    assert reopened.json()["status"] == "open"


def test_a_complaint_about_a_provider_without_a_visit(provider, elder, street_worker, case_policy):
    created = JsonClient(street_worker).post(
        "/complaints/", BODY | {"provider_pk": provider.pk, "elder_pk": elder.pk}
    )
    assert created.status_code == 201
    assert (created.json()["order_pk"], created.json()["region_code"]) == (None, "640302001001")


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        pytest.param({}, "complaint_invalid", "provider_pk", id="nothing_named_case"),
        pytest.param({"category": "noise"}, "complaint_invalid", "category", id="category_case"),
    ],
)
def test_a_bad_complaint_gets_the_error_shape(order, street_worker, case_policy, body, code, field):
    extra = {"order_pk": order.pk} if body else {}
    answer = JsonClient(street_worker).post("/complaints/", BODY | extra | body)
    assert answer.status_code == 422
    assert (answer.json()["code"], answer.json()["field"]) == (code, field)
    assert ProviderCase.objects.count() == 0


def test_a_step_without_its_note_gets_the_error_shape(complaint_case, dispatcher):
    answer = JsonClient(dispatcher).post(
        f"/provider-cases/{complaint_case.pk}/acknowledge", {"note": " "}
    )
    assert answer.status_code == 422
    assert (answer.json()["code"], answer.json()["field"]) == ("case_invalid", "note")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        pytest.param(None, 401, id="anonymous_case"),
        pytest.param("other_street_worker", 404, id="other_street_case"),
        pytest.param("other_manager", 404, id="other_provider_case"),
        pytest.param("caregiver", 403, id="no_capability_case"),
        pytest.param("provider_clerk", 403, id="not_manager_case"),
        pytest.param("dispatcher", 200, id="allowed_case"),
    ],
)
def test_who_may_acknowledge_a_case(complaint_case, request, who, status):
    user = request.getfixturevalue(who) if who else None
    answer = JsonClient(user).post(
        f"/provider-cases/{complaint_case.pk}/acknowledge", {"note": "受理"}
    )
    assert answer.status_code == status
    expected = "acknowledged" if status == 200 else "open"
    assert ProviderCase.objects.get().status == expected


@pytest.mark.parametrize(
    ("who", "status"),
    [
        pytest.param("other_street_worker", 404, id="other_street_case"),
        pytest.param("community_worker", 403, id="without_capability_case"),
        pytest.param("dispatcher", 403, id="provider_case"),
        pytest.param("street_worker", 200, id="allowed_case"),
    ],
)
def test_who_may_reopen_a_case(complaint_case, dispatcher, request, who, status):
    services.acknowledge_case(complaint_case, note="受理", actor=dispatcher)
    services.resolve_case(complaint_case, outcome="upheld", resolution="道歉", actor=dispatcher)
    answer = JsonClient(request.getfixturevalue(who)).post(
        f"/provider-cases/{complaint_case.pk}/reopen", {"reason": "复查"}
    )
    assert answer.status_code == status
    assert ProviderCase.objects.get().status == ("open" if status == 200 else "resolved")


@pytest.mark.parametrize("count", [pytest.param(1, id="one_case"), pytest.param(6, id="six_case")])
def test_the_case_list_reads_a_fixed_number_of_queries(
    order, provider, street_worker, dispatcher, case_policy, django_assert_num_queries, count
):
    for number in range(count):
        services.file_complaint(
            provider, data=complaint_data(text=f"第{number}次"), order=order, actor=street_worker
        )
    client = JsonClient(dispatcher)
    # session, user, count, page, and the calendar's years and special days
    with django_assert_num_queries(6):
        answer = client.get("/provider-cases/")
    assert answer.json()["count"] == count


def test_a_case_reads_a_fixed_number_of_queries(
    complaint_case, dispatcher, django_assert_num_queries
):
    services.acknowledge_case(complaint_case, note="受理", actor=dispatcher)
    client = JsonClient(dispatcher)
    # session, user, the case with provider and complaint, its events with actors, calendar ×2
    with django_assert_num_queries(6):
        answer = client.get(f"/provider-cases/{complaint_case.pk}")
    assert [e["event_type"] for e in answer.json()["events"]] == ["opened", "acknowledged"]
