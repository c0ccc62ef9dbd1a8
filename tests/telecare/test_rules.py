"""Alarm rules as pure functions, fed with settings (never constants)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from yiyang.telecare.rules import (
    Raised,
    RuleSetting,
    alarms_for_message,
    choose_settings,
    door_open_too_long,
    escalation_due,
    in_window,
    is_silent,
    no_motion_overdue,
)

T0 = datetime(2026, 6, 16, 2, 0, tzinfo=UTC)
SETTINGS = {
    "sos": RuleSetting("sos", 1),
    "fall": RuleSetting("fall", 1),
    "smoke": RuleSetting("smoke", 1),
    "gas": RuleSetting("gas", 1, is_enabled=False),
    "low_battery": RuleSetting("low_battery", 3, threshold=15),
}


@pytest.mark.parametrize(
    ("kind", "battery", "expected"),
    [
        pytest.param("sos", 90, [Raised("sos", 1)], id="sos"),
        pytest.param("fall", None, [Raised("fall", 1)], id="fall"),
        pytest.param("smoke", 50, [Raised("smoke", 1)], id="smoke"),
        pytest.param("gas", 50, [], id="disabled-rule"),
        pytest.param("water_leak", 50, [], id="no-rule"),
        pytest.param("heartbeat", 15, [], id="battery-at-threshold"),
        pytest.param("heartbeat", 14, [Raised("low_battery", 3)], id="battery-below"),
        pytest.param("sos", 5, [Raised("sos", 1), Raised("low_battery", 3)], id="both"),
    ],
)
def test_alarms_for_message(kind, battery, expected):
    assert alarms_for_message(kind, battery, SETTINGS) == expected


def test_elder_override_replaces_default():
    default = RuleSetting("no_motion", 2, threshold=4)
    own = RuleSetting("no_motion", 2, threshold=8)

    chosen = choose_settings([default, RuleSetting("sos", 1)], [own])

    assert chosen["no_motion"].threshold == 8
    assert chosen["sos"].severity == 1


@pytest.mark.parametrize(
    ("hour", "start", "end", "inside"),
    [(8, 8, 20, True), (20, 8, 20, False), (23, 22, 6, True), (5, 22, 6, True), (6, 22, 6, False)],
)
def test_in_window_wraps_midnight(hour, start, end, inside):
    assert in_window(hour, start, end) is inside


def test_silent_after_missed_heartbeats():
    rule = RuleSetting("silent", 3, threshold=3)

    assert not is_silent(T0, T0, T0 + timedelta(seconds=900), 300, rule)
    assert is_silent(T0, T0, T0 + timedelta(seconds=901), 300, rule)


def test_never_heard_device_counts_from_installation():
    rule = RuleSetting("silent", 3, threshold=3)

    assert is_silent(None, T0, T0 + timedelta(hours=1), 300, rule)


def test_no_motion_only_in_the_day_window():
    rule = RuleSetting("no_motion", 2, threshold=4, window_start_hour=8, window_end_hour=20)
    later = T0 + timedelta(hours=4)

    assert no_motion_overdue(T0, T0, later, 12, rule)
    assert not no_motion_overdue(T0, T0, later, 21, rule)
    assert not no_motion_overdue(T0, T0, later - timedelta(seconds=1), 12, rule)


def test_door_open_too_long_only_at_night():
    rule = RuleSetting("door_open_night", 2, threshold=30, window_start_hour=22, window_end_hour=6)
    later = T0 + timedelta(minutes=30)

    assert door_open_too_long(T0, later, 23, rule)
    assert not door_open_too_long(T0, later, 12, rule)
    assert not door_open_too_long(None, later, 23, rule)
    assert not door_open_too_long(T0, later - timedelta(seconds=1), 23, rule)


def test_escalation_due_after_the_delay():
    rule = RuleSetting("escalation", 1, threshold=60)

    assert not escalation_due(T0, T0 + timedelta(seconds=59), rule)
    assert escalation_due(T0, T0 + timedelta(seconds=60), rule)
    assert not escalation_due(T0, T0 + timedelta(hours=1), None)
