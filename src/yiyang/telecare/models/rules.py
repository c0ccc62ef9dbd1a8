"""Alarm rules as data: severity and threshold per rule, overridable per elder."""

from __future__ import annotations

from datetime import date
from typing import Self

from django.db import models
from django.utils.translation import gettext_lazy as _

from yiyang.telecare.choices import AlarmSeverity, RuleCode


class AlarmRuleQuerySet(models.QuerySet["AlarmRule"]):
    def in_force(self, on: date) -> Self:
        return self.filter(effective_from__lte=on)


class AlarmRule(models.Model):
    """One rule's severity and threshold from a date, for everyone or for one elder.

    The city's defaults come from `data/alarm_rules.json` (issue 7: SOS and fall critical,
    no motion for N hours by day a warning …); a row naming an elder overrides the default for
    that elder only. A change is a new row with a later `effective_from`, never an edit.
    `threshold` is in the unit the rule names (`RULE_UNITS` in `yiyang.telecare.rules`).
    """

    code = models.CharField(_("rule"), max_length=20, choices=RuleCode.choices)
    elder = models.ForeignKey(
        "registry.Elder",
        verbose_name=_("elder"),
        on_delete=models.CASCADE,
        related_name="telecare_rules",
        null=True,
        blank=True,
    )
    severity = models.PositiveSmallIntegerField(_("severity"), choices=AlarmSeverity.choices)
    is_enabled = models.BooleanField(_("enabled"), default=True)
    threshold = models.PositiveIntegerField(_("threshold"), null=True, blank=True)
    # Local time window (hours 0-24) for time-of-day rules: the day for no-motion, the night
    # for door-open; a window may wrap midnight (22 → 6).
    window_start_hour = models.PositiveSmallIntegerField(_("from hour"), null=True, blank=True)
    window_end_hour = models.PositiveSmallIntegerField(_("to hour"), null=True, blank=True)
    effective_from = models.DateField(_("effective from"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = AlarmRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("alarm rule")
        verbose_name_plural = _("alarm rules")
        ordering = ["code", "elder", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "effective_from"],
                condition=models.Q(elder__isnull=True),
                name="%(app_label)s_%(class)s_one_default_per_date",
                violation_error_message=_("This rule already has a version from this date."),
            ),
            models.UniqueConstraint(
                fields=["code", "elder", "effective_from"],
                condition=models.Q(elder__isnull=False),
                name="%(app_label)s_%(class)s_one_override_per_date",
                violation_error_message=_("This rule already has a version from this date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.effective_from})"
