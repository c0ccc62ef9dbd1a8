"""The day plans of a provider's caregivers (智能排班派单, issue 9): proposals of the optimiser that
the dispatcher adjusts (locks, moves) and accepts, and re-plans during the day."""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.core.models.scoped import RegionScopedQuerySet
from yiyang.core.roles import Role
from yiyang.core.scoping import region_prefix
from yiyang.homecare.choices import DayPlanStatus


class DayPlanQuerySet(RegionScopedQuerySet["DayPlan"]):
    """Provider staff see their provider's plans, caregivers their employer's, officials those
    of providers registered in their region."""

    region_paths = ("provider__region__code",)
    default_capability = "homecare.view_serviceorder"

    def visible_to(self, user, capability: str | None = None) -> Self:
        prefix = region_prefix(user, capability or self.default_capability)
        if prefix is None:
            return self.none()
        if prefix == "":
            return self.all()
        if user.role == Role.PROVIDER_STAFF:
            return self.filter(provider__staff__user=user)
        if user.role == Role.CAREGIVER:
            return self.filter(provider__employments__caregiver__user=user)
        return super().visible_to(user, capability)

    def latest_for(self, provider_pk: int, day) -> DayPlan | None:
        """The plan to show for a provider's day: the newest proposal, else the accepted one."""
        plans = self.filter(provider_id=provider_pk, day=day).exclude(
            status=DayPlanStatus.SUPERSEDED
        )
        return plans.order_by("-created_at", "-pk").first()

    def accepted(self) -> Self:
        return self.filter(status=DayPlanStatus.ACCEPTED)


class DayPlan(models.Model):
    """One plan of a provider's day (排班方案): each caregiver's visits in order with the minute each
    starts, the visits left out with the reason, the dispatcher's locks, and, for a re-plan, what
    changed. Orders and caregivers are kept by primary key: a plan is a proposal about them, and
    accepting it assigns the orders through the services."""

    provider = models.ForeignKey(
        "homecare.Provider",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="day_plans",
    )
    day = models.DateField(_("day"))
    status = models.CharField(
        _("status"), max_length=10, choices=DayPlanStatus.choices, default=DayPlanStatus.PROPOSED
    )
    # [{"caregiver": pk, "visits": [{"order": pk, "start": minute of the day}]}]; a two-person
    # team's route is under its first member, with "partner": the second member's pk
    routes = models.JSONField(_("routes"), default=list)
    # [{"order": pk, "reason": code}]
    unplaced = models.JSONField(_("unplaced visits"), default=list)
    # {"<order pk>": caregiver pk}: visits that stay with their caregiver when re-optimised
    locks = models.JSONField(_("locked visits"), default=dict)
    # [{"order": pk, "before": [caregiver pk, minute] | null, "after": ... }] of a re-plan
    changes = models.JSONField(_("changes"), default=list)
    is_replan = models.BooleanField(_("re-plan during the day"), default=False)
    travel_minutes = models.PositiveIntegerField(_("travel (minutes)"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("planned by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    objects = DayPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("day plan")
        verbose_name_plural = _("day plans")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["provider", "day"], name="homecare_dayplan_day")]

    def __str__(self) -> str:
        return f"{self.provider_id} · {self.day} · {self.status}"

    def starts(self) -> dict[int, tuple[int, int]]:
        """order pk -> (caregiver pk, start minute)."""
        return {
            stop["order"]: (route["caregiver"], stop["start"])
            for route in self.routes
            for stop in route["visits"]
        }

    def partners(self) -> dict[int, int]:
        """first member's pk -> second member's pk, for each two-person team of the plan."""
        return {
            route["caregiver"]: route["partner"] for route in self.routes if route.get("partner")
        }

    def locked(self) -> dict[int, int]:
        return {int(order): caregiver for order, caregiver in self.locks.items()}

    def as_data(self) -> dict[str, Any]:
        return {"routes": self.routes, "unplaced": self.unplaced, "locks": self.locks}
