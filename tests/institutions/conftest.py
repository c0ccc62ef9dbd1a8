"""Institutions of street A and street B, and the actors of the filing tests."""

from __future__ import annotations

from datetime import date

import pytest

from tests.access_world import walk_credit_code
from tests.conftest import DISTRICT, STREET_A, STREET_B, _user
from yiyang.core.roles import Role
from yiyang.institutions import services
from yiyang.institutions.models import Institution, InstitutionMembership


def institution_data(region_code: str, organisation: str, name: str) -> dict:
    return {
        "name": name,
        "credit_code": walk_credit_code(organisation),
        "ownership": "private",
        "legal_form": "social_organisation",
        "kind": "care_home",
        "region_code": region_code,
        "address": "利通区胜利街道 1 号",
        "contact_name": "李院长",
        "contact_phone": "13900000000",
    }


@pytest.fixture
def district_worker(regions):
    return _user("district_worker", Role.DISTRICT_STAFF, DISTRICT)


@pytest.fixture
def filing_a(street_worker):
    """A new institution of street A filed on Friday 2025-09-26, before National Day."""
    return services.file_new_institution(
        data=institution_data(STREET_A, "MA000001", "甲街颐养院"),
        filed_on=date(2025, 9, 26),
        actor=street_worker,
    )


@pytest.fixture
def filing_b(other_street_worker):
    return services.file_new_institution(
        data=institution_data(STREET_B, "MA000002", "乙镇敬老院"),
        filed_on=date(2025, 9, 30),
        actor=other_street_worker,
    )


@pytest.fixture
def institution_staff(filing_a, regions):
    user = _user("institution_staff", Role.INSTITUTION_STAFF, STREET_A)
    InstitutionMembership.objects.create(user=user, institution=filing_a.institution)
    return user


@pytest.fixture
def home(filing_a):
    """Street A's institution, operating (as after a confirmed check)."""
    Institution.objects.filter(pk=filing_a.institution_id).update(status="operating")
    return Institution.objects.get(pk=filing_a.institution_id)


@pytest.fixture
def room(home, institution_staff):
    """Room 101: two nursing beds and an ordinary one."""
    return services.add_room(
        home,
        building="1号楼",
        floor=1,
        number="101",
        beds=[("1", "nursing"), ("2", "nursing"), ("3", "ordinary")],
        actor=institution_staff,
    )
