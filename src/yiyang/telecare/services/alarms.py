"""Raising alarms and every operator step on them; each step writes an `AlarmEvent` row."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.core.scoping import require
from yiyang.telecare import push
from yiyang.telecare.choices import (
    AlarmEventType,
    AlarmOutcome,
    AlarmStatus,
    CallResult,
    DispatchTarget,
)
from yiyang.telecare.errors import ErrorCode, TelecareError
from yiyang.telecare.models import Alarm, AlarmEvent, Device

HANDLE = "telecare.handle_alarm"


def raise_alarm(
    device: Device,
    *,
    rule: str,
    severity: int,
    occurred_at: datetime,
    sequence: int | None = None,
    details: dict[str, Any] | None = None,
) -> Alarm | None:
    """Write a new alarm and its "raised" step; None when it already exists.

    A message's alarm is unique on (device, sequence) and a check's on one open per
    (device, rule), so a replayed message or a repeated check raises nothing new.
    """
    now = timezone.now()
    try:
        with transaction.atomic():
            alarm = Alarm.objects.create(
                device=device,
                elder_id=device.elder_id,
                region_code=device.region_code,
                rule=rule,
                severity=severity,
                sequence=sequence,
                occurred_at=occurred_at,
                raised_at=now,
                updated_at=now,
                details=details or {},
            )
            AlarmEvent.objects.create(alarm=alarm, event_type=AlarmEventType.RAISED, at=now)
            push.alarms_changed(alarm.region_code)
    except IntegrityError:
        return None
    return alarm


def _locked(alarm: Alarm) -> Alarm:
    return Alarm.objects.select_for_update().get(pk=alarm.pk)


def _step(
    alarm: Alarm, event_type: str, actor, note: str = "", data: dict | None = None
) -> AlarmEvent:
    """Record one step; open consoles of the region hear of it when the transaction commits."""
    push.alarms_changed(alarm.region_code)
    return AlarmEvent.objects.create(
        alarm=alarm, event_type=event_type, actor=actor, note=note[:500], data=data or {}
    )


def _refuse_status(message: str) -> TelecareError:
    return TelecareError(ErrorCode.ALARM_WRONG_STATUS, message, field=None)


def acknowledge_alarm(alarm: Alarm, *, actor, late_reason: str = "") -> Alarm:
    """Take an open alarm: the clock of the one-minute promise stops here."""
    require(actor, HANDLE, alarm.region_code)
    with transaction.atomic():
        alarm = _locked(alarm)
        if alarm.status != AlarmStatus.OPEN:
            raise _refuse_status(_("This alarm has already been acknowledged."))
        now = timezone.now()
        alarm.status = AlarmStatus.ACKNOWLEDGED
        alarm.acknowledged_at = now
        alarm.acknowledged_by = actor
        alarm.late_reason = (late_reason or "").strip()[:200]
        alarm.updated_at = now
        alarm.save(
            update_fields=[
                "status",
                "acknowledged_at",
                "acknowledged_by",
                "late_reason",
                "updated_at",
            ]
        )
        _step(alarm, AlarmEventType.ACKNOWLEDGED, actor, alarm.late_reason)
    return alarm


def _require_taken(alarm: Alarm) -> None:
    if alarm.status == AlarmStatus.OPEN:
        raise _refuse_status(_("Acknowledge the alarm first."))
    if alarm.status == AlarmStatus.RESOLVED:
        raise _refuse_status(_("This alarm is resolved."))


def record_call(
    alarm: Alarm, *, actor, called: str, phone: str = "", result: str, note: str = ""
) -> AlarmEvent:
    """Log one call attempt (to the elder or a contact of the response plan)."""
    require(actor, HANDLE, alarm.region_code)
    if result not in CallResult.values:
        raise TelecareError(ErrorCode.VALUE_INVALID, _("Choose the call's result."), field="result")
    if not (called or "").strip():
        raise TelecareError(ErrorCode.VALUE_INVALID, _("Say whom you called."), field="called")
    with transaction.atomic():
        alarm = _locked(alarm)
        _require_taken(alarm)
        Alarm.objects.filter(pk=alarm.pk).update(updated_at=timezone.now())
        return _step(
            alarm,
            AlarmEventType.CALL,
            actor,
            note,
            {"called": called.strip()[:100], "phone": (phone or "").strip()[:20], "result": result},
        )


def dispatch_alarm(alarm: Alarm, *, actor, target: str, note: str = "") -> Alarm:
    """Record who was sent (family, community worker, caregiver) or called (120/110/119)."""
    require(actor, HANDLE, alarm.region_code)
    if target not in DispatchTarget.values:
        raise TelecareError(ErrorCode.VALUE_INVALID, _("Choose whom you sent."), field="target")
    with transaction.atomic():
        alarm = _locked(alarm)
        _require_taken(alarm)
        alarm.status = AlarmStatus.DISPATCHED
        alarm.updated_at = timezone.now()
        alarm.dispatched_at = alarm.dispatched_at or alarm.updated_at
        alarm.save(update_fields=["status", "updated_at", "dispatched_at"])
        _step(alarm, AlarmEventType.DISPATCHED, actor, note, {"target": target})
    return alarm


def record_arrival(
    alarm: Alarm, *, actor, responder: str, arrived_at: datetime | None = None, note: str = ""
) -> Alarm:
    """Record that a responder reached the elder (the operator hears it by phone, perhaps
    later: `arrived_at` may be earlier than now, never before the dispatch nor in the future).
    The first arrival is the one the 45-minute figure counts."""
    require(actor, HANDLE, alarm.region_code)
    if not (responder or "").strip():
        raise TelecareError(
            ErrorCode.VALUE_INVALID, _("Say who arrived on site."), field="responder"
        )
    with transaction.atomic():
        alarm = _locked(alarm)
        if alarm.status == AlarmStatus.RESOLVED:
            raise _refuse_status(_("This alarm is resolved."))
        if alarm.dispatched_at is None:
            raise _refuse_status(_("Record whom you sent before their arrival."))
        now = timezone.now()
        at = arrived_at or now
        if at > now:
            raise TelecareError(
                ErrorCode.VALUE_INVALID,
                _("The arrival cannot be in the future."),
                field="arrived_at",
            )
        if at < alarm.dispatched_at:
            raise TelecareError(
                ErrorCode.VALUE_INVALID,
                _("The arrival cannot be before the dispatch (%(time)s).")
                % {"time": timezone.localtime(alarm.dispatched_at).strftime("%H:%M")},
                field="arrived_at",
            )
        alarm.arrived_at = min(alarm.arrived_at or at, at)
        alarm.updated_at = now
        alarm.save(update_fields=["arrived_at", "updated_at"])
        _step(alarm, AlarmEventType.ARRIVED, actor, note,
              {"responder": responder.strip()[:100], "arrived_at": at.isoformat()})  # fmt: skip
    return alarm


def resolve_alarm(alarm: Alarm, *, actor, outcome: str, note: str = "") -> Alarm:
    """Close the alarm with its outcome (a false alarm is an outcome too)."""
    require(actor, HANDLE, alarm.region_code)
    if outcome not in AlarmOutcome.values:
        raise TelecareError(ErrorCode.VALUE_INVALID, _("Choose the outcome."), field="outcome")
    with transaction.atomic():
        alarm = _locked(alarm)
        _require_taken(alarm)
        before = audit.snapshot(alarm, ["status", "outcome"])
        now = timezone.now()
        alarm.status = AlarmStatus.RESOLVED
        alarm.outcome = outcome
        alarm.resolved_at = now
        alarm.updated_at = now
        alarm.save(update_fields=["status", "outcome", "resolved_at", "updated_at"])
        _step(alarm, AlarmEventType.RESOLVED, actor, note, {"outcome": outcome})
        audit.record_change(
            alarm, actor=actor, action="update", before=before, region_code=alarm.region_code
        )
    return alarm


def escalate_alarm(alarm: Alarm) -> Alarm:
    """Raise an unacknowledged alarm to the next operator level (the periodic check calls it)."""
    with transaction.atomic():
        Alarm.objects.filter(pk=alarm.pk, status=AlarmStatus.OPEN).update(
            escalation_level=F("escalation_level") + 1, updated_at=timezone.now()
        )
        alarm.refresh_from_db(fields=["escalation_level", "updated_at", "status"])
        _step(alarm, AlarmEventType.ESCALATED, None, data={"level": alarm.escalation_level})
    return alarm
