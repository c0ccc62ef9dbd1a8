"""The application endpoints and an elder's entitlements (issue 4): apply, decide each step,
withdraw, list with filters, the elder's benefits with the ledger by programme and month."""

from __future__ import annotations

from datetime import date

import pytest

from tests.api.conftest import JsonClient
from tests.conftest import COMMUNITY_A1
from tests.factories import make_elder
from yiyang.benefits.models import Application, Entitlement
from yiyang.benefits.services import apply_for_benefit, record_correction
from yiyang.core.models import ChangeRecord

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]


def applying(elder, program) -> dict:
    return {
        "elder_pk": elder.pk,
        "program_pk": program.pk,
        "applicant_kind": "family",
        "applicant_name": "王小明",
        "applied_on": "2026-06-10",
        "note": "儿子代办",
    }


@pytest.fixture
def elder_a(regions):
    return make_elder(residence_region_id=COMMUNITY_A1, name="李桂英", birth=date(1940, 5, 1))


def test_apply_and_pass_three_steps(
    programs, elder_a, community_worker, street_worker, district_clerk
):
    program = programs["care_service_subsidy"]

    created = JsonClient(community_worker).post(
        "/benefit-applications/", applying(elder_a, program)
    )

    assert created.status_code == 201
    body = created.json()
    assert {key: body[key] for key in ("elder_pk", "elder_name", "program_pk", "status")} == {
        "elder_pk": elder_a.pk,
        "elder_name": "李桂英",
        "program_pk": program.pk,
        "status": "pending",
    }
    assert (body["current_level"], body["start_month"], body["steps"]) == (
        "community",
        "2026-06-01",
        [],
    )
    pk = body["pk"]
    for user, level_after in (
        (community_worker, "street"),
        (street_worker, "district"),
        (district_clerk, ""),
    ):
        decided = JsonClient(user).post(f"/benefit-applications/{pk}/decide", {"approve": True})
        assert decided.status_code == 200
        assert decided.json()["current_level"] == level_after
    assert decided.json()["status"] == "approved"
    assert [(s["level"], s["decision"], s["decided_by"]) for s in decided.json()["steps"]] == [
        ("community", "approved", "community_worker"),
        ("street", "approved", "street_worker"),
        ("district", "approved", "district_clerk"),
    ]
    assert Entitlement.objects.get(elder=elder_a).start_month == date(2026, 6, 1)


def test_apply_refusals(programs, elder_a, other_street_worker, caregiver):
    body = applying(elder_a, programs["care_service_subsidy"])

    assert JsonClient().post("/benefit-applications/", body).status_code == 401
    assert JsonClient(caregiver).post("/benefit-applications/", body).status_code == 403
    assert JsonClient(other_street_worker).post("/benefit-applications/", body).status_code == 404
    assert Application.objects.count() == 0


def test_apply_for_an_automatic_programme_names_the_field(programs, elder_a, street_worker):
    response = JsonClient(street_worker).post(
        "/benefit-applications/", applying(elder_a, programs["longevity_allowance"])
    )

    assert response.status_code == 422
    assert response.json() == {
        "code": "benefit_no_application_needed",
        "message": response.json()["message"],
        "field": "program",
    }
    assert Application.objects.count() == 0


def test_refusal_without_reason_is_refused(programs, elder_a, community_worker):
    application = apply_for_benefit(
        elder_a, program=programs["meal_subsidy"], applicant_kind="clerk", actor=community_worker
    )
    records = ChangeRecord.objects.count()

    response = JsonClient(community_worker).post(
        f"/benefit-applications/{application.pk}/decide", {"approve": False, "reason": " "}
    )

    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == (
        "benefit_reason_required",
        "reason",
    )
    assert Application.objects.get().status == "pending"
    assert ChangeRecord.objects.count() == records


def test_decide_and_withdraw_refusals(
    programs, elder_a, community_worker, street_worker, other_street_worker, caregiver
):
    application = apply_for_benefit(
        elder_a, program=programs["meal_subsidy"], applicant_kind="clerk", actor=community_worker
    )
    decide = f"/benefit-applications/{application.pk}/decide"
    withdraw = f"/benefit-applications/{application.pk}/withdraw"
    records = ChangeRecord.objects.count()

    for path, body in ((decide, {"approve": True}), (withdraw, {"reason": "x"})):
        assert JsonClient().post(path, body).status_code == 401
        assert JsonClient(caregiver).post(path, body).status_code == 403
        assert JsonClient(other_street_worker).post(path, body).status_code == 404
    # the street decides the second step, not the community's first
    assert JsonClient(street_worker).post(decide, {"approve": True}).status_code == 403

    assert Application.objects.get().status == "pending"
    assert ChangeRecord.objects.count() == records


