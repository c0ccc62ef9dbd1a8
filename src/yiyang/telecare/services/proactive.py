"""The proactive checks as a list (reads): who chose the daily "I'm OK" press, whether each
pressed today, and where each pressable device stands with its monthly test call (issue 7).

Which elders chose the daily check is their `daily_ok` rule in force (off by default; an
elder's own row turns it on, or the city turns it on for everyone and an elder's row off).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Q
from django.utils import timezone

from yiyang.telecare.models import Device
from yiyang.telecare.models.devices import DeviceQuerySet
from yiyang.telecare.rules import RuleSetting, daily_ok_state, test_call_due
from yiyang.telecare.services.rules import settings_in_force

DAILY_STATES = ("pressed", "not_yet", "alarm")


@dataclass(frozen=True)
class ProactiveRow:
    device: Device
    has_daily_ok: bool
    daily_state: str | None  # a DAILY_STATES value; None when the elder did not choose it
    test_due: datetime | None
    test_state: str | None  # "failed" (an alarm is open), "overdue", "ok"; None: rule off


def _enabled(setting: RuleSetting | None) -> bool:
    return setting is not None and setting.is_enabled


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def daily_ok_filter(on: date) -> Q:
    """The devices of elders whose `daily_ok` rule is on, as a filter (one query to decide)."""
    found = settings_in_force(on, None)
    if _enabled(found[None].get("daily_ok")):
        refused = [
            pk for pk, rules in found.items()
            if pk is not None and "daily_ok" in rules and not rules["daily_ok"].is_enabled
        ]  # fmt: skip
        return ~Q(elder_id__in=refused)
    chosen = [
        pk for pk, rules in found.items()
        if pk is not None and _enabled(rules.get("daily_ok"))
    ]  # fmt: skip
    return Q(elder_id__in=chosen)


def filter_devices(
    devices: DeviceQuerySet, on: date, *, everyone: bool, daily: str, test: str
) -> DeviceQuerySet:
    """Pressable active devices with their open proactive alarms, narrowed by the filters:
    `everyone` (else the daily-check elders only), `daily` one of DAILY_STATES, `test` "failed"."""
    queryset = devices.active().pressable().with_proactive_alarms()
    if not everyone or daily:
        queryset = queryset.filter(daily_ok_filter(on))
    today = _start_of(on)
    if daily == "alarm":
        queryset = queryset.filter(Q(ok_alarm_pk__isnull=False))
    elif daily == "pressed":
        queryset = queryset.filter(Q(ok_alarm_pk__isnull=True) & Q(last_ok_at__gte=today))
    elif daily == "not_yet":
        queryset = queryset.filter(Q(ok_alarm_pk__isnull=True)).exclude(last_ok_at__gte=today)
    if test == "failed":
        queryset = queryset.filter(Q(test_alarm_pk__isnull=False))
    return queryset


def daily_counts(devices: DeviceQuerySet, on: date) -> dict[str, int]:
    """How many daily-check devices pressed today, not yet, and with an alarm (one query)."""
    today = _start_of(on)
    queryset = devices.active().pressable().with_proactive_alarms().filter(daily_ok_filter(on))
    waiting = Q(ok_alarm_pk__isnull=True)
    return queryset.aggregate(
        alarm=Count("pk", filter=Q(ok_alarm_pk__isnull=False)),
        pressed=Count("pk", filter=waiting & Q(last_ok_at__gte=today)),
        not_yet=Count("pk", filter=waiting & (Q(last_ok_at__lt=today) | Q(last_ok_at=None))),
    )


def proactive_rows(devices: list[Device], now: datetime) -> list[ProactiveRow]:
    """One row per device (annotated by `with_proactive_alarms`): its state today and its
    next test call, with each elder's own rules (one query for the page)."""
    on = timezone.localdate(now)
    found = settings_in_force(on, sorted({device.elder_id for device in devices}))
    rows = []
    for device in devices:
        # Annotated by `with_proactive_alarms`.
        ok_alarm_pk, test_alarm_pk = device.ok_alarm_pk, device.test_alarm_pk  # type: ignore[attr-defined]
        settings = dict(found[None])
        settings.update(found.get(device.elder_id, {}))
        chosen = _enabled(settings.get("daily_ok"))
        last_ok_on = timezone.localdate(device.last_ok_at) if device.last_ok_at else None
        since = _start_of(device.installed_on)
        due = test_call_due(device.last_test_at, since, settings.get("test_call"))
        if test_alarm_pk:
            test_state: str | None = "failed"
        elif due is None:
            test_state = None
        else:
            test_state = "overdue" if due < now else "ok"
        rows.append(
            ProactiveRow(
                device=device,
                has_daily_ok=chosen,
                daily_state=daily_ok_state(last_ok_on, on, bool(ok_alarm_pk)) if chosen else None,
                test_due=due,
                test_state=test_state,
            )
        )
    return rows
