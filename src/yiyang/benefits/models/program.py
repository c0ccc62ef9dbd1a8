"""Benefit programmes (补贴津贴项目), their effective-dated rule versions and yearly budgets."""

from __future__ import annotations

from datetime import date
from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.benefits.choices import ApprovalLevel, ProgramKind, ProgramUnit, VersionStatus
from yiyang.core.scoping import region_prefix


class ProgramQuerySet(models.QuerySet["Program"]):
    def visible_to(self, user, capability: str | None = None) -> Self:
        """Programmes funded by the user's region, by a region above it, or below it.

        A programme carries no personal data: staff see those that can pay anyone in their
        region (city programmes for a street clerk) and those of the regions under them.
        """
        prefix = region_prefix(user, capability or "benefits.view_program")
        if prefix is None:
            return self.none()
        if prefix == "":
            return self.all()
        above = [prefix[:length] for length in (2, 4, 6, 9, 12) if length <= len(prefix)]
        query = models.Q(funding_region__code__startswith=prefix)
        for head in above:
            query |= models.Q(funding_region__code=head.ljust(12, "0"))
        return self.filter(query)

    def active(self) -> Self:
        return self.filter(is_active=True)


class Program(models.Model):
    """A benefit programme (补贴/津贴项目): 高龄津贴, 养老服务补贴, 护理补贴, 助餐补贴 … (seed 000,
    seed 002; GLOSSARY.md `Program`). What it pays, and to whom, lives in its versions."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=ProgramKind.choices)
    # Fixed when the programme is created: its ledger entries are all in this unit.
    unit = models.CharField(
        _("unit"),
        max_length=10,
        choices=ProgramUnit.choices,
        default=ProgramUnit.FEN,
        help_text=_("Service time only for a service voucher programme; nothing goes to a bank."),
    )
    funding_region = models.ForeignKey(
        "core.Region",
        verbose_name=_("funding region"),
        on_delete=models.PROTECT,
        related_name="benefit_programs",
    )
    needs_application = models.BooleanField(
        _("needs an application"),
        default=True,
        help_text=_(
            "Off for programmes paid from the registry alone, like the longevity allowance."
        ),
    )
    # The approval steps in order, from ApprovalLevel (configurable per programme).
    approval_levels = models.JSONField(
        _("approval steps"),
        default=list,
        blank=True,
    )
    # Months before this one are not paid through the platform (no back pay from before it).
    ledger_start_month = models.DateField(_("first month paid here"))
    description = models.TextField(_("description"), blank=True)
    policy_source = models.CharField(_("policy source"), max_length=300, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("benefit programme")
        verbose_name_plural = _("benefit programmes")
        ordering = ["funding_region_id", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit=ProgramUnit.FEN)
                | models.Q(kind=ProgramKind.SERVICE_VOUCHER),
                name="%(app_label)s_%(class)s_time_only_for_vouchers",
                violation_error_message=_("Only a service voucher programme can grant time."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_time(self) -> bool:
        """Whether the programme grants service time (minutes) rather than money."""
        return self.unit == ProgramUnit.MINUTE

    @property
    def ledger_field(self) -> str:
        """The ledger column this programme's entries are written in (never summed together)."""
        return "minutes" if self.is_time else "amount_fen"

    @property
    def steps(self) -> list[str]:
        return [level for level in self.approval_levels if level in ApprovalLevel.values]

    def version_for(self, month: date) -> ProgramVersion | None:
        """The published version in force in `month` (the latest one starting on or before it)."""
        return (
            self.versions.filter(status=VersionStatus.PUBLISHED, effective_from__lte=month)
            .order_by("-effective_from", "-number")
            .first()
        )


class ProgramVersionQuerySet(models.QuerySet["ProgramVersion"]):
    def published(self) -> Self:
        return self.filter(status=VersionStatus.PUBLISHED)

    def drafts(self) -> Self:
        return self.filter(status=VersionStatus.DRAFT)


class ProgramVersion(models.Model):
    """One effective-dated set of a programme's rules and amounts (DESIGN.md rule 3).

    `rules` is the declarative data `eligibility.parse_rules` reads. A published version is
    never edited: a change is a new draft that takes effect from its own month.
    """

    program = models.ForeignKey(
        Program, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    effective_from = models.DateField(_("effective from"))
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    rules = models.JSONField(_("rules"), default=dict)
    is_example = models.BooleanField(
        _("example figures"),
        default=False,
        help_text=_("The figures are examples shipped with the platform, for the city to set."),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = ProgramVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme version")
        verbose_name_plural = _("programme versions")
        ordering = ["program", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"],
                name="%(app_label)s_%(class)s_one_number_per_program",
                violation_error_message=_("This programme already has a version with this number."),
            ),
            models.CheckConstraint(
                condition=models.Q(effective_from__day=1),
                name="%(app_label)s_%(class)s_starts_on_first_of_month",
                violation_error_message=_("A version takes effect on the first day of a month."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} v{self.number}"


class ProgramBudget(models.Model):
    """The money a programme may spend in a year; approvals of payment runs draw on it."""

    program = models.ForeignKey(
        Program, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="budgets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount_fen = models.BigIntegerField(_("budget (fen)"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("programme budget")
        verbose_name_plural = _("programme budgets")
        ordering = ["program", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "year"],
                name="%(app_label)s_%(class)s_one_per_year",
                violation_error_message=_("This programme already has a budget for this year."),
            ),
            models.CheckConstraint(
                condition=models.Q(amount_fen__gte=0),
                name="%(app_label)s_%(class)s_not_negative",
                violation_error_message=_("A budget cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.year}"
