"""Applications for a benefit, their approval steps, and the entitlements they grant."""

from __future__ import annotations

from datetime import date
from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.benefits.choices import (
    ApplicantKind,
    ApplicationStatus,
    ApprovalLevel,
    EntitlementStatus,
    StepDecision,
    StopReason,
)
from yiyang.core.models.scoped import RegionScopedQuerySet


class ApplicationQuerySet(RegionScopedQuerySet["Application"]):
    region_paths = ("elder__residence_region__code",)
    default_capability = "benefits.view_application"

    def pending(self) -> Self:
        return self.filter(status=ApplicationStatus.PENDING)

    def awaiting(self, level: str) -> Self:
        return self.pending().filter(current_level=level)


class Application(models.Model):
    """An application (申请) for a programme, made by the elder, the family or a clerk.

    It passes the programme's approval steps in order (seed 000: community check, street
    approval, district confirmation); a refusal at any step ends it with its reason.
    """

    elder = models.ForeignKey(
        "registry.Elder",
        verbose_name=_("elder"),
        on_delete=models.PROTECT,
        related_name="benefit_applications",
    )
    program = models.ForeignKey(
        "benefits.Program",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    applicant_kind = models.CharField(
        _("applicant"), max_length=10, choices=ApplicantKind.choices, default=ApplicantKind.CLERK
    )
    applicant_name = models.CharField(_("applicant's name"), max_length=50, blank=True)
    applied_on = models.DateField(_("applied on"))
    start_month = models.DateField(_("pay from month"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING,
    )
    current_level = models.CharField(
        _("waiting for"), max_length=10, choices=ApprovalLevel.choices, blank=True
    )
    refusal_reason = models.CharField(_("reason for refusal"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("benefit application")
        verbose_name_plural = _("benefit applications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["elder", "program"],
                condition=models.Q(status="pending"),
                name="%(app_label)s_%(class)s_one_pending_per_program",
                violation_error_message=_("This elder already has an application under review."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(refusal_reason=""),
                name="%(app_label)s_%(class)s_refusal_has_reason",
                violation_error_message=_("A refusal states its reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.elder} · {self.program}"


class ApplicationStep(models.Model):
    """One decision on an application at one approval level, by whom and when."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="steps"
    )
    level = models.CharField(_("step"), max_length=10, choices=ApprovalLevel.choices)
    decision = models.CharField(_("decision"), max_length=10, choices=StepDecision.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("application step")
        verbose_name_plural = _("application steps")
        ordering = ["application", "decided_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.get_decision_display()}"


class EntitlementQuerySet(RegionScopedQuerySet["Entitlement"]):
    region_paths = ("elder__residence_region__code",)
    default_capability = "benefits.view_application"

    def active(self) -> Self:
        return self.filter(status=EntitlementStatus.ACTIVE)

    def covering(self, month: date) -> Self:
        """Entitlements in force for `month` (started by then, not ended before it)."""
        return self.filter(start_month__lte=month).filter(
            models.Q(end_month__isnull=True) | models.Q(end_month__gte=month)
        )


class Entitlement(models.Model):
    """One elder's approved right to a programme from a month (GLOSSARY.md `Entitlement`).

    Programmes paid from the registry alone need none; for the others the payment run pays
    only months an entitlement covers, and back-pays months approved late.
    """

    elder = models.ForeignKey(
        "registry.Elder",
        verbose_name=_("elder"),
        on_delete=models.PROTECT,
        related_name="benefit_entitlements",
    )
    program = models.ForeignKey(
        "benefits.Program",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="entitlements",
    )
    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="entitlement",
        null=True,
        blank=True,
    )
    start_month = models.DateField(_("from month"))
    end_month = models.DateField(_("last month"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EntitlementStatus.choices,
        default=EntitlementStatus.ACTIVE,
    )
    stop_reason = models.CharField(
        _("stop reason"), max_length=20, choices=StopReason.choices, blank=True
    )
    stop_note = models.CharField(_("stop note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = EntitlementQuerySet.as_manager()

    class Meta:
        verbose_name = _("entitlement")
        verbose_name_plural = _("entitlements")
        ordering = ["program", "-start_month"]
        constraints = [
            models.UniqueConstraint(
                fields=["elder", "program"],
                condition=models.Q(status="active"),
                name="%(app_label)s_%(class)s_one_active_per_program",
                violation_error_message=_("This elder already holds this benefit."),
            ),
            models.CheckConstraint(
                condition=models.Q(end_month__isnull=True)
                | models.Q(end_month__gte=models.F("start_month")),
                name="%(app_label)s_%(class)s_period_ordered",
                violation_error_message=_("An entitlement cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.elder} · {self.program}"


class BankAccountQuerySet(RegionScopedQuerySet["BankAccount"]):
    region_paths = ("elder__residence_region__code",)
    default_capability = "benefits.view_application"


class BankAccount(models.Model):
    """The account an elder's benefits are paid into (代发账户), for the bank disbursement file."""

    elder = models.OneToOneField(
        "registry.Elder",
        verbose_name=_("elder"),
        on_delete=models.PROTECT,
        related_name="bank_account",
    )
    bank_name = models.CharField(_("bank"), max_length=100)
    account_number = models.CharField(_("account number"), max_length=32)
    account_holder = models.CharField(_("account holder"), max_length=50)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = BankAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")

    def __str__(self) -> str:
        return f"{self.bank_name} {self.account_number_masked}"

    @property
    def account_number_masked(self) -> str:
        number = self.account_number
        return "*" * max(len(number) - 4, 0) + number[-4:]
