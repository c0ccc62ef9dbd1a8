"""The institution pages (issue 6): a clerk files a new institution and sees its check due date
right around National Day; documents, the check and the overdue list."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.conftest import STREET_A, STREET_B
from tests.institutions.conftest import institution_data
from yiyang.institutions.models import Filing, Institution

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to("2026-12-03 10:00:00+08:00", tick=False)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(region_code: str, organisation: str, name: str, filed_on: str) -> dict:
    data = institution_data(region_code, organisation, name)
    data["region"] = data.pop("region_code")
    return {**data, "filed_on": filed_on}


def test_a_clerk_files_before_national_day_and_sees_the_due_date(street_worker):
    client = _client(street_worker)

    response = client.post(
        "/institutions/new/", _form(STREET_A, "MA000001", "甲街颐养院", "2025-09-30")
    )

    assert response.status_code == 302
    institution = Institution.objects.get()
    assert response["Location"] == f"/institutions/{institution.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "2025-11-04" in page  # 20 working days after 2025-09-30, National Day skipped
    assert "现场核查截止日" in page
    assert "登记证书或营业执照" in page


def test_a_bad_credit_code_is_shown_beside_its_field(street_worker):
    data = _form(STREET_A, "MA000001", "甲街颐养院", "2025-09-30")
    data["credit_code"] = "91640302MA0000010X"
    response = _client(street_worker).post("/institutions/new/", data)
    assert response.status_code == 422
    assert "统一社会信用代码无效" in response.content.decode()
    assert not Institution.objects.exists()


def test_the_other_streets_region_is_not_offered(street_worker):
    page = _client(street_worker).get("/institutions/new/").content.decode()
    assert STREET_A in page
    assert STREET_B not in page


def test_upload_and_check_through_the_pages(filing_a, street_worker, district_worker):
    clerk = _client(street_worker)
    for item in filing_a.required_documents:
        clerk.post(
            f"/institutions/filings/{filing_a.pk}/documents/",
            {"code": item["code"], "file": SimpleUploadedFile("scan.pdf", b"%PDF scan")},
        )
    response = _client(district_worker).post(
        f"/institutions/filings/{filing_a.pk}/check/",
        {"checked_on": "2025-10-20", "result": "confirmed", "note": ""},
    )
    assert response.status_code == 302
    assert Filing.objects.get(pk=filing_a.pk).check_result == "confirmed"
    assert Institution.objects.get(pk=filing_a.institution_id).status == "operating"


def test_a_street_worker_cannot_record_the_check(filing_a, street_worker):
    response = _client(street_worker).post(
        f"/institutions/filings/{filing_a.pk}/check/",
        {"checked_on": "2025-10-20", "result": "rectify", "note": "x"},
    )
    assert response.status_code == 422
    assert Filing.objects.get(pk=filing_a.pk).status == "awaiting_check"


def test_the_overdue_list(filing_a, filing_b, district_worker, street_worker):
    page = _client(district_worker).get("/institutions/?overdue=1").content.decode()
    assert "甲街颐养院" in page
    assert "乙镇敬老院" in page
    mine = _client(street_worker).get("/institutions/?overdue=1").content.decode()
    assert "甲街颐养院" in mine
    assert "乙镇敬老院" not in mine


def test_another_streets_institution_is_not_found(filing_b, street_worker):
    response = _client(street_worker).get(f"/institutions/{filing_b.institution_id}/")
    assert response.status_code == 404


def test_institution_staff_see_their_own_institution(filing_a, filing_b, institution_staff):
    page = _client(institution_staff).get("/institutions/").content.decode()
    assert "甲街颐养院" in page
    assert "乙镇敬老院" not in page
