"""The 15-minute service circle's figures (15 分钟养老服务圈, seed 000 §(二)3, seed 002, seed
003 §(一)) as effective-dated policy rows: a change takes effect from its date and never
rewrites the past (DESIGN.md rule 3)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.servicemap.circle import CircleParameters

VIEW = "servicemap.view_map"
MANAGE = "servicemap.manage_circle"


def default_facility_kinds() -> list[str]:
    # 日间照料中心, 社区养老服务站, 助餐点: the backbone seed 000 附件一 names for the circle.
    return ["day_care", "service_station", "meal_point"]


def default_facility_services() -> list[str]:
    # Meals, day care and home services (issue 8; seed 000 §(二)3 lists 助餐, 日间短托照料 …).
    return ["meal", "day_care", "home_service"]


class CirclePolicyQuerySet(models.QuerySet["CirclePolicy"]):
    def in_force(self, on: date | None = None) -> CirclePolicy:
        """The version in force on a day (the latest that started on or before it); the
        defaults when the city has set none."""
        on = on or timezone.localdate()
        policy = self.filter(effective_from__lte=on).order_by("-effective_from").first()
        return policy or CirclePolicy()


class CirclePolicy(models.Model):
    """The figures of the 15-minute service circle: how far an elder walks in how long, and
    which facilities count. A facility counts when its kind is listed or it offers a listed
    service. The defaults (15 min, 4 km/h, detour 1.3) are assumptions, not figures of a seed:
    the city administrator sets its own."""

    effective_from = models.DateField(_("effective from"), unique=True)
    minutes = models.PositiveSmallIntegerField(_("minutes of walking"), default=15)
    walking_speed_kmh = models.DecimalField(
        _("walking speed (km/h)"), max_digits=4, decimal_places=2, default=Decimal("4.00")
    )
    detour_factor = models.DecimalField(
        _("detour factor"), max_digits=4, decimal_places=2, default=Decimal("1.30")
    )
    facility_kinds = models.JSONField(
        _("facility kinds that count"), default=default_facility_kinds, blank=True
    )
    facility_services = models.JSONField(
        _("facility services that count"), default=default_facility_services, blank=True
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    objects = CirclePolicyQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("service circle policy")
        verbose_name_plural = _("service circle policies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gt=0)
                & models.Q(walking_speed_kmh__gt=0)
                & models.Q(detour_factor__gte=1),
                name="%(app_label)s_%(class)s_figures_positive",
                violation_error_message=_(
                    "Minutes and speed must be above zero and the detour factor at least 1."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.effective_from}: {self.minutes} min"

    @property
    def parameters(self) -> CircleParameters:
        return CircleParameters(
            minutes=float(self.minutes),
            walking_speed_kmh=float(self.walking_speed_kmh),
            detour=float(self.detour_factor),
        )

    def counts(self, kind: str, services: list[str]) -> bool:
        """Whether a facility of this kind offering these services counts for the circle."""
        return kind in self.facility_kinds or bool(set(services) & set(self.facility_services))
