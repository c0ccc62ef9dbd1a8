"""SLA figures of the alarm centre (pure: no Django import).

Telecare centres promise answers within a minute: the issue's goals are ≥ 98.5 % of alarms
acknowledged within 60 s and ≥ 99 % within 180 s, and a responder on site within 45 minutes. An alarm not yet acknowledged counts as late
once its limit has passed (it cannot be "on time" any more), and is left out before that.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class AlarmTimes:
    raised_at: datetime
    acknowledged_at: datetime | None
    resolved_at: datetime | None
    outcome: str
    dispatched_at: datetime | None = None
    arrived_at: datetime | None = None


def acknowledged_counts(
    alarms: Iterable[AlarmTimes], limit: timedelta, now: datetime
) -> tuple[int, int]:
    """(answered within `limit`, counted): an alarm still within its limit is not counted."""
    counted = answered = 0
    for alarm in alarms:
        if alarm.acknowledged_at is None:
            if now - alarm.raised_at <= limit:
                continue  # still has time
            counted += 1
            continue
        counted += 1
        answered += int(alarm.acknowledged_at - alarm.raised_at <= limit)
    return answered, counted


def share_acknowledged_within(
    alarms: Iterable[AlarmTimes], limit: timedelta, now: datetime
) -> float | None:
    """Share of the alarms answered within `limit`; None when there is nothing to count."""
    answered, counted = acknowledged_counts(alarms, limit, now)
    return None if counted == 0 else answered / counted


def is_online(heard: datetime | None, heartbeat_seconds: int, now: datetime) -> bool:
    """A device is online when heard within three heartbeats."""
    return heard is not None and now - heard <= timedelta(seconds=3 * heartbeat_seconds)


def percentile(values: Sequence[float], share: float) -> float | None:
    """The nearest-rank percentile (share in 0-1) of `values`; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-int(share * 1000) * len(ordered) // 1000))
    return ordered[min(rank, len(ordered)) - 1]


def resolve_seconds(alarms: Iterable[AlarmTimes]) -> list[float]:
    return [
        (alarm.resolved_at - alarm.raised_at).total_seconds()
        for alarm in alarms
        if alarm.resolved_at is not None
    ]


def false_alarm_share(alarms: Iterable[AlarmTimes]) -> float | None:
    resolved = [alarm for alarm in alarms if alarm.resolved_at is not None]
    if not resolved:
        return None
    return sum(alarm.outcome == "false_alarm" for alarm in resolved) / len(resolved)


def share_on_site_within(
    alarms: Iterable[AlarmTimes], limit: timedelta, now: datetime
) -> float | None:
    """Share of the alarms someone was sent to whose first responder was on site within
    `limit` of the alarm (the elder's wait, not the operator's). One still awaited counts as
    late once the limit has passed; a dispatch called off as a false alarm is left out."""
    counted = arrived = 0
    for alarm in alarms:
        if alarm.dispatched_at is None:
            continue
        if alarm.arrived_at is None:
            if alarm.outcome == "false_alarm" or now - alarm.raised_at <= limit:
                continue
            counted += 1
            continue
        counted += 1
        arrived += int(alarm.arrived_at - alarm.raised_at <= limit)
    return None if counted == 0 else arrived / counted
