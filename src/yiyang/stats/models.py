"""Indicators (指标), their targets (目标值), manually reported figures and monthly snapshots.

Seed 000 ends its plan with a table of 16 indicators with 2025 targets and asks for annual
monitoring; seeds 001-004 add beds per 1,000 elders, the 9073 structure, certified caregivers per
10,000 elders and the monthly visit rate (shared/standards/indicators.md). All of it is data.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yiyang.core.models.scoped import RegionScopedQuerySet
from yiyang.core.scoping import region_prefix
from yiyang.stats.choices import Binding, Breakdown, Direction, IndicatorUnit, ValueSource

VIEW = "stats.view_indicators"


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def active(self) -> Self:
        return self.filter(is_active=True)


class Indicator(models.Model):
    """An indicator (指标) of the bureau's plan: what is counted, how it is shown, where it comes from.

    `computation` names a registered computation (stats/computations.py) that counts numerator
    and denominator from the platform's data; blank means the figure is reported by hand with its
    source (a module that does not exist yet, or data the platform cannot know).
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(pgettext_lazy("indicator", "name"), max_length=100)
    group = models.CharField(_("group"), max_length=40, blank=True)
    definition = models.TextField(pgettext_lazy("indicator", "definition"), blank=True)
    numerator = models.CharField(_("numerator"), max_length=200, blank=True)
    denominator = models.CharField(_("denominator"), max_length=200, blank=True)
    computation = models.CharField(_("computation"), max_length=60, blank=True)
    unit = models.CharField(_("unit"), max_length=20, choices=IndicatorUnit.choices)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER_IS_BETTER
    )
    binding = models.CharField(
        _("binding or expected"), max_length=10, choices=Binding.choices, blank=True
    )
    # How close to the target counts as "near" (amber), relative to the target: data, per row.
    near_ratio = models.DecimalField(
        _("near the target within"), max_digits=5, decimal_places=4, default=Decimal("0.1")
    )
    source = models.CharField(_("seed source"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_computed(self) -> bool:
        return bool(self.computation)


class TargetQuerySet(models.QuerySet["Target"]):
    def visible_to(self, user, capability: str | None = None) -> Self:
        """Targets of the city-wide default set, of the regions above the user's and below it.

        A target is policy, not personal data: a street clerk sees the targets that bind her
        street (the city's, the district's) and those set for the regions under her.
        """
        prefix = region_prefix(user, capability or VIEW)
        if prefix is None:
            return self.none()
        if prefix == "":
            return self.all()
        above = [prefix[:length].ljust(12, "0") for length in (2, 4, 6, 9) if length < len(prefix)]
        return self.filter(
            models.Q(region__isnull=True)
            | models.Q(region__code__startswith=prefix)
            | models.Q(region__code__in=above)
        )


class Target(models.Model):
    """A target value (目标值) of an indicator for a year, city-wide by default or for one region.

    Seed 000's table gives the 2025 targets; a region may be given its own, which then binds it
    and the regions under it instead of the default.
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="indicator_targets",
        null=True,
        blank=True,
        help_text=_("Empty: the default target of every region."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target value"), max_digits=14, decimal_places=4)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator__position", "year", "region_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "year"],
                name="%(app_label)s_%(class)s_one_per_region_year",
                violation_error_message=_("This region already has a target for that year."),
            ),
            models.UniqueConstraint(
                fields=["indicator", "year"],
                condition=models.Q(region__isnull=True),
                name="%(app_label)s_%(class)s_one_default_per_year",
                violation_error_message=_("There is already a default target for that year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.value}"


class ManualReportQuerySet(RegionScopedQuerySet["ManualReport"]):
    region_paths = ("region__code",)
    default_capability = VIEW


class ManualReport(models.Model):
    """A figure reported by hand (人工填报) for a region and month, with where it comes from.

    Used for the indicators the platform cannot count yet (institutions, visits, training …);
    a later report for the same month replaces it, and the audit log keeps the earlier value.
    """

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="manual_reports",
    )
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="manual_reports",
    )
    month = models.DateField(_("month"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    numerator = models.DecimalField(
        _("numerator"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=200)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)

    objects = ManualReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("manual report")
        verbose_name_plural = _("manual reports")
        ordering = ["indicator__position", "region_id", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "month"],
                name="%(app_label)s_%(class)s_one_per_region_month",
                violation_error_message=_("This month is already reported for the region."),
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1),
                name="%(app_label)s_%(class)s_month_first_day",
                violation_error_message=_("A month is stored as its first day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.region_id} {self.month:%Y-%m}"


class IndicatorSnapshotQuerySet(RegionScopedQuerySet["IndicatorSnapshot"]):
    region_paths = ("region__code",)
    default_capability = VIEW

    def for_month(self, month) -> Self:
        return self.filter(month=month)


class IndicatorSnapshot(models.Model):
    """An indicator's figure for a region and month, kept so a trend can be drawn and a closed
    month's figure never changes when the data change later (issue 8)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="snapshots"
    )
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="indicator_snapshots",
    )
    month = models.DateField(_("month"))
    numerator = models.DecimalField(_("numerator"), max_digits=14, decimal_places=2, null=True)
    denominator = models.DecimalField(_("denominator"), max_digits=14, decimal_places=2, null=True)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True)
    source = models.CharField(_("source"), max_length=10, choices=ValueSource.choices)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    objects = IndicatorSnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator snapshot")
        verbose_name_plural = _("indicator snapshots")
        ordering = ["indicator__position", "region_id", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "month"],
                name="%(app_label)s_%(class)s_one_per_region_month",
                violation_error_message=_("This month already has a snapshot for the region."),
            ),
        ]
        # The dashboard reads one region's months, and a drill-down its children's: by region.
        indexes = [
            models.Index(fields=["region", "month"], name="stats_snapshot_region_month"),
            # The snapshot task replaces a running month's rows: by month.
            models.Index(fields=["month"], name="stats_snapshot_month"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.region_id} {self.month:%Y-%m}"


class BreakdownSnapshotQuerySet(RegionScopedQuerySet["BreakdownSnapshot"]):
    region_paths = ("region__code",)
    default_capability = VIEW


class BreakdownSnapshot(models.Model):
    """Elders of a region by age band or by ability level for a month (人口结构), counted by the
    snapshot task so the dashboard never counts a million elders while the director waits.

    `columns` names what each count is (the age bands' lower edges, or the ability levels and
    "none"), so a month keeps the bands it was counted with when the setting changes later.
    """

    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="breakdown_snapshots",
    )
    month = models.DateField(_("month"))
    breakdown = models.CharField(_("breakdown"), max_length=16, choices=Breakdown.choices)
    columns = models.JSONField(_("columns"))
    counts = models.JSONField(_("counts"))
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    objects = BreakdownSnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("breakdown snapshot")
        verbose_name_plural = _("breakdown snapshots")
        ordering = ["region_id", "month", "breakdown"]
        constraints = [
            # Also the index of the dashboard's read: the children's rows of one month.
            models.UniqueConstraint(
                fields=["region", "month", "breakdown"],
                name="%(app_label)s_%(class)s_one_per_region_month",
                violation_error_message=_("This month already has this table for the region."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.breakdown} {self.region_id} {self.month:%Y-%m}"
