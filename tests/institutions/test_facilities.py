"""Registering a community facility (社区养老服务设施) through its service."""

from __future__ import annotations

import pytest

from tests.conftest import COMMUNITY_A1
from yiyang.core.errors import PermissionDeniedError
from yiyang.core.models import ChangeRecord
from yiyang.institutions.errors import InstitutionError
from yiyang.institutions.models import Facility
from yiyang.institutions.services import register_facility

pytestmark = pytest.mark.django_db

DATA = {
    "name": "富平社区日间照料中心",
    "kind": "day_care",
    "region_code": COMMUNITY_A1,
    "address": "富平社区 3 号",
    "latitude": "38.0",
    "longitude": "106.2",
    "services": ["meal", "day_care"],
    "opening_hours": "08:00-17:30",
}


def test_city_registers_a_facility_with_its_services(city_admin):
    facility = register_facility(DATA, actor=city_admin)

    assert (facility.region_id, facility.services, str(facility.latitude)) == (
        COMMUNITY_A1,
        ["day_care", "meal"],
        "38.0",
    )
    assert ChangeRecord.objects.get().region_code == COMMUNITY_A1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"kind": "casino"}, "kind", id="kind_case"),
        pytest.param({"services": ["bingo"]}, "services", id="service_case"),
        pytest.param({"latitude": "91"}, "latitude", id="latitude_case"),
        pytest.param({"name": " "}, "name", id="name_case"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(city_admin, changes, field):
    with pytest.raises(InstitutionError) as refused:
        register_facility(DATA | changes, actor=city_admin)

    assert refused.value.field == field
    assert not Facility.objects.exists()


def test_a_clerk_may_not_register_one_in_another_street(other_street_worker):
    with pytest.raises(PermissionDeniedError):
        register_facility(DATA, actor=other_street_worker)

    assert not Facility.objects.exists()
