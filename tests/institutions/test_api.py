"""The institution and filing endpoints (issue 6): a clerk files, uploads, the district checks;
permission matrix and query counts."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.conftest import JsonClient
from tests.conftest import STREET_A, STREET_B
from tests.institutions.conftest import institution_data
from yiyang.institutions import services
from yiyang.institutions.models import Filing, Institution

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to("2026-12-03 10:00:00+08:00", tick=False)


def test_a_clerk_files_an_institution_and_sees_its_due_date(street_worker):
    body = {
        **institution_data(STREET_A, "MA000001", "甲街颐养院"),
        "filed_on": "2025-09-26",
    }
    response = JsonClient(street_worker).post("/institutions/", body)

    assert response.status_code == 201
    filing = response.json()
    assert filing["check_due_on"] == "2025-10-30"
    assert filing["check_working_days"] == 20
    assert filing["overdue"] is True  # due in 2025, not yet checked on 2026-12-03
    assert [item["provided"] for item in filing["checklist"]] == [False, False, False, False]
    assert filing["events"][0]["type"] == "submitted"
    assert Institution.objects.get().status == "filed"


def test_a_bad_credit_code_names_the_field(street_worker):
    body = {
        **institution_data(STREET_A, "MA000001", "甲街颐养院"),
        "credit_code": "123",
        "filed_on": "2025-09-26",
    }
    response = JsonClient(street_worker).post("/institutions/", body)
    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == (
        "institution_credit_code_invalid",
        "credit_code",
    )
    assert not Institution.objects.exists()


def test_upload_then_check_through_the_api(filing_a, street_worker, district_worker):
    clerk = JsonClient(street_worker)
    for item in filing_a.required_documents:
        uploaded = clerk.client.post(
            f"/api/v1/institution-filings/{filing_a.pk}/documents",
            {"code": item["code"], "file": SimpleUploadedFile("scan.pdf", b"%PDF scan")},
        )
        assert uploaded.status_code == 201

    response = JsonClient(district_worker).post(
        f"/institution-filings/{filing_a.pk}/check",
        {"checked_on": "2025-10-20", "result": "confirmed"},
    )

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["overdue"]) == ("checked", False)
    assert Institution.objects.get(pk=filing_a.institution_id).status == "operating"


def test_overdue_filings_of_my_region_only(filing_a, filing_b, street_worker, district_worker):
    mine = JsonClient(street_worker).get("/institution-filings/", {"overdue": "true"}).json()
    everyone = JsonClient(district_worker).get("/institution-filings/", {"overdue": "true"}).json()
    assert [row["pk"] for row in mine["items"]] == [filing_a.pk]
    assert [row["check_due_on"] for row in everyone["items"]] == ["2025-10-30", "2025-11-04"]


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("street_worker", 200),
        ("district_worker", 200),
        ("institution_staff", 200),
        ("other_street_worker", 404),
        ("caregiver", 404),
    ],
)
def test_who_reads_an_institution(request, filing_a, institution_staff, actor, status):
    user = request.getfixturevalue(actor)
    response = JsonClient(user).get(f"/institutions/{filing_a.institution_id}")
    assert response.status_code == status


@pytest.mark.parametrize(
    ("actor", "status"),
    [("street_worker", 403), ("institution_staff", 403), ("other_street_worker", 404)],
)
def test_only_the_district_records_a_check(request, filing_a, institution_staff, actor, status):
    user = request.getfixturevalue(actor)
    response = JsonClient(user).post(
        f"/institution-filings/{filing_a.pk}/check",
        {"checked_on": "2025-10-20", "result": "rectify", "note": "x"},
    )
    assert response.status_code == status
    assert Filing.objects.get(pk=filing_a.pk).status == "awaiting_check"


def test_listing_institutions_takes_the_same_queries_for_more_rows(
    district_worker, django_assert_num_queries
):
    client = JsonClient(district_worker)
    services.file_new_institution(
        data=institution_data(STREET_A, "MA000001", "一院"),
        filed_on=date(2025, 9, 26),
        actor=district_worker,
    )
    client.get("/institutions/")
    with django_assert_num_queries(4):  # session, user, count, page
        first = client.get("/institutions/")
    for number, organisation in enumerate(["MA000002", "MA000003", "MA000004"]):
        services.file_new_institution(
            data=institution_data(STREET_B, organisation, f"院{number}"),
            filed_on=date(2025, 9, 26),
            actor=district_worker,
        )
    with django_assert_num_queries(4):
        more = client.get("/institutions/")
    assert (first.json()["count"], more.json()["count"]) == (1, 4)


def test_listing_filings_takes_the_same_queries_for_more_rows(
    filing_a, filing_b, district_worker, django_assert_num_queries
):
    client = JsonClient(district_worker)
    client.get("/institution-filings/")
    with django_assert_num_queries(4):  # session, user, count, page with institutions
        response = client.get("/institution-filings/")
    assert response.json()["count"] == 2
