"""Elders by ability level and region: the figures statistics read (issue 3)."""

from datetime import date

import time_machine

from tests.conftest import COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, STREET_A, STREET_B
from tests.factories import make_elder


def _elder(community: str, level: int | None, valid_until: date | None = date(2027, 6, 30)):
    return make_elder(
        residence_region_id=community,
        ability_level=level,
        ability_level_valid_until=valid_until if level is not None else None,
    )


@time_machine.travel("2026-11-23 10:00 +0800")
def test_counts_by_street_and_valid_level(client, city_admin):
    _elder(COMMUNITY_A1, 0)
    _elder(COMMUNITY_A1, 2)
    _elder(COMMUNITY_A2, 2)
    _elder(COMMUNITY_A2, 4, valid_until=date(2026, 11, 22))  # lapsed yesterday: not assessed
    _elder(COMMUNITY_A2, None)
    _elder(COMMUNITY_B1, 3)
    client.force_login(city_admin)

    rows = client.get("/api/v1/assessments/levels?level=4").json()

    assert rows == [
        {
            "region_code": STREET_A,
            "region_name": "胜利街道",
            "levels": {"0": 1, "1": 0, "2": 2, "3": 0, "4": 0},
            "not_assessed": 2,
            "total": 5,
        },
        {
            "region_code": STREET_B,
            "region_name": "金星镇",
            "levels": {"0": 0, "1": 0, "2": 0, "3": 1, "4": 0},
            "not_assessed": 0,
            "total": 1,
        },
    ]


@time_machine.travel("2026-11-23 10:00 +0800")
def test_a_street_worker_counts_only_their_street(client, street_worker):
    _elder(COMMUNITY_A1, 1)
    _elder(COMMUNITY_B1, 3)
    client.force_login(street_worker)

    rows = client.get("/api/v1/assessments/levels?level=5").json()

    assert [(row["region_code"], row["levels"]["1"], row["total"]) for row in rows] == [
        (COMMUNITY_A1, 1, 1)
    ]
