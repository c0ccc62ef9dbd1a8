"""The one door for device messages, shared by the HTTP endpoint and the MQTT consumer.

Validate (pure), authenticate (the device's HMAC), remember last-seen out of the database,
write only state changes and alarms. A bad message is counted and answered, never raised.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from yiyang.telecare import directory, live
from yiyang.telecare.choices import RejectReason
from yiyang.telecare.directory import DeviceEntry
from yiyang.telecare.messages import (
    DeviceMessage,
    MessageRejected,
    open_envelope,
    parse_message,
    signature_matches,
)
from yiyang.telecare.models import Alarm, Device, IngestRejection
from yiyang.telecare.rules import EVENT_RULES, alarms_for_message
from yiyang.telecare.services.alarms import raise_alarm

logger = logging.getLogger("yiyang.telecare.ingest")


@dataclass(frozen=True)
class IngestResult:
    accepted: bool
    reason: str = ""
    field: str | None = None
    detail: str = ""
    alarms: tuple[Alarm, ...] = ()
    duplicate: bool = False


def count_rejection(reason: str) -> None:
    """Add one to the tally of refused messages for `reason` (never stores the message)."""
    now = timezone.now()
    updated = IngestRejection.objects.filter(reason=reason).update(
        count=F("count") + 1, last_at=now
    )
    if not updated:
        _tally, created = IngestRejection.objects.get_or_create(
            reason=reason, defaults={"count": 1, "last_at": now}
        )
        if not created:
            IngestRejection.objects.filter(reason=reason).update(count=F("count") + 1, last_at=now)


def _reject(error: MessageRejected) -> IngestResult:
    count_rejection(error.reason)
    logger.info("device message refused: %s (%s) %s", error.reason, error.field, error.detail)
    return IngestResult(False, error.reason, error.field, error.detail)


def ingest_envelope(raw: bytes, *, topic_serial: str | None = None) -> IngestResult:
    """Accept one MQTT payload (`{"body": …, "sig": …}`) from topic …/<serial>/<kind>."""
    try:
        body, signature = open_envelope(raw)
    except MessageRejected as error:
        return _reject(error)
    return ingest_message(body, signature, topic_serial=topic_serial)


def ingest_message(
    body: bytes, signature: str | None, *, topic_serial: str | None = None
) -> IngestResult:
    """Accept one signed message body; return what became of it."""
    try:
        message = parse_message(body)
        device = _authenticate(message, body, signature, topic_serial)
    except MessageRejected as error:
        return _reject(error)
    return _apply(device, message)


def _authenticate(
    message: DeviceMessage, body: bytes, signature: str | None, topic_serial: str | None
) -> DeviceEntry:
    if topic_serial is not None and topic_serial != message.device:
        raise MessageRejected(RejectReason.TOPIC_MISMATCH, "device", "topic names another device")
    entry = directory.devices.lookup(message.device)
    if entry is not None and not signature_matches(body, entry.key, signature):
        # The cache may hold a device unbound and bound again since: ask the database once.
        entry = directory.devices.reload(message.device)
        if entry is not None and not signature_matches(body, entry.key, signature):
            raise MessageRejected(
                RejectReason.BAD_SIGNATURE, "signature", "signature does not match"
            )
    if entry is None:
        reason = (
            RejectReason.DEVICE_UNBOUND
            if Device.objects.filter(serial=message.device).exists()
            else RejectReason.UNKNOWN_DEVICE
        )
        raise MessageRejected(reason, "device", "no active device with this serial")
    return entry


def _apply(entry: DeviceEntry, message: DeviceMessage) -> IngestResult:
    now = timezone.now()
    live.touch(entry.pk, now)
    if message.kind == "motion":
        live.touch(entry.pk, now, "motion")
    _record_state(entry.pk, message)
    if message.kind not in EVENT_RULES and message.battery is None:
        return IngestResult(True)  # nothing a rule could raise: no need to read the rules
    settings = directory.rules.settings_for(entry.elder_id, timezone.localdate(now))
    raised = alarms_for_message(message.kind, message.battery, settings)
    if not raised:
        return IngestResult(True)
    alarms, duplicate = [], False
    device = entry.as_device()
    for item in raised:
        # Events carry the message's sequence (a replay finds it taken); low battery is a
        # state, one open alarm per device, like the periodic checks.
        sequence = None if item.rule == "low_battery" else message.seq
        alarm = raise_alarm(
            device,
            rule=item.rule,
            severity=item.severity,
            occurred_at=message.ts,
            sequence=sequence,
            details={"seq": message.seq, "kind": message.kind, "battery": message.battery},
        )
        if alarm is None:
            duplicate = duplicate or sequence is not None
        else:
            alarms.append(alarm)
    return IngestResult(True, alarms=tuple(alarms), duplicate=duplicate)


def _record_state(device_pk: int, message: DeviceMessage) -> None:
    """Write what changed: the door's state, the "I'm OK" and test calls; never the heartbeat.

    The battery level rides on heartbeats, so it is remembered like last-seen and saved by the
    periodic check in one batch: a row write per heartbeat would cost a commit each.
    """
    changes: dict[str, object] = {}
    if message.battery is not None:
        live.remember_battery(device_pk, message.battery)
    if message.kind == "door_open":
        # Only the first opening counts: a repeated "open" keeps the original time.
        with transaction.atomic():
            Device.objects.filter(pk=device_pk, door_open_since__isnull=True).update(
                door_open_since=message.ts
            )
    elif message.kind == "door_closed":
        changes["door_open_since"] = None
    elif message.kind == "ok_press":
        changes["last_ok_at"] = message.ts
    elif message.kind == "test_call":
        changes["last_test_at"] = message.ts
    if changes:
        Device.objects.filter(pk=device_pk).update(**changes)
