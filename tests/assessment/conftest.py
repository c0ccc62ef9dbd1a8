"""Fixtures of the assessment tests: the shipped GB/T 42195 scale, an agency, assessors, elders."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import yiyang.assessment
from tests.conftest import COMMUNITY_A1, COMMUNITY_B1, DISTRICT, _user
from tests.factories import make_elder
from yiyang.assessment.choices import ScaleStatus
from yiyang.assessment.models import AssessmentAgency, Assessor, Scale
from yiyang.core.roles import Role

DATA = Path(yiyang.assessment.__file__).parent / "data"


def scale_definition(name: str = "gbt_42195_2022.json") -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture
def gbt_scale(db):
    """The GB/T 42195-2022 scale as shipped, published.

    Migration 0002_load_scales already created it; this makes sure it is version 1 as in the
    data file, published (a test before may have changed it only inside its transaction).
    """
    definition = scale_definition()
    scale, _created = Scale.objects.update_or_create(
        code=definition["code"],
        version=1,
        defaults={
            "name": definition["name"],
            "status": ScaleStatus.PUBLISHED,
            "source": definition["source"],
            "definition": definition,
        },
    )
    return scale


@pytest.fixture
def district_worker(regions):
    return _user("district_worker", Role.DISTRICT_STAFF, DISTRICT)


@pytest.fixture
def agency(regions):
    return AssessmentAgency.objects.create(
        name="利通区康寿评估中心", credit_code="91350100M000100Y43", region_id=DISTRICT
    )


def _assessor(
    agency, username: str, name: str, *, certified_on: date | None = date(2024, 3, 1)
) -> Assessor:
    user = _user(username, Role.ASSESSOR, agency.region_id)
    return Assessor.objects.create(
        agency=agency,
        user=user,
        name=name,
        certificate_number=f"PG-{username}",
        certified_on=certified_on,
    )


@pytest.fixture
def assessor_one(agency):
    return _assessor(agency, "assessor_one", "马丽")


@pytest.fixture
def assessor_two(agency):
    return _assessor(agency, "assessor_two", "杨军")


@pytest.fixture
def assessor_three(agency):
    """A third qualified assessor: the other team of rechecks and objections."""
    return _assessor(agency, "assessor_three", "丁敏")


@pytest.fixture
def unqualified_assessor(agency):
    return _assessor(agency, "assessor_trainee", "海燕", certified_on=None)


@pytest.fixture
def elder_a(regions):
    return make_elder(residence_region_id=COMMUNITY_A1, name="王秀英", birth=date(1938, 6, 1))


@pytest.fixture
def elder_b(regions):
    return make_elder(
        residence_region_id=COMMUNITY_B1, name="李德明", birth=date(1941, 2, 3), male=True
    )


def full_answers(definition: dict | None = None) -> dict[str, int]:
    """Every item at its maximum (total 90 on GB/T 42195)."""
    definition = definition or scale_definition()
    return {
        item["code"]: max(option["score"] for option in item["options"])
        for dimension in definition["dimensions"]
        for item in dimension["items"]
    }
