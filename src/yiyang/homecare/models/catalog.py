"""The service catalogue (服务目录): items, their effective-dated prices, and the EVV policy."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Self

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.homecare.choices import ServiceCategory, ServiceUnit
from yiyang.workforce.choices import SkillLevel
from yiyang.workforce.qualification import Requirement


class ServiceItem(models.Model):
    """One item of the guiding catalogue (指导性目录, seed 000 §(四)2; GLOSSARY.md `ServiceItem`).

    The catalogue is the city's: it belongs to no street. Prices are `ServicePrice` rows.
    """

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    category = models.CharField(_("category"), max_length=20, choices=ServiceCategory.choices)
    unit = models.CharField(_("unit"), max_length=10, choices=ServiceUnit.choices)
    standard_minutes = models.PositiveIntegerField(_("standard duration (minutes)"))
    minimum_skill_level = models.PositiveSmallIntegerField(
        _("minimum skill level"), choices=SkillLevel.choices, null=True, blank=True
    )
    needs_health_certificate = models.BooleanField(_("needs a health certificate"), default=False)
    # Some visits take two people at once (助浴 for a bedridden elder: one lifts, one washes);
    # the day planner sends two caregivers as a team. The price stays the item's (no double pay).
    caregivers_needed = models.PositiveSmallIntegerField(
        _("caregivers needed"), choices=[(1, "1"), (2, "2")], default=1
    )
    is_active = models.BooleanField(_("in the catalogue"), default=True)

    class Meta:
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        ordering = ["category", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(standard_minutes__gt=0),
                name="%(app_label)s_%(class)s_duration_positive",
                violation_error_message=_("The standard duration is more than zero."),
            ),
            models.CheckConstraint(
                condition=models.Q(caregivers_needed__in=[1, 2]),
                name="%(app_label)s_%(class)s_one_or_two_caregivers",
                violation_error_message=_("A visit needs one or two caregivers."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def requirement(self) -> Requirement:
        return Requirement(
            minimum_skill_level=self.minimum_skill_level,
            needs_health_certificate=self.needs_health_certificate,
        )


class ServicePriceQuerySet(models.QuerySet["ServicePrice"]):
    def in_force(self, on: date) -> Self:
        return self.filter(valid_from__lte=on).order_by("item_id", "-valid_from")


class ServicePrice(models.Model):
    """The price of an item from a date on (policy data, never rewritten): the list price, the
    price the government pays (政府购买价) and the elder's co-pay share of it, money in fen."""

    item = models.ForeignKey(
        ServiceItem, verbose_name=_("service item"), on_delete=models.PROTECT, related_name="prices"
    )
    valid_from = models.DateField(_("valid from"))
    price_fen = models.PositiveIntegerField(_("price (fen)"))
    purchased_price_fen = models.PositiveIntegerField(_("purchased price (fen)"))
    copay_share = models.DecimalField(_("co-pay share"), max_digits=4, decimal_places=3)
    source = models.CharField(_("source"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ServicePriceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service price")
        verbose_name_plural = _("service prices")
        ordering = ["item", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "valid_from"],
                name="%(app_label)s_%(class)s_one_per_day",
                violation_error_message=_("This item already has a price from that date."),
            ),
            models.CheckConstraint(
                condition=models.Q(copay_share__gte=0) & models.Q(copay_share__lte=1),
                name="%(app_label)s_%(class)s_share_between_0_and_1",
                violation_error_message=_("The co-pay share lies between 0 and 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.valid_from}"


class HomecarePolicyQuerySet(models.QuerySet["HomecarePolicy"]):
    def in_force(self, on: date) -> HomecarePolicy | None:
        return self.filter(valid_from__lte=on).order_by("-valid_from").first()


class HomecarePolicy(models.Model):
    """The EVV and confirmation figures in force from a date (DESIGN.md rule 3: policy is data).

    The first row (migration 0002) carries issue 5's figures: 48 h auto-confirmation, 15 min
    tolerance, 300 m from home; the too-short share and the low-rating mark are the project's
    working values until a local rule says otherwise.
    """

    valid_from = models.DateField(_("valid from"), unique=True)
    auto_confirm_hours = models.PositiveIntegerField(_("auto-confirm after (hours)"))
    duration_tolerance_minutes = models.PositiveIntegerField(_("duration tolerance (minutes)"))
    check_in_distance_m = models.PositiveIntegerField(_("check-in distance limit (metres)"))
    too_short_share = models.DecimalField(
        _("too short below share of standard duration"), max_digits=4, decimal_places=3
    )
    low_rating = models.PositiveSmallIntegerField(_("low rating (opens a case) up to"))
    # The day planner's figures (issue 9): the project's working values, to be set by the city.
    visit_window_minutes = models.PositiveIntegerField(
        _("a planned visit may start this many minutes early or late"), default=30
    )
    continuity_weight_minutes = models.PositiveIntegerField(
        _("travel minutes a change of the usual caregiver is worth"), default=30
    )
    urgent_priority = models.PositiveSmallIntegerField(
        _("an urgent visit left out costs as much as this many ordinary ones"), default=10
    )
    travel_speed_kmh = models.DecimalField(
        _("caregivers' travel speed (km/h)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("15.0"),
    )
    walking_speed_kmh = models.DecimalField(
        _("caregivers' walking speed (km/h)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("4.5"),
    )
    car_speed_kmh = models.DecimalField(
        _("caregivers' driving speed in district traffic (km/h)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("25.0"),
    )
    travel_detour = models.DecimalField(
        _("street detour over the straight line"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.30"),
    )
    # Complaint handling (GB/T 43153 numbers not read yet, domain-rules.md §4): the project's
    # working values until a local rule is read, flagged "TODO(verify)" in `source`.
    complaint_acknowledge_working_days = models.PositiveSmallIntegerField(
        _("a case is acknowledged within (working days)"), default=1
    )
    complaint_resolve_working_days = models.PositiveSmallIntegerField(
        _("a case is resolved within (working days)"), default=5
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = HomecarePolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("home-service policy")
        verbose_name_plural = _("home-service policies")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from}"
