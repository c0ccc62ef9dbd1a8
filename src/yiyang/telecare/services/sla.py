"""The alarm centre's SLA figures for a period, read through `visible_to` (statistics)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import F, Q
from django.utils import timezone

from yiyang.telecare import live
from yiyang.telecare.models import Alarm, Device
from yiyang.telecare.sla import (
    AlarmTimes,
    false_alarm_share,
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
    devices = list(
        Device.objects.visible_to(user, "telecare.view_alarm")
        .active()
        .values_list("pk", "heartbeat_seconds", "last_seen_at")
    )
    seen = live.read([pk for pk, _interval, _last in devices])
    online = 0
    for pk, interval, last in devices:
        heard = seen.get(pk) or last
        if heard is not None and now - heard <= timedelta(seconds=3 * interval):
            online += 1
    return {"active": len(devices), "online": online}
