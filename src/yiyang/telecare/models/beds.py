"""Home care beds (家庭养老床位) and their monthly plans of owed visits."""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.core.models.scoped import RegionScopedQuerySet
from yiyang.telecare.choices import BedStatus


class HomeCareBedQuerySet(RegionScopedQuerySet["HomeCareBed"]):
    region_paths = ("region_code",)
    default_capability = "telecare.view_device"

    def in_service(self) -> Self:
        return self.filter(status=BedStatus.ACTIVE)


class HomeCareBed(models.Model):
    """A home care bed: professional care and 24-hour remote monitoring at the elder's home.

    Seed 000 §(四)1: for economically difficult disabled or semi-disabled elders, institution-
    backed and community-anchored, watched by "网络连接、紧急呼叫、活动监测" devices under
    "24 小时动态管理和远程监护". It goes into service once the elder has a valid assessment, the
    home adaptation is done, a device is installed and a provider is contracted
    (`shared/standards/domain-rules.md` §5.3: the three elements).
    """

    elder = models.ForeignKey(
        "registry.Elder",
        verbose_name=_("elder"),
        on_delete=models.PROTECT,
        related_name="home_care_beds",
    )
    region_code = models.CharField(_("region code"), max_length=12, db_index=True)
    status = models.CharField(
        _("status"), max_length=12, choices=BedStatus.choices, default=BedStatus.SETTING_UP
    )
    provider_name = models.CharField(_("provider"), max_length=100)
    contract_number = models.CharField(_("contract number"), max_length=50)
    contract_start = models.DateField(_("contract from"))
    contract_end = models.DateField(_("contract until"))
    adaptation_done_on = models.DateField(_("home adaptation done on"), null=True, blank=True)
    ability_level = models.PositiveSmallIntegerField(
        _("ability level when set up"), null=True, blank=True
    )
    opened_on = models.DateField(_("in service from"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(_("reason for closing"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set up by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = HomeCareBedQuerySet.as_manager()

    class Meta:
        verbose_name = _("home care bed")
        verbose_name_plural = _("home care beds")
        ordering = ["region_code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["elder"],
                condition=~models.Q(status="closed"),
                name="%(app_label)s_%(class)s_one_open_per_elder",
                violation_error_message=_("This elder already has a home care bed."),
            ),
            models.CheckConstraint(
                condition=models.Q(contract_end__gte=models.F("contract_start")),
                name="%(app_label)s_%(class)s_contract_dates_ordered",
                violation_error_message=_("The contract ends after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.elder} · {self.provider_name}"


class BedMonthPlan(models.Model):
    """The visits the provider owes a bed in one month (the monthly service plan).

    Delivered visits are counted from the home-services module's orders that took place
    (`yiyang.telecare.services.beds.delivered_visits`).
    """

    bed = models.ForeignKey(
        HomeCareBed, verbose_name=_("bed"), on_delete=models.CASCADE, related_name="month_plans"
    )
    month = models.DateField(_("month"))
    owed_visits = models.PositiveSmallIntegerField(_("visits owed"))
    services = models.CharField(_("services"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("monthly service plan")
        verbose_name_plural = _("monthly service plans")
        ordering = ["bed", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["bed", "month"],
                name="%(app_label)s_%(class)s_one_per_month",
                violation_error_message=_("This month already has a plan."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bed_id} {self.month:%Y-%m}"
