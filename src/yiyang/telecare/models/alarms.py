"""Alarms (告警) and every step taken on them (`AlarmEvent`)."""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.core.models.scoped import RegionScopedQuerySet
from yiyang.telecare.choices import (
    AlarmEventType,
    AlarmOutcome,
    AlarmSeverity,
    AlarmStatus,
    RuleCode,
)


class AlarmQuerySet(RegionScopedQuerySet["Alarm"]):
    region_paths = ("region_code",)
    default_capability = "telecare.view_alarm"

    def unresolved(self) -> Self:
        return self.exclude(status=AlarmStatus.RESOLVED)

    def for_console(self) -> Self:
        """Open alarms, most severe first, then oldest first (the operator's queue)."""
        return (
            self.unresolved()
            .select_related("elder", "device")
            .order_by("severity", "raised_at", "pk")
        )

    def unacknowledged_critical_since(self, before) -> Self:
        return self.filter(
            status=AlarmStatus.OPEN, severity=AlarmSeverity.CRITICAL, raised_at__lte=before
        )


class Alarm(models.Model):
    """An alarm raised by a device message or a periodic check, handled by an operator.

    Issue 7: an alarm nobody answers is the worst failure of the platform; every step on it is
    an `AlarmEvent` with its time and actor. A message's alarm is unique on (device, sequence),
    so a replayed message raises nothing new.
    """

    device = models.ForeignKey(
        "telecare.Device",
        verbose_name=_("device"),
        on_delete=models.PROTECT,
        related_name="alarms",
    )
    elder = models.ForeignKey(
        "registry.Elder", verbose_name=_("elder"), on_delete=models.PROTECT, related_name="alarms"
    )
    region_code = models.CharField(_("region code"), max_length=12, db_index=True)
    rule = models.CharField(_("rule"), max_length=20, choices=RuleCode.choices)
    severity = models.PositiveSmallIntegerField(_("severity"), choices=AlarmSeverity.choices)
    status = models.CharField(
        _("status"), max_length=14, choices=AlarmStatus.choices, default=AlarmStatus.OPEN
    )
    sequence = models.BigIntegerField(_("message sequence number"), null=True, blank=True)
    occurred_at = models.DateTimeField(_("occurred at (device clock)"))
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    late_reason = models.CharField(_("reason for a late answer"), max_length=200, blank=True)
    # The first dispatch and the first responder on site: "on site within 45 minutes" is
    # counted from them (`sla.share_on_site_within`).
    dispatched_at = models.DateTimeField(_("first dispatched at"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("responder on site at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=AlarmOutcome.choices, blank=True
    )
    details = models.JSONField(_("details"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, db_index=True)

    objects = AlarmQuerySet.as_manager()

    class Meta:
        verbose_name = _("alarm")
        verbose_name_plural = _("alarms")
        ordering = ["severity", "raised_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["device", "sequence"],
                condition=models.Q(sequence__isnull=False),
                name="%(app_label)s_%(class)s_one_per_message",
                violation_error_message=_("This message has already raised an alarm."),
            ),
            # A periodic check (silence, no motion …) raises one open alarm, not one a minute.
            models.UniqueConstraint(
                fields=["device", "rule"],
                condition=models.Q(sequence__isnull=True) & ~models.Q(status="resolved"),
                name="%(app_label)s_%(class)s_one_open_per_check",
                violation_error_message=_("This device already has an open alarm of this rule."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="resolved")
                | (models.Q(resolved_at__isnull=False) & ~models.Q(outcome="")),
                name="%(app_label)s_%(class)s_resolved_has_outcome",
                violation_error_message=_("A resolved alarm has an outcome."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_rule_display()} · {self.elder}"


class AlarmEvent(models.Model):
    """One step on an alarm: raised, escalated, acknowledged, a call, a dispatch, resolved."""

    alarm = models.ForeignKey(
        Alarm, verbose_name=_("alarm"), on_delete=models.CASCADE, related_name="events"
    )
    event_type = models.CharField(_("step"), max_length=14, choices=AlarmEventType.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.CharField(_("note"), max_length=500, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("alarm step")
        verbose_name_plural = _("alarm steps")
        ordering = ["alarm", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.alarm_id} {self.event_type}"
