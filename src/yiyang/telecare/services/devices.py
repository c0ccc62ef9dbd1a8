"""Provisioning and unbinding devices (writes, with audit)."""

from __future__ import annotations

import re
import secrets
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.core.scoping import require
from yiyang.registry.choices import ElderStatus
from yiyang.registry.models import Elder
from yiyang.telecare import directory
from yiyang.telecare.choices import DeviceKind, DeviceStatus
from yiyang.telecare.errors import ErrorCode, TelecareError
from yiyang.telecare.messages import signing_key
from yiyang.telecare.models import Device

_SERIAL = re.compile(r"[A-Za-z0-9._-]{4,64}")
MANAGE = "telecare.manage_devices"


def provision_device(
    elder: Elder,
    *,
    kind: str,
    serial: str,
    installed_on: date,
    heartbeat_seconds: int = 300,
    address: str = "",
    secret: str | None = None,
    actor,
) -> tuple[Device, str]:
    """Bind a new device to the elder's home; return it and its secret (shown once).

    Only the signing key derived from the secret is stored, so the secret cannot be read back.
    """
    require(actor, MANAGE, elder.residence_region_id)
    serial = (serial or "").strip()
    if not _SERIAL.fullmatch(serial):
        raise TelecareError(
            ErrorCode.SERIAL_INVALID,
            _("A serial number has 4 to 64 letters, digits, dots, dashes or underscores."),
            field="serial",
        )
    if kind not in DeviceKind.values:
        raise TelecareError(ErrorCode.VALUE_INVALID, _("Choose a device kind."), field="kind")
    if not 30 <= heartbeat_seconds <= 86400:
        raise TelecareError(
            ErrorCode.VALUE_INVALID,
            _("The heartbeat interval is between 30 seconds and one day."),
            field="heartbeat_seconds",
        )
    if elder.status != ElderStatus.ACTIVE:
        raise TelecareError(
            ErrorCode.ELDER_NOT_ACTIVE,
            _("Devices are installed only for elders in the registry."),
            field="elder",
        )
    if installed_on > timezone.localdate():
        raise TelecareError(
            ErrorCode.VALUE_INVALID,
            _("The installation date cannot be in the future."),
            field="installed_on",
        )
    secret = secret or secrets.token_urlsafe(24)
    try:
        with transaction.atomic():
            device = Device.objects.create(
                serial=serial,
                kind=kind,
                elder=elder,
                region_code=elder.residence_region_id,
                address=(address or elder.address or "")[:200],
                installed_on=installed_on,
                heartbeat_seconds=heartbeat_seconds,
                signing_key=signing_key(secret),
                created_by=actor,
            )
            audit.record_change(
                device,
                actor=actor,
                action="create",
                fields=["serial", "kind", "elder", "installed_on", "heartbeat_seconds"],
                region_code=device.region_code,
            )
            directory.changed()
    except IntegrityError:
        raise TelecareError(
            ErrorCode.SERIAL_TAKEN,
            _("A device with this serial number is already bound."),
            field="serial",
        ) from None
    return device, secret


def unbind_device(device: Device, *, reason: str, actor) -> Device:
    """Take a device off the elder's home (removed, broken, elder moved): it is heard no more."""
    require(actor, MANAGE, device.region_code)
    if not (reason or "").strip():
        raise TelecareError(ErrorCode.REASON_REQUIRED, _("Give the reason."), field="reason")
    with transaction.atomic():
        device = Device.objects.select_for_update().get(pk=device.pk)
        if device.status != DeviceStatus.ACTIVE:
            raise TelecareError(
                ErrorCode.DEVICE_UNBOUND, _("This device is already unbound."), field=None
            )
        before = audit.snapshot(device, ["status", "unbind_reason"])
        device.status = DeviceStatus.UNBOUND
        device.unbound_at = device.updated_at = timezone.now()
        device.unbind_reason = reason.strip()[:200]
        device.save(update_fields=["status", "unbound_at", "unbind_reason", "updated_at"])
        audit.record_change(
            device, actor=actor, action="update", before=before, region_code=device.region_code
        )
        directory.changed()
    return device
