"""The institution's own pages (issue 6): bed board, admission, a resident's leave, return and
discharge, medical agreements, grade assessment, community facilities. The pages call the same
services as the API; refusals name the field; streets read, other institutions see nothing."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import COMMUNITY_A1, STREET_A, _user
from tests.factories import make_elder
from yiyang.core.roles import Role
from yiyang.institutions.models import (
    Bed,
    Facility,
    GradeAssessment,
    GradeScheme,
    MedicalAgreement,
    Residency,
    ResidencyLeave,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to("2026-12-03 10:00:00+08:00", tick=False)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _admission(elder, **changes) -> dict:
    return {
        "elder_id_number": elder.id_number,
        "admitted_on": "2026-12-01",
        "contract_number": "HT-2026-9",
        "contract_until": "2027-11-30",
        "fee_yuan": "2800.50",
        "payer": "family",
        **changes,
    }


def test_staff_admit_from_the_bed_page_and_the_board_shows_the_resident(room, institution_staff):
    elder = make_elder(
        residence_region_id=COMMUNITY_A1,
        name="王桂英",
        ability_level=3,
        ability_level_valid_until=date(2027, 6, 30),
    )
    bed = room.beds.get(code="1")
    client = _client(institution_staff)

    response = client.post(reverse("institutions:bed_detail", args=[bed.pk]), _admission(elder))

    stay = Residency.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("institutions:residency_detail", args=[stay.pk])
    assert (stay.fee_level_fen, stay.ability_level, stay.contract_until) == (
        280050,
        3,
        date(2027, 11, 30),
    )
    board = client.get(reverse("institutions:bed_board", args=[room.institution_id]))
    assert "王桂英" in board.content.decode()
    counts = {row["kind"]: row for row in board.context["counts"]}
    assert (counts["nursing"]["free"], counts["nursing"]["occupied"]) == (1, 1)


def test_a_refused_admission_names_the_field_and_writes_nothing(room, institution_staff):
    bed = room.beds.get(code="1")
    client = _client(institution_staff)
    elder = make_elder(residence_region_id=COMMUNITY_A1)

    unknown = client.post(
        reverse("institutions:bed_detail", args=[bed.pk]),
        _admission(elder, elder_id_number="11010519491231002X"),
    )
    backwards = client.post(
        reverse("institutions:bed_detail", args=[bed.pk]),
        _admission(elder, contract_until="2026-11-30"),
    )

    assert unknown.status_code == backwards.status_code == 422
    assert list(unknown.context["form"].errors) == ["elder_id_number"]
    assert list(backwards.context["form"].errors) == ["contract_until"]
    assert (Residency.objects.count(), Bed.objects.get(pk=bed.pk).state) == (0, "free")


def test_leave_return_and_discharge_from_the_resident_page(room, institution_staff):
    elder = make_elder(residence_region_id=COMMUNITY_A1)
    client = _client(institution_staff)
    bed = room.beds.get(code="1")
    client.post(reverse("institutions:bed_detail", args=[bed.pk]), _admission(elder))
    stay = Residency.objects.get()

    def act(action, **data):
        url = reverse("institutions:residency_action", args=[stay.pk, action])
        return client.post(url, data)

    bad = act("leave", kind="hospital", started_on="2026-12-02", expected_return_on="2026-12-01")
    assert bad.status_code == 422
    assert list(bad.context["leave_form"].errors) == ["expected_return_on"]
    assert (
        act(
            "leave", kind="hospital", started_on="2026-12-02", expected_return_on="2026-12-09"
        ).status_code
        == 302
    )
    assert Bed.objects.get(pk=bed.pk).state == "occupied"
    assert act("return", returned_on="2026-12-03").status_code == 302
    assert act("discharge", on="2026-12-03").status_code == 302

    stay.refresh_from_db()
    assert (stay.end_reason, Bed.objects.get(pk=bed.pk).state) == ("discharge", "free")
    assert ResidencyLeave.objects.get().returned_on == date(2026, 12, 3)


def test_streets_read_the_board_without_the_forms_and_other_homes_see_nothing(
    room, street_worker, filing_b, regions
):
    board = _client(street_worker).get(
        reverse("institutions:bed_board", args=[room.institution_id])
    )
    assert board.status_code == 200
    assert board.context["can_manage"] is False
    assert "room_create" not in board.content.decode()

    other = _user("other_staff", Role.INSTITUTION_STAFF, STREET_A)
    from yiyang.institutions.models import InstitutionMembership

    InstitutionMembership.objects.create(user=other, institution=filing_b.institution)
    for name, args in (
        ("bed_board", [room.institution_id]),
        ("bed_detail", [room.beds.first().pk]),
        ("resident_list", [room.institution_id]),
        ("agreement_list", [room.institution_id]),
        ("grade_list", [room.institution_id]),
    ):
        assert _client(other).get(reverse(f"institutions:{name}", args=args)).status_code == 404


def test_staff_add_and_end_a_medical_agreement(home, institution_staff):
    client = _client(institution_staff)
    url = reverse("institutions:agreement_list", args=[home.pk])
    backwards = client.post(
        url,
        {
            "medical_institution": "利通区人民医院",
            "scope": "巡诊",
            "starts_on": "2026-12-01",
            "ends_on": "2026-11-01",
        },
    )
    assert backwards.status_code == 422
    assert list(backwards.context["form"].errors) == ["ends_on"]

    client.post(
        url,
        {
            "medical_institution": "利通区人民医院",
            "scope": "巡诊、急救绿色通道",
            "starts_on": "2026-01-01",
            "green_channel": "on",
        },
    )
    agreement = MedicalAgreement.objects.get()
    assert agreement.green_channel is True
    client.post(
        reverse("institutions:agreement_end", args=[agreement.pk]), {"ends_on": "2026-12-02"}
    )
    agreement.refresh_from_db()
    assert agreement.ends_on == date(2026, 12, 2)
    assert not MedicalAgreement.objects.in_force(date(2026, 12, 3)).exists()


def test_the_district_grades_from_the_form_and_the_grade_shows(home, district_worker):
    GradeScheme.objects.all().delete()
    GradeScheme.objects.create(
        effective_from=date(2020, 1, 1),
        name="test",
        sections=[
            {"code": "a", "name": "甲", "items": [{"code": "a1", "name": "甲一", "max_points": 10}]}
        ],
        thresholds=[{"grade": 3, "min_total": 5, "min_sections": {}}],
    )
    client = _client(district_worker)
    url = reverse("institutions:grade_create", args=[home.pk])
    too_many = client.post(url, {"assessed_on": "2026-12-01", "prerequisites_met": "on", "a1": 11})
    assert too_many.status_code == 422
    assert list(too_many.context["form"].errors) == ["a1"]

    client.post(url, {"assessed_on": "2026-12-01", "prerequisites_met": "on", "a1": "6.5"})

    assert GradeAssessment.objects.get().grade == 3
    detail = client.get(reverse("institutions:institution_detail", args=[home.pk]))
    assert detail.context["grade"] == 3
    public = Client().get(reverse("institutions:public_list"))
    assert public.context["cards"][0]["grade"] == 3


def test_institution_staff_cannot_open_the_grade_form(home, institution_staff):
    url = reverse("institutions:grade_create", args=[home.pk])
    assert _client(institution_staff).get(url).status_code == 403


def test_a_street_keeps_its_facility_services_and_hours(street_worker, other_street_worker):
    facility = Facility.objects.create(
        name="富平社区日间照料中心",
        kind="day_care",
        region_id=COMMUNITY_A1,
        address="富平路 3 号",
    )
    url = reverse("institutions:facility_edit", args=[facility.pk])
    response = _client(street_worker).post(
        url,
        {
            "services": ["meal", "day_care", "rehab"],
            "opening_hours": "周一至周五 8:00-17:30",
            "contact_phone": "0953-2011111",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    facility.refresh_from_db()
    assert facility.services == ["day_care", "meal", "rehab"]
    assert facility.service_labels == ["日间照料", "助餐", "康复"]
    assert facility.opening_hours == "周一至周五 8:00-17:30"
    assert _client(other_street_worker).get(url).status_code == 404


def test_the_facility_api_patches_hours_and_keeps_the_rest(street_worker):
    facility = Facility.objects.create(
        name="富平社区助餐点",
        kind="meal_point",
        region_id=COMMUNITY_A1,
        address="富平路 5 号",
        services=["meal"],
    )
    client = _client(street_worker)
    response = client.patch(
        f"/api/v1/facilities/{facility.pk}",
        {"opening_hours": "每天 11:00-13:00"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert (response.json()["opening_hours"], response.json()["services"]) == (
        "每天 11:00-13:00",
        ["meal"],
    )
    refused = client.patch(
        f"/api/v1/facilities/{facility.pk}",
        {"services": ["bingo"]},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert "services" in str(refused.json())
    listed = client.get("/api/v1/facilities/?kind=meal_point").json()
    assert [row["pk"] for row in listed["items"]] == [facility.pk]


def test_the_menu_has_no_empty_registry_heading_for_staff_who_cannot_see_the_registry(
    room, institution_staff, street_worker
):
    # given institution staff (no registry rights) and a street worker (who has them)
    heading = '<div class="yy-nav-section">老年人档案</div>'
    staff_page = _client(institution_staff).get(
        reverse("institutions:bed_board", args=[room.institution_id]),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    clerk_page = _client(street_worker).get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="zh-hans")

    # then the registry's heading is shown only above links the reader has
    assert staff_page.status_code == 200
    assert heading not in staff_page.content.decode()
    assert heading in clerk_page.content.decode()
