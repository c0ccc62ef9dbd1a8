"""The periodic checks: silence, no motion by day, a door open at night, escalation.

Run every ~30 s by the MQTT consumer and by `yiyang telecare_checks` (cron or a task). Each
check is idempotent: an alarm already open for the same device and rule is not raised again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from yiyang.telecare import live
from yiyang.telecare.choices import DeviceKind
from yiyang.telecare.models import Alarm, Device
from yiyang.telecare.rules import (
    PRESSABLE_KINDS,
    RuleSetting,
    door_open_too_long,
    escalation_due,
    is_silent,
    no_motion_overdue,
    overdue,
)
from yiyang.telecare.services.alarms import escalate_alarm, raise_alarm
from yiyang.telecare.services.rules import settings_in_force

BATCH = 2000


@dataclass
class CheckSummary:
    devices: int = 0
    silent: int = 0
    no_motion: int = 0
    door_open: int = 0
    escalated: int = 0
    daily_ok: int = 0
    test_call: int = 0
    last_seen_saved: int = 0


def run_checks(now: datetime | None = None) -> CheckSummary:
    """Run every periodic check once; return how many alarms each raised."""
    now = now or timezone.now()
    summary = CheckSummary()
    local = timezone.localtime(now)
    devices = Device.objects.active().order_by("pk")
    last_pk = 0
    while True:
        batch = list(devices.filter(pk__gt=last_pk)[:BATCH])
        if not batch:
            break
        last_pk = batch[-1].pk
        _check_batch(batch, now, local.hour, summary)
    summary.escalated = escalate_overdue(now)
    return summary


def _start(device: Device) -> datetime:
    return timezone.make_aware(datetime.combine(device.installed_on, time.min))


def _check_batch(batch: list[Device], now: datetime, hour: int, summary: CheckSummary) -> None:
    summary.devices += len(batch)
    rules = settings_in_force(timezone.localdate(now), list({d.elder_id for d in batch}))
    seen = live.read([d.pk for d in batch])
    battery = live.batteries([d.pk for d in batch])
    motion = live.read([d.pk for d in batch if d.kind == DeviceKind.MOTION], "motion")
    stale = []
    for device in batch:
        settings = dict(rules[None])
        settings.update(rules.get(device.elder_id, {}))
        last_seen = seen.get(device.pk) or device.last_seen_at
        if (device.pk in seen and seen[device.pk] != device.last_seen_at) or (
            device.pk in battery and battery[device.pk] != device.battery_percent
        ):
            device.last_seen_at = seen.get(device.pk, device.last_seen_at)
            device.battery_percent = battery.get(device.pk, device.battery_percent)
            stale.append(device)
        if is_silent(
            last_seen, _start(device), now, device.heartbeat_seconds, settings.get("silent")
        ):
            summary.silent += _raise(
                device, settings["silent"], now, {"last_seen": _iso(last_seen)}
            )
        if device.kind == DeviceKind.MOTION and no_motion_overdue(
            motion.get(device.pk), _start(device), now, hour, settings.get("no_motion")
        ):
            summary.no_motion += _raise(device, settings["no_motion"], now, {})
        if device.kind == DeviceKind.DOOR_CONTACT and door_open_too_long(
            device.door_open_since, now, hour, settings.get("door_open_night")
        ):
            details = {"open_since": _iso(device.door_open_since)}
            summary.door_open += _raise(device, settings["door_open_night"], now, details)
        if device.kind in PRESSABLE_KINDS:
            _proactive(device, settings, now, summary)
    if stale:
        # One batched write per run instead of one per heartbeat (DESIGN.md "Scale").
        Device.objects.bulk_update(stale, ["last_seen_at", "battery_percent"])
        summary.last_seen_saved += len(stale)


def _proactive(device: Device, settings: dict, now: datetime, summary: CheckSummary) -> None:
    """The daily "I'm OK" (for elders whose rule enables it) and the monthly test call: a
    device that cannot reach us is a technical alarm (issue 7)."""
    if overdue(
        device.last_ok_at, _start(device), now, settings.get("daily_ok"), timedelta(hours=1)
    ):
        summary.daily_ok += _raise(
            device, settings["daily_ok"], now, {"last": _iso(device.last_ok_at)}
        )
    if overdue(
        device.last_test_at, _start(device), now, settings.get("test_call"), timedelta(days=1)
    ):
        summary.test_call += _raise(
            device, settings["test_call"], now, {"last": _iso(device.last_test_at)}
        )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _raise(device: Device, setting: RuleSetting, now: datetime, details: dict) -> int:
    alarm = raise_alarm(
        device, rule=setting.code, severity=setting.severity, occurred_at=now, details=details
    )
    return int(alarm is not None)


def escalate_overdue(now: datetime) -> int:
    """Escalate each open critical alarm once per elapsed escalation delay."""
    rules = settings_in_force(timezone.localdate(now), [])[None]
    setting = rules.get("escalation")
    if setting is None or not setting.is_enabled or setting.threshold is None:
        return 0
    escalated = 0
    candidates = Alarm.objects.filter(status="open", severity=1).order_by(
        "pk"
    )  # scoped: system task
    for alarm in candidates:
        delay = RuleSetting(
            code="escalation",
            severity=setting.severity,
            threshold=setting.threshold * (alarm.escalation_level + 1),
        )
        if escalation_due(alarm.raised_at, now, delay):
            escalate_alarm(alarm)
            escalated += 1
    return escalated
