"""The 15-minute service circle as plain functions: worked examples computed by hand, and the
grid's answer checked against measuring every elder against every facility."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yiyang.scheduling.travel import haversine_km
from yiyang.servicemap.circle import (
    CircleParameters,
    CommunityCoverage,
    best_sites,
    cover,
    roll_up,
    worst_first,
)

# 15 minutes at 4 km/h with streets 1.3 times the straight line: reach 1 km / 1.3 = 0.769 km.
PARAMETERS = CircleParameters(minutes=15, walking_speed_kmh=4.0, detour=1.3)
A, B = "640302001001", "640302001002"


def test_reach_is_minutes_times_speed_over_detour():
    assert PARAMETERS.reach_km == pytest.approx(0.25 * 4.0 / 1.3)


def test_worked_example_covered_uncovered_and_unknown():
    # On the equator one degree of latitude is 6371 km × π / 180 = 111.195 km.
    # Facility F at (0.006, 0). Elder 1 at (0, 0): 0.006° = 0.667 km → 0.667 × 1.3 / 4 × 60
    # = 13.0 min ≤ 15: covered. Elder 2 at (0.0135, 0): 0.0075° = 0.834 km → 16.3 min: not.
    # Elder 3 has no coordinates: location unknown, never covered.
    facility = (0.006, 0.0)
    assert PARAMETERS.walking_minutes((0.0, 0.0), facility) == pytest.approx(13.01, abs=0.01)
    assert PARAMETERS.walking_minutes((0.0135, 0.0), facility) == pytest.approx(16.26, abs=0.01)

    coverage = cover([(A, 0.0, 0.0), (A, 0.0135, 0.0), (A, None, None)], [facility], PARAMETERS)

    community = coverage.by_community[A]
    assert (community.elders, community.covered, community.uncovered, community.unknown) == (
        3,
        1,
        1,
        1,
    )
    assert community.share == pytest.approx(1 / 3)
    assert coverage.uncovered_points == [(0.0135, 0.0)]


def test_an_elder_exactly_at_the_limit_is_covered():
    # 0.007° of latitude = 0.778 km: 15.18 min at 4 km/h × 1.3, so a circle of exactly that
    # many minutes just reaches it.
    elder, facility = (0.0, 0.0), (0.007, 0.0)
    minutes = PARAMETERS.walking_minutes(elder, facility)
    assert minutes == pytest.approx(15.18, abs=0.01)
    exact = CircleParameters(minutes=minutes, walking_speed_kmh=4.0, detour=1.3)

    assert cover([(A, *elder)], [facility], exact).by_community[A].covered == 1
    assert cover([(A, *elder)], [facility], PARAMETERS).by_community[A].covered == 0


def test_east_west_distance_shrinks_with_latitude():
    # At 60° north a degree of longitude is half a degree of latitude's length: 0.012° east is
    # 0.667 km (13.0 min, covered), where on the equator it would be 1.334 km (not covered).
    facility_north, facility_equator = (60.0, 106.012), (0.0, 106.012)

    north = cover([(A, 60.0, 106.0)], [facility_north], PARAMETERS)
    equator = cover([(A, 0.0, 106.0)], [facility_equator], PARAMETERS)

    assert north.by_community[A].covered == 1
    assert equator.by_community[A].covered == 0


def test_no_facility_leaves_every_located_elder_uncovered():
    coverage = cover([(A, 38.0, 106.2), (B, 38.01, 106.2), (B, None, None)], [], PARAMETERS)

    assert [
        (c.code, c.covered, c.uncovered, c.unknown) for c in coverage.by_community.values()
    ] == [
        (A, 0, 1, 0),
        (B, 0, 1, 1),
    ]


coordinates = st.tuples(
    st.floats(min_value=37.98, max_value=38.02), st.floats(min_value=106.18, max_value=106.22)
)


@settings(max_examples=60, deadline=None)
@given(
    elders=st.lists(coordinates, max_size=60),
    facilities=st.lists(coordinates, max_size=12),
    minutes=st.sampled_from([5.0, 10.0, 15.0, 20.0]),
)
def test_grid_agrees_with_measuring_every_pair(elders, facilities, minutes):
    parameters = CircleParameters(minutes=minutes, walking_speed_kmh=4.0, detour=1.3)
    expected = sum(
        1
        for elder in elders
        if any(haversine_km(elder, facility) <= parameters.reach_km for facility in facilities)
    )

    coverage = cover([(A, lat, lng) for lat, lng in elders], facilities, parameters)

    assert sum(c.covered for c in coverage.by_community.values()) == expected
    assert len(coverage.uncovered_points) == len(elders) - expected


def test_worst_communities_come_first():
    good = CommunityCoverage("1", elders=10, covered=9)
    bad = CommunityCoverage("2", elders=10, covered=2)
    # Same share as `bad`, more elders left out: first.
    bad_and_big = CommunityCoverage("3", elders=20, covered=4)
    # No located elder: share 0 of 4, the worst of all.
    unknown_only = CommunityCoverage("4", elders=4, covered=0, unknown=4)
    empty = CommunityCoverage("5")

    ordered = worst_first([good, bad, empty, bad_and_big, unknown_only])

    assert [c.code for c in ordered] == ["4", "3", "2", "1", "5"]


def test_roll_up_adds_communities_to_their_street():
    coverage = cover(
        [
            ("640302001001", 0.0, 0.0),
            ("640302001002", 0.5, 0.0),
            ("640302002001", None, None),
        ],
        [(0.0, 0.0)],
        PARAMETERS,
    )

    streets = roll_up(coverage.by_community, 9)

    assert {code: (c.elders, c.covered, c.unknown) for code, c in streets.items()} == {
        "640302001": (2, 1, 0),
        "640302002": (1, 0, 1),
    }


def test_best_sites_pick_the_biggest_cluster_first_then_the_next():
    # Five uncovered elders around (0, 0), two around (0.1, 0) (11 km away): one site can
    # reach only one cluster, so the greedy picks reach 5 and then 2.
    big = [(0.0, 0.0), (0.001, 0.0), (0.0, 0.001), (-0.001, 0.0), (0.0, -0.001)]
    small = [(0.1, 0.0), (0.1005, 0.0)]

    sites = best_sites(big + small, PARAMETERS, count=3)

    assert [site.gain for site in sites] == [5, 2]
    assert haversine_km((sites[0].lat, sites[0].lng), (0.0, 0.0)) < 0.2
    assert haversine_km((sites[1].lat, sites[1].lng), (0.1, 0.0)) < 0.2
    # Each gain is true: every counted elder lies within reach of the site.
    assert all(
        haversine_km((sites[0].lat, sites[0].lng), point) <= PARAMETERS.reach_km for point in big
    )


def test_no_uncovered_elder_needs_no_site():
    assert best_sites([], PARAMETERS, count=3) == []
