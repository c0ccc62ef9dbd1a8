"""Pure rules of home services: distance, the lifecycle table, EVV flags."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yiyang.homecare import evv, lifecycle
from yiyang.homecare.geo import haversine_m

TZ = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
RULES = evv.Thresholds(duration_tolerance_minutes=15, check_in_distance_m=300, too_short_share=0.5)


def facts(minutes: int = 60, **extra) -> evv.VisitFacts:
    return evv.VisitFacts(
        planned_minutes=60,
        standard_minutes=60,
        started_at=START,
        ended_at=START + timedelta(minutes=minutes),
        **extra,
    )


def test_haversine_of_one_degree_of_latitude_is_111_km():
    assert round(haversine_m(37.0, 106.0, 38.0, 106.0)) == 111_195


@given(
    lat=st.floats(-89, 89), lng=st.floats(-179, 179), d_lat=st.floats(-1, 1), d_lng=st.floats(-1, 1)
)
def test_haversine_is_symmetric_and_zero_at_the_same_point(lat, lng, d_lat, d_lng):
    assert haversine_m(lat, lng, lat, lng) == 0
    there = (lat + d_lat / 2, lng + d_lng / 2)
    assert haversine_m(lat, lng, *there) == pytest.approx(haversine_m(*there, lat, lng))


@pytest.mark.parametrize(
    ("actual", "owed"), [(45, False), (44, True), (75, False), (76, True), (60, False)]
)
def test_duration_reason_is_owed_beyond_the_tolerance(actual, owed):
    assert evv.needs_duration_reason(planned_minutes=60, actual=actual, thresholds=RULES) is owed


def test_a_visit_of_planned_length_at_home_has_no_flag():
    assert (
        evv.visit_flags(
            facts(home_lat=37.986, home_lng=106.199, check_in_lat=37.9861, check_in_lng=106.199),
            RULES,
        )
        == []
    )


def test_too_short_below_half_the_standard_duration():
    assert evv.visit_flags(facts(29), RULES) == [
        evv.Flag("too_short", {"minutes": 29, "shortest": 30})
    ]
    assert evv.visit_flags(facts(30), RULES) == []


def test_far_check_in_beyond_300_m_is_flagged_with_the_distance():
    far = facts(home_lat=37.986, home_lng=106.199, check_in_lat=37.9905, check_in_lng=106.199)
    assert evv.visit_flags(far, RULES) == [evv.Flag("far_from_home", {"metres": 500, "limit": 300})]
    near = facts(home_lat=37.986, home_lng=106.199, check_in_lat=37.9886, check_in_lng=106.199)
    assert evv.visit_flags(near, RULES) == []


def test_unknown_home_location_raises_no_distance_flag():
    assert evv.visit_flags(facts(check_in_lat=37.99, check_in_lng=106.2), RULES) == []


def test_overlapping_visit_of_the_caregiver_is_flagged_and_touching_one_is_not():
    overlapping = ((START - timedelta(minutes=30), START + timedelta(minutes=1)),)
    touching = ((START - timedelta(minutes=30), START),)
    assert [f.kind for f in evv.visit_flags(facts(other_visits=overlapping), RULES)] == ["overlap"]
    assert evv.visit_flags(facts(other_visits=touching), RULES) == []


def test_visit_on_or_after_the_death_is_flagged():
    assert [f.kind for f in evv.visit_flags(facts(date_of_death=date(2026, 3, 2)), RULES)] == [
        "elder_deceased"
    ]
    assert evv.visit_flags(facts(date_of_death=date(2026, 3, 3)), RULES) == []


def test_visit_during_a_hospital_stay_is_flagged_open_or_closed():
    assert [
        f.kind for f in evv.visit_flags(facts(absent_days=((date(2026, 3, 1), None),)), RULES)
    ] == ["elder_in_hospital"]
    ended = ((date(2026, 2, 1), date(2026, 3, 1)),)
    assert evv.visit_flags(facts(absent_days=ended), RULES) == []


def test_lifecycle_allows_each_step_only_from_its_sources():
    assert lifecycle.actions_from("requested") == ["accept", "refuse", "cancel"]
    assert lifecycle.actions_from("assigned") == ["assign", "check_in", "cancel", "unassign"]
    assert lifecycle.actions_from("checked_out") == ["confirm", "auto_confirm"]
    assert lifecycle.actions_from("settled") == []
    assert not lifecycle.allowed("check_out", "assigned")
