"""Agency pages and API: lists, the qualification shown, forms with field errors, refusals."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.conftest import DISTRICT, OTHER_DISTRICT, _user
from yiyang.assessment.models import AssessmentAgency, Assessor, AssessorTraining
from yiyang.core.models import User
from yiyang.core.roles import Role

TODAY = "2026-03-15 10:00:00+08:00"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staffed_agency(agency, assessor_one, assessor_two, unqualified_assessor):
    Assessor.objects.create(
        agency=agency,
        name="过期甲",
        certificate_number="PG-OLD",
        certified_on=date(2020, 1, 1),
        certificate_valid_until=date(2025, 12, 31),
    )
    AssessorTraining.objects.create(
        assessor=assessor_one, topic="规范培训", taken_on=date(2026, 1, 5), hours=8, exam_score=88
    )
    return agency


@time_machine.travel(TODAY, tick=False)
def test_agency_list_counts_qualified_and_total_assessors(staffed_agency, district_worker):
    response = _client(district_worker).get(reverse("assessment:agency_list"))

    assert response.status_code == 200
    assert [
        (agency.name, agency.qualified_count, agency.assessor_count)
        for agency, _ in response.context["rows"]
    ] == [("利通区康寿评估中心", 2, 4)]


@time_machine.travel(TODAY, tick=False)
def test_agency_page_shows_qualification_and_expired_certificates(staffed_agency, district_worker):
    response = _client(district_worker).get(
        reverse("assessment:agency_detail", kwargs={"pk": staffed_agency.pk})
    )

    rows = {row["assessor"].name: row for row in response.context["rows"]}
    assert {name: (row["qualified"], row["expired"]) for name, row in rows.items()} == {
        "马丽": (True, False),
        "杨军": (True, False),
        "海燕": (False, False),
        "过期甲": (False, True),
    }
    assert rows["马丽"]["hours"] == 8
    assert rows["马丽"]["last_exam"].exam_score == 88
    assert '<span class="text-danger fw-semibold">2025-12-31</span>' in response.content.decode()


def test_street_worker_sees_no_district_agency(staffed_agency, street_worker):
    client = _client(street_worker)

    listed = client.get(reverse("assessment:agency_list"))
    detail = client.get(reverse("assessment:agency_detail", kwargs={"pk": staffed_agency.pk}))
    api = client.get("/api/v1/assessment-agencies/")

    assert listed.context["rows"] == []
    assert detail.status_code == 404
    assert api.json() == {"items": [], "count": 0}


def test_create_form_shows_the_credit_code_error_beside_the_field(district_worker):
    response = _client(district_worker).post(
        reverse("assessment:agency_create"),
        {"name": "新机构", "credit_code": "91350100M000100Y44", "region": DISTRICT},
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["credit_code"]
    assert AssessmentAgency.objects.count() == 0  # scoped: test count


def test_create_form_registers_and_redirects(district_worker):
    response = _client(district_worker).post(
        reverse("assessment:agency_create"),
        {"name": "新机构", "credit_code": "91350100M000100Y43", "region": DISTRICT},
    )

    agency = AssessmentAgency.objects.get()  # scoped: test read
    assert response.status_code == 302
    assert response["Location"] == reverse("assessment:agency_detail", kwargs={"pk": agency.pk})


def test_assessor_login_password_is_shown_once_on_the_answer(agency, district_worker):
    response = _client(district_worker).post(
        reverse("assessment:assessor_create", kwargs={"pk": agency.pk}),
        {"name": "韩梅", "username": "hanmei"},
    )

    password = response.context["registered"].initial_password
    assert response.status_code == 200
    assert password in response.content.decode()
    assert User.objects.get(username="hanmei").check_password(password)


def test_other_district_cannot_open_the_agency_forms(agency, assessor_one):
    other = _client(_user("other_district_worker", Role.DISTRICT_STAFF, OTHER_DISTRICT))

    assert (
        other.get(reverse("assessment:agency_update", kwargs={"pk": agency.pk})).status_code == 404
    )
    assert (
        other.post(
            reverse("assessment:assessor_deactivate", kwargs={"pk": assessor_one.pk})
        ).status_code
        == 404
    )
    assessor_one.refresh_from_db()
    assert assessor_one.is_active is True


def test_street_worker_of_a_street_agency_may_read_but_not_change_it(regions, street_worker):
    agency = AssessmentAgency.objects.create(
        name="胜利街道评估站", credit_code="91640302MA76XU1P8G", region_id="640302001000"
    )
    client = _client(street_worker)

    assert (
        client.get(reverse("assessment:agency_detail", kwargs={"pk": agency.pk})).status_code == 200
    )
    assert (
        client.get(reverse("assessment:agency_update", kwargs={"pk": agency.pk})).status_code == 403
    )


@time_machine.travel(TODAY, tick=False)
def test_api_lists_and_creates(staffed_agency, district_worker):
    client = _client(district_worker)

    listed = client.get("/api/v1/assessors/", {"qualified": "true"})
    created = client.post(
        f"/api/v1/assessment-agencies/{staffed_agency.pk}/assessors",
        {"name": "韩梅", "phone": "13912345678", "username": "hanmei"},
        content_type="application/json",
    )
    refused = client.post(
        "/api/v1/assessment-agencies/",
        {"name": "新机构", "credit_code": "123", "region": DISTRICT},
        content_type="application/json",
    )

    assert [row["name"] for row in listed.json()["items"]] == ["杨军", "马丽"]
    assert created.status_code == 201
    body = created.json()
    assert (body["assessor"]["phone_masked"], body["assessor"]["is_qualified"]) == (
        "139****5678",
        False,
    )
    assert len(body["initial_password"]) == 12
    assert refused.status_code == 422
    assert (refused.json()["code"], refused.json()["field"]) == (
        "credit_code_invalid",
        "credit_code",
    )
