"""Fixtures of the service-map tests: communities with coordinates, a few elders placed by hand
around them, one meal point; time frozen in June 2026.

Distances (computed by hand: one degree of latitude is 111.195 km; of longitude at 38° north,
111.195 × cos 38° = 87.62 km). The meal point M lies at (38.003, 106.2). 富平 (A1) elders:
"near" at (38.0, 106.2), 0.003° = 0.334 km from M: 6.5 min at 4 km/h × 1.3, covered; "far" at
(38.0, 106.22), √(0.334² + 1.752²) = 1.784 km: 34.8 min, not covered; "unknown" has no
coordinates. 明珠 (A2) "edge" at (38.01, 106.2), 0.007° = 0.778 km: 15.2 min, just outside
15 minutes. 新华 (B1) "b1" at (38.003, 106.2) beside M: covered.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from tests.conftest import COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, OTHER_COMMUNITY
from tests.factories import make_elder
from yiyang.core.models import Region
from yiyang.institutions.models import Facility

TODAY = date(2026, 6, 15)
POINTS = {
    COMMUNITY_A1: (Decimal("38.000000"), Decimal("106.200000")),
    COMMUNITY_A2: (Decimal("38.010000"), Decimal("106.200000")),
    COMMUNITY_B1: (Decimal("38.003000"), Decimal("106.210000")),
    OTHER_COMMUNITY: (Decimal("37.900000"), Decimal("106.100000")),
}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def placed(regions):
    for code, (lat, lng) in POINTS.items():
        Region.objects.filter(code=code).update(latitude=lat, longitude=lng)
    return POINTS


def at(lat: str | None, lng: str | None) -> dict:
    if lat is None or lng is None:
        return {}
    return {"latitude": Decimal(lat), "longitude": Decimal(lng)}


@pytest.fixture
def elders(placed):
    return {
        "near": make_elder(residence_region_id=COMMUNITY_A1, **at("38.0", "106.2")),
        "far": make_elder(residence_region_id=COMMUNITY_A1, **at("38.0", "106.22")),
        "unknown": make_elder(residence_region_id=COMMUNITY_A1),
        "edge": make_elder(residence_region_id=COMMUNITY_A2, **at("38.01", "106.2")),
        "b1": make_elder(residence_region_id=COMMUNITY_B1, **at("38.003", "106.2")),
        "other": make_elder(residence_region_id=OTHER_COMMUNITY, **at("37.9", "106.1")),
    }


@pytest.fixture
def meal_point(placed):
    return Facility.objects.create(
        name="富平社区老年助餐点",
        kind="meal_point",
        region_id=COMMUNITY_A1,
        address="富平社区一号楼",
        latitude=Decimal("38.003"),
        longitude=Decimal("106.2"),
        services=["meal"],
        opening_hours="11:00-13:00",
    )
