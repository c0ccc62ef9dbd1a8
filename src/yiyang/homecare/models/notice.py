"""A caregiver's notices of changes to her round (排班变更通知, issue 9): written in the same
transaction as the assignments that changed it, shown on her phone until she acknowledges them."""

from __future__ import annotations

from datetime import date
from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.core.models.scoped import RegionScopedQuerySet
from yiyang.core.roles import Role
from yiyang.core.scoping import region_prefix
from yiyang.homecare.choices import NoticeCause


class PlanNoticeQuerySet(RegionScopedQuerySet["PlanNotice"]):
    """A caregiver sees her own notices only; provider staff their caregivers'; officials those of
    providers registered in their region."""

    region_paths = ("provider__region__code",)
    default_capability = "homecare.view_serviceorder"

    def visible_to(self, user, capability: str | None = None) -> Self:
        prefix = region_prefix(user, capability or self.default_capability)
        if prefix is None:
            return self.none()
        if prefix == "":
            return self.all()
        if user.role == Role.CAREGIVER:
            return self.filter(caregiver__user=user)
        if user.role == Role.PROVIDER_STAFF:
            return self.filter(provider__staff__user=user)
        return super().visible_to(user, capability)

    def pending(self, today: date) -> Self:
        """Not yet acknowledged, about today or a later day, oldest first (the order they
        happened in); a notice about a day gone by no longer asks for her attention."""
        return self.filter(acknowledged_at__isnull=True, day__gte=today).order_by(
            "created_at", "pk"
        )


class PlanNotice(models.Model):
    """One change to a caregiver's round of a day (排班变更通知): the visits new to her, gone from
    her, or moved in time, with the elder, item and minutes as she was told them. The lines are
    kept as written, because a visit taken from her is no longer hers to look up."""

    caregiver = models.ForeignKey(
        "workforce.Caregiver",
        verbose_name=_("caregiver"),
        on_delete=models.PROTECT,
        related_name="plan_notices",
    )
    provider = models.ForeignKey(
        "homecare.Provider",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="plan_notices",
    )
    day = models.DateField(_("day"))
    cause = models.CharField(_("cause"), max_length=20, choices=NoticeCause.choices)
    plan = models.ForeignKey(
        "homecare.DayPlan",
        verbose_name=_("day plan"),
        on_delete=models.PROTECT,
        related_name="notices",
        null=True,
        blank=True,
    )
    # [{"kind": "added" | "removed" | "moved", "order": pk, "elder": name, "item": name,
    #   "start": minute of the day, "before": minute | null}]
    lines = models.JSONField(_("changes"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    objects = PlanNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan notice")
        verbose_name_plural = _("plan notices")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["caregiver", "day"],
                name="homecare_notice_pending",
                condition=models.Q(acknowledged_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.caregiver_id} · {self.day} · {self.cause}"
