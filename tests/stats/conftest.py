"""Fixtures of the statistics tests: a few elders in two streets, time frozen in June 2026."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from tests.conftest import COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, OTHER_COMMUNITY
from tests.factories import make_elder
from yiyang.registry.choices import LivingArrangement
from yiyang.stats.defaults import install_default_indicators

TODAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _indicators(db):
    """The shipped indicators: a live-server test elsewhere may have emptied the tables the
    migration filled, so they are installed again (idempotent)."""
    install_default_indicators()


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def elders(regions):
    """Seven elders: 3 in 富平 (A1), 1 in 明珠 (A2), 2 in 新华 (B1), 1 in 青铜峡."""
    return {
        "a1_old": make_elder(residence_region_id=COMMUNITY_A1, birth=date(1940, 1, 2)),
        "a1_alone": make_elder(
            residence_region_id=COMMUNITY_A1,
            birth=date(1955, 5, 5),
            living_arrangement=LivingArrangement.ALONE,
            ability_level=2,
            ability_level_valid_until=date(2027, 1, 1),
        ),
        "a1_lapsed": make_elder(
            residence_region_id=COMMUNITY_A1,
            birth=date(1950, 7, 1),
            ability_level=3,
            ability_level_valid_until=date(2026, 6, 14),
        ),
        "a2": make_elder(residence_region_id=COMMUNITY_A2, birth=date(1946, 6, 15)),
        "b1": make_elder(residence_region_id=COMMUNITY_B1, birth=date(1960, 1, 1)),
        "b1_old": make_elder(residence_region_id=COMMUNITY_B1, birth=date(1930, 1, 1)),
        "other": make_elder(residence_region_id=OTHER_COMMUNITY, birth=date(1958, 3, 3)),
    }


@pytest.fixture
def counted(elders):
    """The seven elders, counted by the daily snapshot task for June (the dashboard reads it)."""
    from yiyang.stats.services import snapshot_month

    snapshot_month(TODAY.replace(day=1))
    return elders