def test_withdraw(programs, elder_a, community_worker):
    application = apply_for_benefit(
        elder_a, program=programs["meal_subsidy"], applicant_kind="clerk", actor=community_worker
    )

    response = JsonClient(community_worker).post(
        f"/benefit-applications/{application.pk}/withdraw", {"reason": "老人不需要了"}
    )

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["current_level"]) == ("withdrawn", "")


def test_detail_matrix(programs, elder_a, community_worker, other_street_worker, caregiver):
    application = apply_for_benefit(
        elder_a, program=programs["meal_subsidy"], applicant_kind="clerk", actor=community_worker
    )
    path = f"/benefit-applications/{application.pk}"

    assert JsonClient().get(path).status_code == 401
    assert JsonClient(caregiver).get(path).status_code == 403
    assert JsonClient(other_street_worker).get(path).status_code == 404
    assert JsonClient(community_worker).get(path).json()["pk"] == application.pk


def test_list_filters_and_scope(programs, elder_a, regions, community_worker, other_street_worker):
    meal = apply_for_benefit(
        elder_a, program=programs["meal_subsidy"], applicant_kind="clerk", actor=community_worker
    )
    care = apply_for_benefit(
        elder_a,
        program=programs["care_service_subsidy"],
        applicant_kind="clerk",
        actor=community_worker,
    )
    client = JsonClient(community_worker)

    def pks(params):
        return [item["pk"] for item in client.get("/benefit-applications/", params).json()["items"]]

    assert pks({}) == [care.pk, meal.pk]
    assert pks({"program": programs["meal_subsidy"].pk}) == [meal.pk]
    assert pks({"status": "pending", "level": "community"}) == [care.pk, meal.pk]
    assert pks({"status": "approved"}) == []
    assert JsonClient(other_street_worker).get("/benefit-applications/").json() == {
        "items": [],
        "count": 0,
    }
    assert JsonClient().get("/benefit-applications/").status_code == 401


def test_list_query_count_does_not_grow(
    programs, regions, community_worker, django_assert_num_queries
):
    client = JsonClient(community_worker)
    for number in range(4):
        person = make_elder(residence_region_id=COMMUNITY_A1, name=f"老人{number}")
        apply_for_benefit(
            person, program=programs["meal_subsidy"], applicant_kind="clerk", actor=community_worker
        )
        if number in (0, 3):
            with django_assert_num_queries(4):  # session, user, count, page
                assert client.get("/benefit-applications/").json()["count"] == number + 1


# --- an elder's entitlements --------------------------------------------------------------------


def test_elder_entitlements_with_ledger_by_programme_and_month(
    programs, elder_a, community_worker, street_worker, district_clerk, django_assert_num_queries
):
    meal = programs["meal_subsidy"]
    application = apply_for_benefit(
        elder_a, program=meal, applicant_kind="clerk", actor=community_worker
    )
    for user in (community_worker, street_worker):
        JsonClient(user).post(f"/benefit-applications/{application.pk}/decide", {"approve": True})
    care = apply_for_benefit(
        elder_a,
        program=programs["care_service_subsidy"],
        applicant_kind="clerk",
        actor=community_worker,
    )
    for month, amount in (
        (date(2026, 4, 1), 1000),
        (date(2026, 4, 1), -300),
        (date(2026, 5, 1), 500),
    ):
        record_correction(
            meal, elder=elder_a, month=month, amount_fen=amount, note="补记", actor=district_clerk
        )
    client = JsonClient(street_worker)

    with django_assert_num_queries(6):  # session, user, elder, entitlements, pending, ledger
        response = client.get(f"/elders/{elder_a.pk}/entitlements")

    assert response.status_code == 200
    body = response.json()
    assert body["elder_pk"] == elder_a.pk
    assert [(e["program_pk"], e["start_month"], e["status"]) for e in body["entitlements"]] == [
        (meal.pk, "2026-06-01", "active")
    ]
    assert [a["pk"] for a in body["pending_applications"]] == [care.pk]
    assert len(body["ledger"]) == 1
    ledger = body["ledger"][0]
    assert (ledger["program_pk"], ledger["program_name"], ledger["total_fen"]) == (
        meal.pk,
        "助餐补贴",
        1200,
    )
    assert [(m["month"], m["total_fen"], len(m["entries"])) for m in ledger["months"]] == [
        ("2026-04", 700, 2),
        ("2026-05", 500, 1),
    ]
    assert ledger["months"][0]["entries"][0]["kind"] == "correction"


def test_elder_entitlements_matrix(programs, elder_a, other_street_worker, caregiver):
    path = f"/elders/{elder_a.pk}/entitlements"

    assert JsonClient().get(path).status_code == 401
    assert JsonClient(caregiver).get(path).status_code == 403
    assert JsonClient(other_street_worker).get(path).status_code == 404
    assert JsonClient(other_street_worker).get("/elders/999999/entitlements").status_code == 404
