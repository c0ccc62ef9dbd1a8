"""The payment run endpoints (issue 4): compute and compute again, totals, rows (masked),
findings and their review, submit, approve by a second person, cancel."""

from __future__ import annotations

from datetime import date

import pytest

from tests.api.conftest import JsonClient
from tests.conftest import COMMUNITY_A1, COMMUNITY_B1, STREET_A
from tests.factories import make_elder
from yiyang.benefits.models import Finding, LedgerEntry, PaymentRun
from yiyang.core.models import ChangeRecord

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]


def aged(birth: date, community: str = COMMUNITY_A1, name: str = "赵秀兰"):
    return make_elder(
        residence_region_id=community, hukou_region_id=community, birth=birth, name=name
    )


def compute(user, program, month: str = "2026-03", region: str = STREET_A):
    return JsonClient(user).post(
        "/payment-runs/", {"program_pk": program.pk, "region_code": region, "month": month}
    )


@pytest.fixture
def allowance(programs):
    return programs["longevity_allowance"]


def test_compute_then_compute_again(allowance, street_worker):
    eighty_five = aged(date(1941, 1, 1))
    aged(date(1950, 1, 1), name="年轻人")  # 76: not paid

    first = compute(street_worker, allowance)
    again = compute(street_worker, allowance)

    assert (first.status_code, again.status_code) == (201, 200)
    body = again.json()
    assert body["pk"] == first.json()["pk"]
    assert {
        key: body[key]
        for key in (
            "program_pk",
            "region_code",
            "month",
            "status",
            "paid_count",
            "amount_fen",
            "arrears_fen",
            "held_fen",
            "total_fen",
        )
    } == {
        "program_pk": allowance.pk,
        "region_code": STREET_A,
        "month": "2026-03",
        "status": "computed",
        "paid_count": 1,
        "amount_fen": 10000,
        "arrears_fen": 0,
        "held_fen": 0,
        "total_fen": 10000,
    }
    assert body["change_counts"]["new"] == 1
    # no bank account on record: one finding, open
    assert (body["findings_count"], body["open_findings_count"]) == (1, 1)
    assert body["computed_by"] == "street_worker"
    assert PaymentRun.objects.get().rows.get().elder_id == eighty_five.pk


@pytest.mark.parametrize(
    ("month", "code"),
    [
        ("2026-13", "benefit_month_invalid"),
        ("2026-3", "benefit_month_invalid"),
        ("2026-02", "benefit_month_invalid"),
        ("2026-07", "benefit_month_invalid"),
    ],
    ids=["month_13", "one_digit", "before_ledger_start", "not_begun"],
)
def test_compute_bad_month_names_the_field(allowance, street_worker, month, code):
    response = compute(street_worker, allowance, month=month)

    assert response.status_code == 422
    assert response.json() == {
        "code": code,
        "message": response.json()["message"],
        "field": "month",
    }
    assert PaymentRun.objects.count() == 0


def test_compute_refusals(allowance, community_worker, other_street_worker):
    aged(date(1941, 1, 1))

    assert compute(None, allowance).status_code == 401
    assert compute(community_worker, allowance).status_code == 403
    assert compute(other_street_worker, allowance).status_code == 404
    assert PaymentRun.objects.count() == 0


def test_list_filters_scope_and_query_count(
    allowance, programs, street_worker, other_street_worker, caregiver, django_assert_num_queries
):
    aged(date(1941, 1, 1))
    compute(street_worker, allowance)
    client = JsonClient(street_worker)

    with django_assert_num_queries(4):  # session, user, count, page
        assert client.get("/payment-runs/").json()["count"] == 1
    compute(street_worker, programs["meal_subsidy"])
    compute(street_worker, programs["nursing_subsidy"])
    with django_assert_num_queries(4):
        assert client.get("/payment-runs/").json()["count"] == 3

    def months(params):
        return [i["month"] for i in client.get("/payment-runs/", params).json()["items"]]

    assert months({"program": allowance.pk}) == ["2026-03"]
    assert months({"month": "2026-03"}) == ["2026-03"] * 3
    assert months({"month": "2026-04"}) == []
    assert months({"status": "approved"}) == []
    assert client.get("/payment-runs/", {"month": "2026-13"}).json()["code"] == (
        "benefit_month_invalid"
    )
    assert JsonClient(other_street_worker).get("/payment-runs/").json() == {"items": [], "count": 0}
    assert JsonClient(caregiver).get("/payment-runs/").status_code == 403
    assert JsonClient().get("/payment-runs/").status_code == 401


def test_reads_of_one_run_matrix(allowance, street_worker, other_street_worker, caregiver):
    aged(date(1941, 1, 1))
    pk = compute(street_worker, allowance).json()["pk"]

    for path in (f"/payment-runs/{pk}", f"/payment-runs/{pk}/rows", f"/payment-runs/{pk}/findings"):
        assert JsonClient().get(path).status_code == 401
        assert JsonClient(caregiver).get(path).status_code == 403
        assert JsonClient(other_street_worker).get(path).status_code == 404
        assert JsonClient(street_worker).get(path).status_code == 200


