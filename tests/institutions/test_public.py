"""The public care-home list (no login): operating homes, free beds by kind that follow
admissions and discharges, search, large type; nothing personal (issue 6)."""

from datetime import date

import pytest
from django.test import Client

from tests.conftest import COMMUNITY_A1, DISTRICT, STREET_B
from tests.factories import make_elder
from tests.institutions.conftest import institution_data
from yiyang.institutions import services
from yiyang.institutions.models import Institution

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to("2026-12-03 10:00:00+08:00", tick=False)


@pytest.fixture
def home(filing_a, institution_staff):
    Institution.objects.filter(pk=filing_a.institution_id).update(
        status="operating", price_min_fen=180000, price_max_fen=420000
    )
    institution = Institution.objects.get(pk=filing_a.institution_id)
    services.add_room(
        institution,
        building="1号楼",
        floor=1,
        number="101",
        beds=[("1", "nursing"), ("2", "nursing"), ("3", "dementia")],
        actor=institution_staff,
    )
    return institution


def _page(**params) -> str:
    response = Client().get("/institutions/public/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_free_beds_follow_admission_and_discharge(home, institution_staff):
    assert "护理型床位：2 张空闲" in _page()
    elder = make_elder(residence_region_id=COMMUNITY_A1, name="白凤英")
    stay = services.admit(
        home.rooms.get().beds.get(code="1"),
        elder=elder,
        admitted_on=date(2026, 11, 2),
        contract_number="HT-1",
        fee_level_fen=200000,
        payer="family",
        concentrated_support=False,
        actor=institution_staff,
    )
    page = _page()
    assert "护理型床位：1 张空闲" in page
    assert "白凤英" not in page  # no resident is ever named
    services.discharge(stay, on=date(2026, 12, 1), died=False, actor=institution_staff)
    assert "护理型床位：2 张空闲" in _page()


def test_the_card_shows_contact_price_and_kind(home):
    page = _page()
    assert "甲街颐养院" in page
    assert "1,800–4,200 元/月" in page
    assert "13900000000" in page
    assert "认知症照护床位：1 张空闲" in page


def test_homes_still_awaiting_their_check_are_not_listed(home, filing_b):
    page = _page()
    assert "甲街颐养院" in page
    assert "乙镇敬老院" not in page


def test_search_by_name_kind_and_district(home, other_street_worker):
    other = services.file_new_institution(
        data={**institution_data(STREET_B, "MA000009", "金星敬老院"), "kind": "nursing_home"},
        filed_on=date(2025, 9, 26),
        actor=other_street_worker,
    ).institution
    Institution.objects.filter(pk=other.pk).update(status="operating")
    assert "金星敬老院" not in _page(q="颐养")
    assert "金星敬老院" in _page(kind="nursing_home")
    assert "甲街颐养院" not in _page(kind="nursing_home")
    assert "甲街颐养院" in _page(district=DISTRICT)
    assert "甲街颐养院" not in _page(district="640381000000")


def test_large_type_is_an_option(home):
    assert 'class="yy-large"' in _page(large="1")
    assert 'class="yy-large"' not in _page()


def test_the_list_takes_the_same_queries_for_more_homes(
    home, other_street_worker, django_assert_num_queries
):
    client = Client()
    client.get("/institutions/public/")
    with django_assert_num_queries(6):  # count, page, free beds, grades, districts, map
        client.get("/institutions/public/")
    for number in range(3):
        extra = services.file_new_institution(
            data=institution_data(STREET_B, f"MA00001{number}", f"院{number}"),
            filed_on=date(2025, 9, 26),
            actor=other_street_worker,
        ).institution
        Institution.objects.filter(pk=extra.pk).update(status="operating")
    with django_assert_num_queries(6):
        client.get("/institutions/public/")
