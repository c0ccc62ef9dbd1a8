"""Complaints (投诉) and the cases they and low ratings (差评) open for the provider's manager
(issue 5: "low ratings and complaints open a case for the provider's manager").

A case lies in a region: the elder's community when the complaint or rating concerns an elder,
otherwise the provider's registered region. Officials see the cases of their region; provider
staff their provider's. Deadlines are computed on reading (homecare/deadlines.py), never stored:
a calendar year published later changes them, and nothing can go stale.
"""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.core.roles import Role
from yiyang.core.scoping import region_prefix
from yiyang.core.validators.phone import mask_phone
from yiyang.homecare.choices import (
    CaseEventType,
    CaseOutcome,
    CaseSatisfaction,
    CaseSource,
    CaseStatus,
    ComplainantKind,
    ComplaintCategory,
    ComplaintChannel,
)
from yiyang.homecare.deadlines import CaseTiming

VIEW_CASE = "homecare.view_case"


class CaseScopedQuerySet(models.QuerySet):
    """Provider staff see their provider's rows; officials the rows of their region (the
    elder's community, or the provider's region for a complaint about no elder)."""

    def visible_to(self, user, capability: str | None = None) -> Self:
        prefix = region_prefix(user, capability or VIEW_CASE)
        if prefix is None:
            return self.none()
        if prefix == "":
            return self.all()
        if user.role == Role.PROVIDER_STAFF:
            return self.filter(provider__staff__user=user)
        return self.filter(region__code__startswith=prefix)


class ComplaintQuerySet(CaseScopedQuerySet):
    def per_provider_month(self) -> list[dict]:
        """Complaints grouped by provider and month filed (Asia/Shanghai), one grouped query."""
        rows = (
            self.annotate(month=TruncMonth("filed_at"))
            .values("provider_id", "month")
            .annotate(complaints=models.Count("pk"))
            .order_by("provider_id", "month")
        )
        return [dict(row) for row in rows]


class ProviderCaseQuerySet(CaseScopedQuerySet):
    def unresolved(self) -> Self:
        return self.exclude(status=CaseStatus.RESOLVED)

    def open_first(self) -> Self:
        """Unresolved cases first, the oldest cycle first (the most urgent); then resolved ones,
        the latest first."""
        return self.annotate(
            is_done=models.Case(
                models.When(status=CaseStatus.RESOLVED, then=models.Value(1)),
                default=models.Value(0),
            ),
            started=Coalesce("reopened_at", "opened_at"),
        ).order_by("is_done", "started", "pk")


class Complaint(models.Model):
    """A complaint about a visit or about a provider in general (投诉, GLOSSARY.md `Complaint`),
    filed by a clerk or hotline operator, by the family from the signed link, or through the API.
    It opens a `ProviderCase`."""

    provider = models.ForeignKey(
        "homecare.Provider",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    order = models.ForeignKey(
        "homecare.ServiceOrder",
        verbose_name=_("order"),
        on_delete=models.PROTECT,
        related_name="complaints",
        null=True,
        blank=True,
    )
    elder = models.ForeignKey(
        "registry.Elder",
        verbose_name=_("elder"),
        on_delete=models.PROTECT,
        related_name="homecare_complaints",
        null=True,
        blank=True,
    )
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="homecare_complaints",
    )
    complainant_kind = models.CharField(
        _("who complains"), max_length=10, choices=ComplainantKind.choices
    )
    complainant_name = models.CharField(_("complainant's name"), max_length=50)
    phone = models.CharField(_("complainant's phone"), max_length=20, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=ComplaintChannel.choices)
    category = models.CharField(_("category"), max_length=20, choices=ComplaintCategory.choices)
    text = models.TextField(_("complaint"), max_length=2000)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-filed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.provider_id} · {self.get_category_display()}"

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone) if self.phone else ""


class ProviderCase(models.Model):
    """A case for the provider's manager, opened by a low rating (差评) or a complaint: several
    per order, or none (a complaint about the provider in general).

    The working days to acknowledge and to resolve are the policy's on the day the case was
    opened (or reopened), kept so a later policy never rewrites a running case.
    """

    provider = models.ForeignKey(
        "homecare.Provider",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    order = models.ForeignKey(
        "homecare.ServiceOrder",
        verbose_name=_("order"),
        on_delete=models.PROTECT,
        related_name="cases",
        null=True,
        blank=True,
    )
    source = models.CharField(
        _("source"), max_length=12, choices=CaseSource.choices, default=CaseSource.LOW_RATING
    )
    complaint = models.OneToOneField(
        Complaint,
        verbose_name=_("complaint"),
        on_delete=models.PROTECT,
        related_name="case",
        null=True,
        blank=True,
    )
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="homecare_cases",
    )
    reason = models.CharField(_("reason"), max_length=500)
    status = models.CharField(
        _("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    acknowledge_working_days = models.PositiveSmallIntegerField(
        _("acknowledge within (working days)")
    )
    resolve_working_days = models.PositiveSmallIntegerField(_("resolve within (working days)"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    outcome = models.CharField(_("outcome"), max_length=15, choices=CaseOutcome.choices, blank=True)
    resolution = models.CharField(_("what was done"), max_length=1000, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    satisfaction = models.CharField(
        _("complainant's satisfaction"),
        max_length=20,
        choices=CaseSatisfaction.choices,
        blank=True,
    )

    objects = ProviderCaseQuerySet.as_manager()
    # The due days and lateness on reading (homecare/case_deadlines.py), never stored.
    timing: CaseTiming

    class Meta:
        verbose_name = _("provider case")
        verbose_name_plural = _("provider cases")
        ordering = ["-opened_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="resolved") | models.Q(resolved_at__isnull=False),
                name="%(app_label)s_%(class)s_resolved_has_time",
                violation_error_message=_("A resolved case has the time it was resolved."),
            ),
            models.CheckConstraint(
                condition=~models.Q(source="complaint") | models.Q(complaint__isnull=False),
                name="%(app_label)s_%(class)s_complaint_case_has_complaint",
                violation_error_message=_("A complaint's case names the complaint."),
            ),
        ]
        indexes = [models.Index(fields=["provider", "status"], name="homecare_case_provider")]

    def __str__(self) -> str:
        return f"{self.provider} · {self.get_source_display()} {self.pk}"

    @property
    def cycle_started_at(self):
        """When the running cycle began: the opening, or the latest reopening."""
        return self.reopened_at or self.opened_at


class CaseEvent(models.Model):
    """One step of a case (投诉处理时间线): what was done, by whom, when, with its note."""

    case = models.ForeignKey(
        ProviderCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events"
    )
    event_type = models.CharField(_("event"), max_length=15, choices=CaseEventType.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    note = models.CharField(_("note"), max_length=1000, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.event_type}"