def test_rows_are_masked_filtered_and_counted(
    allowance, street_worker, district_clerk, django_assert_num_queries
):
    person = aged(date(1941, 1, 1))
    aged(date(1941, 2, 1), community=COMMUNITY_B1, name="乙街老人")
    district_pk = compute(district_clerk, allowance, region="640302000000").json()["pk"]
    street_client, district_client = JsonClient(street_worker), JsonClient(district_clerk)

    rows = district_client.get(f"/payment-runs/{district_pk}/rows").json()
    street_pk = compute(street_worker, allowance).json()["pk"]
    with django_assert_num_queries(5):  # session, user, run, count, page
        street_rows = street_client.get(f"/payment-runs/{street_pk}/rows").json()

    assert rows["count"] == 2
    assert street_rows["count"] == 1
    row = street_rows["items"][0]
    assert row["elder_pk"] == person.pk
    assert row["elder_id_number_masked"] == person.id_number_masked
    assert person.id_number not in str(street_rows)
    assert (row["amount_fen"], row["previous_fen"], row["change"], row["total_fen"]) == (
        10000,
        0,
        "new",
        10000,
    )
    assert row["bracket"] == "80–89 岁"
    changed = district_client.get(f"/payment-runs/{district_pk}/rows", {"change": "stopped"})
    assert changed.json() == {"items": [], "count": 0}


def test_rows_query_count_does_not_grow(allowance, district_clerk, django_assert_num_queries):
    aged(date(1941, 1, 1))
    client = JsonClient(district_clerk)
    one = compute(district_clerk, allowance, region="640302000000").json()["pk"]
    with django_assert_num_queries(5):
        assert client.get(f"/payment-runs/{one}/rows").json()["count"] == 1
    for number in range(4):
        aged(date(1940, 1, number + 1), name=f"老人{number}")
    compute(district_clerk, allowance, region="640302000000")
    with django_assert_num_queries(5):
        assert client.get(f"/payment-runs/{one}/rows").json()["count"] == 5
    with django_assert_num_queries(5):
        assert client.get(f"/payment-runs/{one}/findings").json()["count"] == 5


def test_review_submit_and_approve_by_a_second_person(
    allowance, street_worker, district_clerk, district_checker
):
    aged(date(1941, 1, 1))
    run = compute(district_clerk, allowance, region="640302000000").json()
    findings = JsonClient(district_clerk).get(f"/payment-runs/{run['pk']}/findings").json()
    assert [(f["check_code"], f["status"]) for f in findings["items"]] == [
        ("no_bank_account", "open")
    ]
    finding_pk = findings["items"][0]["pk"]

    refused = JsonClient(street_worker).post(
        f"/payment-run-findings/{finding_pk}/review", {"hold": False, "note": ""}
    )
    reviewed = JsonClient(street_worker).post(
        f"/payment-run-findings/{finding_pk}/review", {"hold": False, "note": "已核实账户"}
    )
    submitted = JsonClient(district_clerk).post(f"/payment-runs/{run['pk']}/submit")
    same = JsonClient(district_clerk).post(f"/payment-runs/{run['pk']}/approve")
    approved = JsonClient(district_checker).post(f"/payment-runs/{run['pk']}/approve")

    assert (refused.status_code, refused.json()["code"], refused.json()["field"]) == (
        422,
        "benefit_reason_required",
        "note",
    )
    assert (reviewed.status_code, reviewed.json()["status"]) == (200, "confirmed")
    assert reviewed.json()["reviewed_by"] == "street_worker"
    assert (submitted.status_code, submitted.json()["status"]) == (200, "submitted")
    assert (same.status_code, same.json()["code"]) == (422, "benefit_same_person_approves")
    assert (approved.status_code, approved.json()["status"]) == (200, "approved")
    assert approved.json()["approved_by"] == "district_checker"
    assert list(LedgerEntry.objects.values_list("kind", "amount_fen")) == [("payment", 10000)]


def test_hold_a_finding(allowance, street_worker):
    aged(date(1941, 1, 1))
    run_pk = compute(street_worker, allowance).json()["pk"]
    finding = Finding.objects.get()

    held = JsonClient(street_worker).post(
        f"/payment-run-findings/{finding.pk}/review", {"hold": True, "note": ""}
    )

    assert (held.status_code, held.json()["status"]) == (200, "held")
    run = JsonClient(street_worker).get(f"/payment-runs/{run_pk}").json()
    assert (run["held_fen"], run["total_fen"], run["open_findings_count"]) == (10000, 0, 0)


def test_writes_refused(
    allowance, street_worker, community_worker, other_street_worker, other_district_clerk, caregiver
):
    aged(date(1941, 1, 1))
    pk = compute(street_worker, allowance).json()["pk"]
    finding = Finding.objects.get()
    records = ChangeRecord.objects.count()
    writes = [
        (f"/payment-runs/{pk}/submit", {}, community_worker, other_street_worker),
        # streets do not approve money: the outsider who could is another district's clerk
        (f"/payment-runs/{pk}/approve", {}, street_worker, other_district_clerk),
        (f"/payment-runs/{pk}/cancel", {"reason": "重算"}, community_worker, other_street_worker),
        (
            f"/payment-run-findings/{finding.pk}/review",
            {"hold": True},
            community_worker,
            other_street_worker,
        ),
    ]

    for path, body, without_capability, outsider in writes:
        assert JsonClient().post(path, body).status_code == 401
        assert JsonClient(caregiver).post(path, body).status_code == 403
        assert JsonClient(without_capability).post(path, body).status_code == 403
        assert JsonClient(outsider).post(path, body).status_code == 404, path

    assert PaymentRun.objects.get().status == "computed"
    assert Finding.objects.get().status == "open"
    assert ChangeRecord.objects.count() == records


def test_cancel_needs_a_reason(allowance, street_worker):
    aged(date(1941, 1, 1))
    pk = compute(street_worker, allowance).json()["pk"]
    client = JsonClient(street_worker)

    refused = client.post(f"/payment-runs/{pk}/cancel", {"reason": ""})
    cancelled = client.post(f"/payment-runs/{pk}/cancel", {"reason": "名单有误"})

    assert refused.json() == {
        "code": "benefit_reason_required",
        "message": refused.json()["message"],
        "field": "reason",
    }
    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
    assert cancelled.json()["cancel_reason"] == "名单有误"
