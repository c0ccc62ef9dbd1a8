"""The alarm centre's SLA figures for a period, read through `visible_to` (statistics)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import F, Q
from django.utils import timezone

from yiyang.core.grouping import month_to_date
from yiyang.telecare import live
from yiyang.telecare.models import Alarm, Device
from yiyang.telecare.sla import (
    AlarmTimes,
    acknowledged_counts,
    false_alarm_share,
    is_online,
    percentile,
    resolve_seconds,
    share_acknowledged_within,
    share_on_site_within,
)

ANSWER_LIMIT = timedelta(seconds=60)
LATE_LIMIT = timedelta(seconds=180)
ON_SITE_LIMIT = timedelta(minutes=45)


def sla_figures(user, *, start: datetime, end: datetime, now: datetime | None = None) -> dict:
    """Shares answered within 60 s and 180 s, time to resolve, false alarms, devices online,
    and the exception list (every alarm answered later than 3 minutes, or not yet, with its
    reason), for alarms raised in [start, end) that `user` may see."""
    now = now or timezone.now()
    alarms = Alarm.objects.visible_to(user).filter(raised_at__gte=start, raised_at__lt=end)
    times = [
        AlarmTimes(*row)
        for row in alarms.values_list(
            "raised_at", "acknowledged_at", "resolved_at", "outcome", "dispatched_at", "arrived_at"
        )
    ]
    resolving = resolve_seconds(times)
    late = (
        alarms.filter(
            Q(acknowledged_at__gt=F("raised_at") + LATE_LIMIT)
            | Q(acknowledged_at__isnull=True, raised_at__lt=now - LATE_LIMIT)
        )
        .select_related("elder")
        .order_by("raised_at", "pk")
    )
    return {
        "alarms": len(times),
        "acknowledged_within_60s": share_acknowledged_within(times, ANSWER_LIMIT, now),
        "acknowledged_within_180s": share_acknowledged_within(times, LATE_LIMIT, now),
        "on_site_within_45min": share_on_site_within(times, ON_SITE_LIMIT, now),
        "resolve_seconds_median": percentile(resolving, 0.5),
        "resolve_seconds_p90": percentile(resolving, 0.9),
        "false_alarm_share": false_alarm_share(times),
        "devices": devices_online(user, now),
        "exceptions": [
            {
                "alarm_pk": alarm.pk,
                "elder_name": alarm.elder.name,
                "rule": alarm.rule,
                "raised_at": alarm.raised_at,
                "acknowledged_at": alarm.acknowledged_at,
                "wait_seconds": (
                    ((alarm.acknowledged_at or now) - alarm.raised_at).total_seconds()
                ),
                "reason": alarm.late_reason,
            }
            for alarm in late
        ],
    }


def devices_online(user, now: datetime) -> dict:
    """Active devices heard within three heartbeats (last-seen from the live store)."""
    devices = Device.objects.visible_to(user, "telecare.view_alarm")
    counts = _online(devices, prefix_length=0, now=now).get("", (0, 0))
    return {"active": counts[1], "online": counts[0]}


def _online(devices, *, prefix_length: int, now: datetime) -> dict[str, tuple[int, int]]:
    rows = list(
        devices.active().values_list("pk", "region_code", "heartbeat_seconds", "last_seen_at")
    )
    seen = live.read([row[0] for row in rows])
    counts: dict[str, list[int]] = {}
    for pk, code, interval, last in rows:
        tally = counts.setdefault(code[:prefix_length], [0, 0])
        tally[0] += is_online(seen.get(pk) or last, interval, now)
        tally[1] += 1
    return {prefix: (online, active) for prefix, (online, active) in counts.items()}


# Computations for the statistics module: {region prefix: (numerator, denominator)} for every
# region at one level. One query each; the rows are grouped here so that the rule itself stays
# the one pure function the alarm centre's own SLA page uses.


def devices_online_by_region(
    *, within: str, prefix_length: int, on: date
) -> dict[str, tuple[int, int]]:
    """Active devices heard within three heartbeats, over active devices, as of now."""
    devices = Device.objects.filter(region_code__startswith=within)  # scoped: statistics
    return _online(devices, prefix_length=prefix_length, now=timezone.now())


def acknowledged_in_time_by_region(
    *, within: str, prefix_length: int, on: date
) -> dict[str, tuple[int, int]]:
    """Alarms of the month (to the day) acknowledged within 60 s, over those counted."""
    start, end = month_to_date(on)
    now = min(timezone.now(), end)
    grouped: dict[str, list[AlarmTimes]] = {}
    for code, raised, acknowledged, resolved, outcome in Alarm.objects.filter(  # scoped: stats
        region_code__startswith=within, raised_at__gte=start, raised_at__lt=end
    ).values_list("region_code", "raised_at", "acknowledged_at", "resolved_at", "outcome"):
        alarm = AlarmTimes(raised, acknowledged, resolved, outcome)
        grouped.setdefault(code[:prefix_length], []).append(alarm)
    return {
        prefix: acknowledged_counts(alarms, ANSWER_LIMIT, now)
        for prefix, alarms in sorted(grouped.items())
    }
