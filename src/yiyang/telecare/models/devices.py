"""Devices installed in elders' homes (设备), and the tally of refused messages."""

from __future__ import annotations

from datetime import datetime
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.core.models.scoped import RegionScopedQuerySet
from yiyang.telecare.choices import AlarmStatus, DeviceKind, DeviceStatus, RejectReason
from yiyang.telecare.rules import PRESSABLE_KINDS


class DeviceQuerySet(RegionScopedQuerySet["Device"]):
    region_paths = ("region_code",)
    default_capability = "telecare.view_device"

    def active(self) -> Self:
        return self.filter(status=DeviceStatus.ACTIVE)

    def pressable(self) -> Self:
        """Devices an elder presses: hers are the daily "I'm OK" and the monthly test call."""
        return self.filter(kind__in=sorted(PRESSABLE_KINDS))

    def with_proactive_alarms(self) -> Self:
        """Annotate the unresolved alarm of a missed "I'm OK" (`ok_alarm_pk`) and of a missed
        test call (`test_alarm_pk`), None when there is none."""
        from yiyang.telecare.models.alarms import Alarm

        def unresolved(rule: str) -> Subquery:
            found = (
                Alarm.objects.filter(device=OuterRef("pk"), rule=rule)
                .exclude(status=AlarmStatus.RESOLVED)
                .order_by("-pk")
                .values("pk")[:1]
            )
            return Subquery(found)

        return self.annotate(
            ok_alarm_pk=unresolved("daily_ok"), test_alarm_pk=unresolved("test_call")
        )

    def changed_since(self, moment: datetime) -> Self:
        """Devices bound, unbound or re-keyed at or after `moment` (the directory's refresh)."""
        return self.filter(updated_at__gte=moment)


class Device(models.Model):
    """A telecare device (一键通, smoke/gas/door sensors …) bound to an elder's home.

    Seed 000 §(四)1 asks for home care beds watched by "紧急呼叫、活动监测" devices, seed 002 for
    free "一键通" emergency-call devices. The secret printed on the device is never stored: only
    the signing key derived from it (`signing_key`, see `yiyang.telecare.messages`).
    Heartbeats are not rows: `last_seen_at` is copied from the live store by the periodic check.
    """

    serial = models.CharField(_("serial number"), max_length=64)
    kind = models.CharField(_("kind"), max_length=20, choices=DeviceKind.choices)
    elder = models.ForeignKey(
        "registry.Elder",
        verbose_name=_("elder"),
        on_delete=models.PROTECT,
        related_name="telecare_devices",
    )
    # The elder's residence community when installed: the region key alarms are scoped by
    # without a join (DESIGN.md "a region key on every big table").
    region_code = models.CharField(_("region code"), max_length=12, db_index=True)
    address = models.CharField(_("installed at"), max_length=200)
    installed_on = models.DateField(_("installation date"))
    heartbeat_seconds = models.PositiveIntegerField(_("heartbeat interval (seconds)"), default=300)
    signing_key = models.CharField(_("signing key"), max_length=64, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=DeviceStatus.choices, default=DeviceStatus.ACTIVE
    )
    battery_percent = models.PositiveSmallIntegerField(_("battery (%)"), null=True, blank=True)
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)
    # A state change, so written when it happens (heartbeats and motion are not).
    door_open_since = models.DateTimeField(_("door open since"), null=True, blank=True)
    # Proactive checks (issue 7): the last "I'm OK" press and the last test call, written when
    # they arrive (once a day, once a month), so a month-long gap survives any cache.
    last_ok_at = models.DateTimeField(_("last “I'm OK”"), null=True, blank=True)
    last_test_at = models.DateTimeField(_("last test call"), null=True, blank=True)
    unbound_at = models.DateTimeField(_("unbound at"), null=True, blank=True)
    unbind_reason = models.CharField(_("reason for unbinding"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("provisioned by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # When what the consumers cache of the device (binding, key, status) last changed: the
    # directory's refresh reads only the rows changed since its last look, through this index,
    # instead of scanning every device. The state written by messages and checks (last seen,
    # battery, door, "I'm OK", test call) leaves it alone: no consumer caches that.
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, db_index=True)

    objects = DeviceQuerySet.as_manager()

    class Meta:
        verbose_name = _("device")
        verbose_name_plural = _("devices")
        ordering = ["region_code", "serial", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["serial"],
                condition=models.Q(status="active"),
                name="%(app_label)s_%(class)s_one_active_per_serial",
                violation_error_message=_("A device with this serial number is already bound."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="unbound") | models.Q(unbound_at__isnull=False),
                name="%(app_label)s_%(class)s_unbound_has_time",
                violation_error_message=_("An unbound device records when it was unbound."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.serial}"


class IngestRejection(models.Model):
    """How many device messages were refused, per reason (never the messages themselves)."""

    reason = models.CharField(_("reason"), max_length=20, choices=RejectReason.choices, unique=True)
    count = models.PositiveBigIntegerField(_("count"), default=0)
    last_at = models.DateTimeField(_("last refused at"), null=True, blank=True)

    class Meta:
        verbose_name = _("refused message tally")
        verbose_name_plural = _("refused message tallies")
        ordering = ["reason"]

    def __str__(self) -> str:
        return f"{self.reason}: {self.count}"
