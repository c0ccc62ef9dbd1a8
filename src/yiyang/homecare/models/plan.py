"""Recurring care plans (照护计划) that generate service orders day by day (issue 5, seed 002)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.core.models.scoped import RegionScopedQuerySet


class CarePlanQuerySet(RegionScopedQuerySet["CarePlan"]):
    region_paths = ("elder__residence_region__code",)
    default_capability = "homecare.view_serviceorder"

    def active(self):
        return self.filter(is_active=True)


class CarePlan(models.Model):
    """A standing order for one elder: an item on given weekdays at a time (seed 002: at least one
    hour of service a day for 三无 and low-income very old elders)."""

    elder = models.ForeignKey(
        "registry.Elder",
        verbose_name=_("elder"),
        on_delete=models.PROTECT,
        related_name="care_plans",
    )
    provider = models.ForeignKey(
        "homecare.Provider",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="care_plans",
    )
    item = models.ForeignKey(
        "homecare.ServiceItem",
        verbose_name=_("service item"),
        on_delete=models.PROTECT,
        related_name="care_plans",
    )
    weekdays = models.JSONField(_("weekdays (1 = Monday)"), default=list)
    start_time = models.TimeField(_("start time"))
    planned_minutes = models.PositiveIntegerField(_("planned duration (minutes)"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    needs_note = models.CharField(_("needs and risks"), max_length=500, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = CarePlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("care plan")
        verbose_name_plural = _("care plans")
        ordering = ["elder", "pk"]

    def __str__(self) -> str:
        return f"{self.elder} · {self.item}"
