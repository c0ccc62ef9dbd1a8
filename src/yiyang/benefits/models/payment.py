"""Monthly payment runs (发放批次), their rows, and the fund-supervision findings on them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.benefits.choices import CheckCode, FindingStatus, LedgerKind, RowChange, RunStatus
from yiyang.core.models.scoped import RegionScopedQuerySet
from yiyang.core.scoping import region_prefix


class PaymentRunQuerySet(models.QuerySet["PaymentRun"]):
    def visible_to(self, user, capability: str | None = None) -> Self:
        """Runs of the user's region or of regions under it.

        A run's totals describe everybody in its region, so a street clerk does not see a
        district's run (its counts would tell about other streets); she sees her street's rows
        through `PaymentRow.objects.visible_to`.
        """
        prefix = region_prefix(user, capability or "benefits.view_paymentrun")
        if prefix is None:
            return self.none()
        return self.filter(region__code__startswith=prefix) if prefix else self.all()

    def live(self) -> Self:
        return self.exclude(status=RunStatus.CANCELLED)


class PaymentRun(models.Model):
    """One month of one programme for one region: every entitlement computed, compared with
    last month, checked, approved and sent to the bank (GLOSSARY.md `PaymentRun`).

    Computing again gives the same rows; once approved, the run is frozen and its rows are in
    the ledger.
    """

    program = models.ForeignKey(
        "benefits.Program",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="payment_runs",
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"))
    version = models.ForeignKey(
        "benefits.ProgramVersion",
        verbose_name=_("rules version"),
        on_delete=models.PROTECT,
        related_name="payment_runs",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.COMPUTED
    )
    paid_count = models.PositiveIntegerField(_("elders paid"), default=0)
    amount_fen = models.BigIntegerField(_("this month (fen)"), default=0)
    arrears_fen = models.BigIntegerField(_("arrears (fen)"), default=0)
    recovery_fen = models.BigIntegerField(_("to recover (fen)"), default=0)
    held_fen = models.BigIntegerField(_("held (fen)"), default=0)
    change_counts = models.JSONField(_("changes from last month"), default=dict)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("computed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)

    objects = PaymentRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment run")
        verbose_name_plural = _("payment runs")
        ordering = ["-month", "program", "region_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "region", "month"],
                condition=~models.Q(status="cancelled"),
                name="%(app_label)s_%(class)s_one_live_per_month",
                violation_error_message=_(
                    "This programme already has a payment run for this region and month."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1),
                name="%(app_label)s_%(class)s_month_is_first_day",
                violation_error_message=_("A payment run's month is given by its first day."),
            ),
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True)
                | ~models.Q(approved_by=models.F("submitted_by")),
                name="%(app_label)s_%(class)s_second_person_approves",
                violation_error_message=_("The person who submitted a run cannot approve it."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.region} · {self.month:%Y-%m}"

    @property
    def total_fen(self) -> int:
        """What goes to the bank: this month plus arrears, less what is held."""
        return self.amount_fen + self.arrears_fen - self.held_fen

    @property
    def is_frozen(self) -> bool:
        return self.status in (RunStatus.APPROVED, RunStatus.CANCELLED)


# A row's arrears and recovery by month (JSON lists of {month, amount_fen}).
DETAIL_FIELDS = ("arrears_detail", "recovery_detail")


class PaymentRowQuerySet(RegionScopedQuerySet["PaymentRow"]):
    region_paths = ("region_code",)
    default_capability = "benefits.view_paymentrun"

    def paying(self) -> Self:
        """Rows that send money to the bank."""
        return self.filter(is_held=False).filter(
            models.Q(amount_fen__gt=0) | models.Q(arrears_fen__gt=0)
        )

    def iter_values(self, *fields: str, chunk_size: int = 20_000) -> Iterator[tuple]:
        """Stream `values_list(*fields)`, decoding the month details only where a row has any.

        Decoding every row's two JSON columns took longer than the rest of re-computing a city's
        run; nearly all rows carry none, so the columns are read as text and "[]" is not parsed.
        """
        raw = [name for name in fields if name in DETAIL_FIELDS]
        queryset = self.annotate(
            **{f"raw_{name}": Cast(name, output_field=models.TextField()) for name in raw}
        )
        at = [index for index, name in enumerate(fields) if name in DETAIL_FIELDS]
        names = [f"raw_{name}" if name in DETAIL_FIELDS else name for name in fields]
        for row in queryset.values_list(*names).iterator(chunk_size=chunk_size):
            if not at:
                yield row
                continue
            values = list(row)
            for index in at:
                text = values[index]
                values[index] = json.loads(text) if text and text != "[]" else []
            yield tuple(values)


class PaymentRow(models.Model):
    """One elder in one payment run: this month's amount, arrears, recovery, and why.

    `region_code` is the community the rules placed the elder in (hukou or residence) when the
    run was computed, so the row stays where it was paid when the elder later moves.
    """

    run = models.ForeignKey(
        PaymentRun, verbose_name=_("payment run"), on_delete=models.CASCADE, related_name="rows"
    )
    elder = models.ForeignKey(
        "registry.Elder",
        verbose_name=_("elder"),
        on_delete=models.PROTECT,
        related_name="payment_rows",
    )
    region_code = models.CharField(_("region code"), max_length=12)
    amount_fen = models.BigIntegerField(_("this month (fen)"), default=0)
    previous_fen = models.BigIntegerField(_("last month (fen)"), default=0)
    arrears_fen = models.BigIntegerField(_("arrears (fen)"), default=0)
    recovery_fen = models.BigIntegerField(_("to recover (fen)"), default=0)
    # [{"month": "2026-03-01", "amount_fen": 10000}, …] behind arrears_fen and recovery_fen.
    arrears_detail = models.JSONField(_("arrears by month"), default=list, blank=True)
    recovery_detail = models.JSONField(_("recovery by month"), default=list, blank=True)
    change = models.CharField(_("change"), max_length=10, choices=RowChange.choices)
    reason = models.CharField(_("reason"), max_length=30)
    bracket = models.CharField(_("bracket"), max_length=100, blank=True)
    is_held = models.BooleanField(_("held"), default=False)

    objects = PaymentRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment row")
        verbose_name_plural = _("payment rows")
        ordering = ["run", "region_code", "elder_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "elder"],
                name="%(app_label)s_%(class)s_one_per_elder",
                violation_error_message=_("An elder appears once in a payment run."),
            )
        ]
        indexes = [models.Index(fields=["elder", "run"], name="benefits_row_elder_run")]

    def __str__(self) -> str:
        return f"{self.run} · {self.elder_id}"

    @property
    def total_fen(self) -> int:
        return self.amount_fen + self.arrears_fen


class FindingQuerySet(RegionScopedQuerySet["Finding"]):
    region_paths = ("row__region_code",)
    default_capability = "benefits.view_paymentrun"

    def open(self) -> Self:
        return self.filter(status=FindingStatus.OPEN)


class Finding(models.Model):
    """One fund-supervision finding (资金监管, seed 000) on one row of a payment run.

    A run is approved only when each finding is reviewed: the payment held, or confirmed with
    a note saying why it is right.
    """

    run = models.ForeignKey(
        PaymentRun, verbose_name=_("payment run"), on_delete=models.CASCADE, related_name="findings"
    )
    row = models.ForeignKey(
        PaymentRow, verbose_name=_("row"), on_delete=models.CASCADE, related_name="findings"
    )
    check_code = models.CharField(_("check"), max_length=20, choices=CheckCode.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    note = models.CharField(_("review note"), max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervision finding")
        verbose_name_plural = _("supervision findings")
        ordering = ["run", "check_code", "row_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["row", "check_code"],
                name="%(app_label)s_%(class)s_one_per_row_and_check",
                violation_error_message=_("This check has already flagged this row."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_check_code_display()} · {self.row_id}"


class LedgerEntryQuerySet(RegionScopedQuerySet["LedgerEntry"]):
    region_paths = ("region_code",)
    default_capability = "benefits.view_paymentrun"

    def for_month(self, program_id: int, month) -> Self:
        return self.filter(program_id=program_id, period_month=month)

    def paid(self) -> Self:
        """Entries that pay the elder (payments, arrears, recoveries, corrections): what a month
        paid. Spending of a service voucher on visits (`service_use`) and the expiry of unspent
        credit (`expiry`) are not payments: a month spent from, or whose credit lapsed, must not
        look unpaid to the next run's arrears or change checks."""
        return self.exclude(kind__in=(LedgerKind.SERVICE_USE, LedgerKind.EXPIRY))


