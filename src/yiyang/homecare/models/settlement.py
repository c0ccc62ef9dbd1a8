"""Monthly settlements per provider (结算, issue 5)."""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.core.roles import Role
from yiyang.core.scoping import region_prefix
from yiyang.homecare.choices import SettlementStatus


class ProviderScopedQuerySet(models.QuerySet):
    """Provider staff see their provider's rows; officials those of providers registered in
    their region (the bureau that contracts them approves their money)."""

    capability = "homecare.view_provider"

    def visible_to(self, user, capability: str | None = None) -> Self:
        prefix = region_prefix(user, capability or self.capability)
        if prefix is None:
            return self.none()
        if prefix == "":
            return self.all()
        if user.role == Role.PROVIDER_STAFF:
            return self.filter(provider__staff__user=user)
        return self.filter(provider__region__code__startswith=prefix)


class Settlement(models.Model):
    """What the bureau pays a provider for one month (结算, GLOSSARY.md `Settlement`): verified
    visits × purchased price, minus the elders' co-pay; prepared by the provider, approved by
    the bureau. Rejected visits are listed with their reasons and not paid."""

    provider = models.ForeignKey(
        "homecare.Provider",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="settlements",
    )
    month = models.DateField(_("month"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SettlementStatus.choices,
        default=SettlementStatus.DRAFT,
    )
    visit_count = models.PositiveIntegerField(_("visits paid"), default=0)
    purchased_fen = models.BigIntegerField(_("purchased amount (fen)"), default=0)
    copay_fen = models.BigIntegerField(_("co-pay (fen)"), default=0)
    payable_fen = models.BigIntegerField(_("payable (fen)"), default=0)
    voucher_fen = models.BigIntegerField(_("drawn from vouchers (fen)"), default=0)
    voucher_minutes = models.BigIntegerField(_("drawn from hours vouchers (minutes)"), default=0)
    hours_fen = models.BigIntegerField(_("paid for hours drawn (fen)"), default=0)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    prepared_at = models.DateTimeField(_("prepared at"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    objects = ProviderScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        ordering = ["-month", "provider", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "month"],
                name="%(app_label)s_%(class)s_one_per_month",
                violation_error_message=_("This provider already has a settlement for the month."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.month:%Y-%m}"


class SettlementLine(models.Model):
    """One visit of a settlement: paid with its amounts, or not paid with the reason.

    Paid lines keep purchased = co-pay + payable. For a voucher holder, payable is what the
    voucher balances covered and `beyond_balance_fen` the government share they could not
    cover, which the elder pays (counted in the co-pay). An hours voucher (服务时长) covers
    `voucher_minutes` of the visit; `hours_fen` is their money equivalent, the share of the
    government's price those minutes pay (pro rata when the balance covers part of the visit);
    a money voucher then covers what the hours did not (`voucher_fen`)."""

    settlement = models.ForeignKey(
        Settlement, verbose_name=_("settlement"), on_delete=models.CASCADE, related_name="lines"
    )
    order = models.OneToOneField(
        "homecare.ServiceOrder",
        verbose_name=_("order"),
        on_delete=models.PROTECT,
        related_name="settlement_line",
    )
    is_paid = models.BooleanField(_("paid"))
    purchased_fen = models.PositiveIntegerField(_("purchased amount (fen)"), default=0)
    copay_fen = models.PositiveIntegerField(_("co-pay (fen)"), default=0)
    payable_fen = models.IntegerField(_("payable (fen)"), default=0)
    # For an elder holding a service voucher (benefits), the government's share is drawn from
    # the balance; what the balance does not cover is the elder's to pay (in `copay_fen`).
    voucher_program = models.ForeignKey(
        "benefits.Program",
        verbose_name=_("voucher programme"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    voucher_fen = models.PositiveIntegerField(_("drawn from the voucher (fen)"), default=0)
    hours_program = models.ForeignKey(
        "benefits.Program",
        verbose_name=_("hours voucher programme"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    voucher_minutes = models.PositiveIntegerField(
        _("drawn from the hours voucher (minutes)"), default=0
    )
    hours_fen = models.PositiveIntegerField(_("paid for the hours drawn (fen)"), default=0)
    beyond_balance_fen = models.PositiveIntegerField(
        _("beyond the voucher balance (fen)"), default=0
    )
    rejection_reason = models.CharField(_("why not paid"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("settlement line")
        verbose_name_plural = _("settlement lines")
        ordering = ["settlement", "order__checked_in_at", "pk"]

    def __str__(self) -> str:
        return f"{self.settlement_id} {self.order_id}"
