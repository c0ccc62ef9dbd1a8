"""Alarm rules (pure: no Django import): which message or silence raises which alarm.

Severities and thresholds are data (`AlarmRule` rows, defaults in `data/alarm_rules.json`),
passed in as `RuleSetting`s; nothing here knows a number of minutes. Units per rule are in
`RULE_UNITS`. Time-of-day rules use local (Asia/Shanghai) hours, given by the caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

# Message kinds that raise an alarm at once, and the rule that says how severe.
EVENT_RULES = {
    "sos": "sos",
    "fall": "fall",
    "smoke": "smoke",
    "gas": "gas",
    "water_leak": "water_leak",
}
RULE_UNITS = {
    "low_battery": "percent",
    "no_motion": "hours",
    "door_open_night": "minutes",
    "silent": "missed heartbeats",
    "escalation": "seconds",
    "daily_ok": "hours",
    "test_call": "days",
}
# What a threshold may sensibly be, in its unit: wide enough for any city's choice, narrow
# enough to catch a slip (4 entered for a 4-minute escalation meant as 4 seconds is allowed;
# 0 hours of silence is not).
THRESHOLD_RANGES = {
    "low_battery": (1, 99),
    "no_motion": (1, 24),
    "door_open_night": (1, 600),
    "silent": (1, 100),
    "escalation": (10, 3600),
    "daily_ok": (12, 72),
    "test_call": (1, 92),
}
# Rules that look only within a local time window.
WINDOW_RULES = frozenset({"no_motion", "door_open_night"})
# Devices an elder can press: the daily "I'm OK" and the monthly test call are theirs.
PRESSABLE_KINDS = frozenset({"sos_button", "smart_watch"})


@dataclass(frozen=True)
class RuleSetting:
    code: str
    severity: int
    is_enabled: bool = True
    threshold: int | None = None
    window_start_hour: int | None = None
    window_end_hour: int | None = None


@dataclass(frozen=True)
class Raised:
    rule: str
    severity: int


def choose_settings(
    defaults: Iterable[RuleSetting], overrides: Iterable[RuleSetting] = ()
) -> dict[str, RuleSetting]:
    """Return the setting per rule code: the elder's own where it has one, else the default."""
    chosen = {setting.code: setting for setting in defaults}
    chosen.update({setting.code: setting for setting in overrides})
    return chosen


def alarms_for_message(
    kind: str, battery: int | None, settings: Mapping[str, RuleSetting]
) -> list[Raised]:
    """Return the alarms one accepted message raises at once (events and low battery)."""
    raised = []
    code = EVENT_RULES.get(kind)
    if code is not None and _enabled(settings, code):
        raised.append(Raised(code, settings[code].severity))
    low = settings.get("low_battery")
    if (
        battery is not None
        and low is not None
        and low.is_enabled
        and low.threshold is not None
        and battery < low.threshold
    ):
        raised.append(Raised("low_battery", low.severity))
    return raised


def _enabled(settings: Mapping[str, RuleSetting], code: str) -> bool:
    setting = settings.get(code)
    return setting is not None and setting.is_enabled


def in_window(hour: int, start: int | None, end: int | None) -> bool:
    """Whether a local hour lies in [start, end); a window may wrap midnight (22 → 6)."""
    if start is None or end is None:
        return True
    if start <= end:
        return start <= hour < end
    return hour >= start or hour < end


def is_silent(
    last_seen: datetime | None,
    since: datetime,
    now: datetime,
    heartbeat_seconds: int,
    setting: RuleSetting | None,
) -> bool:
    """Whether a device has missed more heartbeats than the rule allows.

    A device never heard from counts from `since` (its installation), so a new device that
    never connects is reported too.
    """
    if setting is None or not setting.is_enabled or setting.threshold is None:
        return False
    reference = last_seen or since
    return now - reference > timedelta(seconds=heartbeat_seconds * setting.threshold)


def no_motion_overdue(
    last_motion: datetime | None,
    since: datetime,
    now: datetime,
    local_hour: int,
    setting: RuleSetting | None,
) -> bool:
    """Whether nobody moved for the rule's hours while it is day (the rule's window)."""
    if setting is None or not setting.is_enabled or setting.threshold is None:
        return False
    if not in_window(local_hour, setting.window_start_hour, setting.window_end_hour):
        return False
    reference = last_motion or since
    return now - reference >= timedelta(hours=setting.threshold)


def door_open_too_long(
    open_since: datetime | None, now: datetime, local_hour: int, setting: RuleSetting | None
) -> bool:
    """Whether the door has stood open longer than the rule's minutes at night."""
    if open_since is None or setting is None or not setting.is_enabled:
        return False
    if setting.threshold is None:
        return False
    if not in_window(local_hour, setting.window_start_hour, setting.window_end_hour):
        return False
    return now - open_since >= timedelta(minutes=setting.threshold)


def escalation_due(raised_at: datetime, now: datetime, setting: RuleSetting | None) -> bool:
    """Whether an unacknowledged critical alarm has waited past the escalation delay."""
    if setting is None or not setting.is_enabled or setting.threshold is None:
        return False
    return now - raised_at >= timedelta(seconds=setting.threshold)


def overdue(
    last: datetime | None,
    since: datetime,
    now: datetime,
    setting: RuleSetting | None,
    unit: timedelta,
) -> bool:
    """Whether the last proactive sign (an "I'm OK" press, a test call) is older than the
    rule's threshold in `unit`s; a device never heard counts from its installation."""
    if setting is None or not setting.is_enabled or setting.threshold is None:
        return False
    return now - (last or since) > unit * setting.threshold


def setting_problem(
    code: str, threshold: int | None, start_hour: int | None, end_hour: int | None
) -> tuple[str, str] | None:
    """The first thing wrong with a rule setting, as (field, problem), or None.

    Problems: `threshold_needed`, `threshold_unused`, `threshold_range`, `window_needed`,
    `window_unused`, `hour_range`, `window_empty` (the caller words them)."""
    if code in THRESHOLD_RANGES:
        if threshold is None:
            return "threshold", "threshold_needed"
        low, high = THRESHOLD_RANGES[code]
        if not low <= threshold <= high:
            return "threshold", "threshold_range"
    elif threshold is not None:
        return "threshold", "threshold_unused"
    if code in WINDOW_RULES:
        for field, hour in (("window_start_hour", start_hour), ("window_end_hour", end_hour)):
            if hour is None:
                return field, "window_needed"
            if not 0 <= hour <= 24:
                return field, "hour_range"
        if start_hour == end_hour:
            return "window_end_hour", "window_empty"
    elif start_hour is not None or end_hour is not None:
        return "window_start_hour" if start_hour is not None else "window_end_hour", "window_unused"
    return None


def daily_ok_state(last_ok_on: date | None, today: date, has_open_alarm: bool) -> str:
    """Today's daily "I'm OK" of one device: `alarm` while an alarm for a missed press is
    unresolved (the operators must answer it, whatever came since), else `pressed` when the
    last press was today (local date), else `not_yet`."""
    if has_open_alarm:
        return "alarm"
    if last_ok_on == today:
        return "pressed"
    return "not_yet"


def test_call_due(
    last: datetime | None, since: datetime, setting: RuleSetting | None
) -> datetime | None:
    """When the next monthly test call is due: the rule's days after the last one (or the
    installation); None when the rule is off for this elder."""
    if setting is None or not setting.is_enabled or setting.threshold is None:
        return None
    return (last or since) + timedelta(days=setting.threshold)