class LedgerEntry(models.Model):
    """One amount paid, back-paid, recovered, corrected, spent or expired for one elder,
    programme and month.

    The ledger is never edited (DESIGN.md rule 4): a correction is a new entry. What a month
    has paid an elder is the sum of that month's entries. A service-time programme (seed 002's
    hours) writes `minutes` and leaves `amount_fen` at zero; a money programme the reverse: the
    two columns are never summed together, and an entry carries one of them only.
    """

    elder = models.ForeignKey(
        "registry.Elder",
        verbose_name=_("elder"),
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    program = models.ForeignKey(
        "benefits.Program",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    period_month = models.DateField(_("for month"))
    kind = models.CharField(_("kind"), max_length=12, choices=LedgerKind.choices)
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    minutes = models.BigIntegerField(_("service time (minutes)"), default=0)
    region_code = models.CharField(_("region code"), max_length=12)
    run = models.ForeignKey(
        PaymentRun,
        verbose_name=_("payment run"),
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        null=True,
        blank=True,
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    # What a service-use entry settles (homecare's "homecare.settlement:<pk>"), or the credit
    # an expiry entry closes ("benefits.expiry"): prepared or closed again, only the
    # difference from what is already written is added.
    reference = models.CharField(_("reference"), max_length=64, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["elder", "program", "period_month", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_month__day=1),
                name="%(app_label)s_%(class)s_month_is_first_day",
                violation_error_message=_("A ledger month is given by its first day."),
            ),
            models.CheckConstraint(
                condition=models.Q(amount_fen=0) | models.Q(minutes=0),
                name="%(app_label)s_%(class)s_one_unit",
                violation_error_message=_("A ledger entry is in money or in minutes, not both."),
            ),
        ]
        indexes = [
            models.Index(fields=["program", "period_month"], name="benefits_ledger_program_month"),
            models.Index(fields=["elder", "program"], name="benefits_ledger_elder_program"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.minutes or self.amount_fen}"

    @property
    def quantity(self) -> int:
        """The entry's amount in its programme's unit (fen or minutes)."""
        return self.minutes or self.amount_fen
