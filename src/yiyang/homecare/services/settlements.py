"""Monthly settlement per provider and its approval by the bureau."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.benefits.services import vouchers
from yiyang.core import audit
from yiyang.core.scoping import require
from yiyang.homecare.amounts import covered_share, minutes_to_draw, visit_amount
from yiyang.homecare.choices import (
    OrderStatus,
    ReviewStatus,
    SettlementStatus,
)
from yiyang.homecare.errors import ErrorCode, HomecareError
from yiyang.homecare.models import (
    Provider,
    ServiceOrder,
    ServicePrice,
    Settlement,
    SettlementLine,
)
from yiyang.homecare.services.common import record_step, require_provider_staff


def _month_bounds(month: date) -> tuple[datetime, datetime]:
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    return datetime.combine(first, time(), tz), datetime.combine(following, time(), tz)


def _price(item_id: int, day: date, cache: dict) -> ServicePrice:
    key = (item_id, day)
    if key not in cache:
        price = (
            ServicePrice.objects.filter(item_id=item_id, valid_from__lte=day)
            .order_by("-valid_from")
            .first()
        )
        if price is None:
            raise HomecareError(
                ErrorCode.NO_PRICE,
                _("An item of the month has no price in force on {day}.").format(day=day),
                field="month",
            )
        cache[key] = price
    return cache[key]


def _draw_vouchers(
    line: SettlementLine, order: ServiceOrder, held: dict, *, day: date, month: date
) -> list[vouchers.ServiceUse]:
    """Pay a voucher holder's visit from the balances: hours first, then money.

    An hours voucher gives the minutes the visit draws (`minutes_to_draw`); the government pays
    the share of its price those minutes cover, pro rata. A money voucher then covers what the
    hours did not. What no balance covers is the elder's (co-pay), as a visit of an elder with
    no voucher balance left. Returns the draws to write to benefits' ledger.
    """
    share = line.payable_fen
    uses = []
    region = order.elder.residence_region_id
    minutes = minutes_to_draw(
        unit=order.item.unit,
        planned_minutes=order.planned_minutes,
        actual_minutes=order.actual_minutes or 0,
    )
    covered = 0
    for program_id, holding in sorted(held.items()):
        if not holding.is_time:
            continue
        line.hours_program_id = line.hours_program_id or program_id
        taken = holding.draw(day, minutes - covered)
        if taken:
            covered += taken
            uses.append(vouchers.ServiceUse(order.elder_id, program_id, month, 0, region, -taken))
    hours_fen = covered_share(share, covered_minutes=covered, minutes=minutes)
    drawn = 0
    for program_id, holding in sorted(held.items()):
        if holding.is_time:
            continue
        line.voucher_program_id = line.voucher_program_id or program_id
        taken = holding.draw(day, share - hours_fen - drawn)
        if taken:
            drawn += taken
            uses.append(vouchers.ServiceUse(order.elder_id, program_id, month, -taken, region))
    line.voucher_minutes = covered
    line.hours_fen = hours_fen
    line.voucher_fen = drawn
    line.beyond_balance_fen = share - hours_fen - drawn
    line.payable_fen = hours_fen + drawn
    line.copay_fen = line.purchased_fen - line.payable_fen
    return uses


def prepare_settlement(provider: Provider, *, month: date, actor) -> Settlement:
    """Compute the provider's month from its confirmed visits (idempotent: a draft is rebuilt).

    Paid: confirmed visits that need no review or were accepted on review, each at the purchased
    price in force on its day minus the elder's co-pay. For an elder holding a service voucher
    (benefits), the government's share is drawn from the voucher balances, earliest visit
    first, through benefits' ledger: service time from an hours voucher, then money (see
    `_draw_vouchers`); only credit not expired on the visit's day is spent; what the balances
    do not cover is the elder's to pay, listed as such. Listed unpaid with the reason: visits rejected on review. Visits still waiting for
    confirmation or review wait for next month's statement; a visit is settled once only.
    Preparing a draft again writes to the ledger only what changed (nothing, when nothing did).
    """
    require_provider_staff(actor, provider, "homecare.prepare_settlement")
    first = month.replace(day=1)
    if first >= timezone.localdate().replace(day=1):
        raise HomecareError(
            ErrorCode.SETTLEMENT_INVALID,
            _("Only a finished month can be settled."),
            field="month",
        )
    start, end = _month_bounds(first)
    with transaction.atomic():
        settlement, _created = Settlement.objects.select_for_update().get_or_create(
            provider=provider, month=first, defaults={"prepared_by": actor}
        )
        if settlement.status != SettlementStatus.DRAFT:
            raise HomecareError(
                ErrorCode.SETTLEMENT_WRONG_STATUS,
                _("This month is approved already."),
                field="month",
            )
        settlement.lines.all().delete()
        orders = list(
            ServiceOrder.objects.filter(
                provider=provider,
                status=OrderStatus.CONFIRMED,
                checked_in_at__gte=start,
                checked_in_at__lt=end,
                settlement_line__isnull=True,
            )
            .exclude(review_status=ReviewStatus.PENDING)
            .select_related("item", "elder")
            .order_by("checked_in_at", "pk")
        )
        reference = f"homecare.settlement:{settlement.pk}"
        vouchers.hold_voucher_programs()
        holdings = vouchers.voucher_holdings(
            {order.elder_id for order in orders}, month=first, exclude_reference=reference
        )
        prices: dict = {}
        lines = []
        uses: list[vouchers.ServiceUse] = []
        for order in orders:
            if order.review_status == ReviewStatus.REJECTED:
                lines.append(
                    SettlementLine(
                        settlement=settlement,
                        order=order,
                        is_paid=False,
                        rejection_reason=order.review_reason,
                    )
                )
                continue
            day = timezone.localtime(order.checked_in_at).date()
            price = _price(order.item_id, day, prices)
            amount = visit_amount(
                unit=order.item.unit,
                purchased_price_fen=price.purchased_price_fen,
                copay_share=price.copay_share,
                minutes=order.actual_minutes or 0,
            )
            line = SettlementLine(
                settlement=settlement,
                order=order,
                is_paid=True,
                purchased_fen=amount.purchased_fen,
                copay_fen=amount.copay_fen,
                payable_fen=amount.payable_fen,
            )
            held = holdings.get(order.elder_id)
            if held is not None:
                uses.extend(_draw_vouchers(line, order, held, day=day, month=first))
            lines.append(line)
        SettlementLine.objects.bulk_create(lines)
        vouchers.record_service_use(uses, reference=reference, actor=actor)
        paid = [line for line in lines if line.is_paid]
        settlement.visit_count = len(paid)
        settlement.purchased_fen = sum(line.purchased_fen for line in paid)
        settlement.copay_fen = sum(line.copay_fen for line in paid)
        settlement.payable_fen = sum(line.payable_fen for line in paid)
        settlement.voucher_fen = sum(line.voucher_fen for line in paid)
        settlement.voucher_minutes = sum(line.voucher_minutes for line in paid)
        settlement.hours_fen = sum(line.hours_fen for line in paid)
        settlement.prepared_by = actor
        settlement.prepared_at = timezone.now()
        settlement.save()
        audit.record_change(
            settlement,
            actor=actor,
            action="create",
            fields=[
                "month", "visit_count", "purchased_fen", "copay_fen", "payable_fen", "voucher_fen",
                "voucher_minutes", "hours_fen",
            ],
            region_code=provider.region_id,
        )  # fmt: skip
    return settlement


def approve_settlement(settlement: Settlement, *, actor) -> Settlement:
    """The bureau approves the statement: its paid visits become settled (seed 000 资金监管)."""
    require(actor, "homecare.approve_settlement", settlement.provider.region_id)
    with transaction.atomic():
        settlement = Settlement.objects.select_for_update().get(pk=settlement.pk)
        if settlement.status != SettlementStatus.DRAFT:
            raise HomecareError(
                ErrorCode.SETTLEMENT_WRONG_STATUS,
                _("This month is approved already."),
                field=None,
            )
        before = audit.snapshot(settlement, ["status"])
        settlement.status = SettlementStatus.APPROVED
        settlement.approved_by = actor
        settlement.approved_at = timezone.now()
        settlement.save(update_fields=["status", "approved_by", "approved_at"])
        paid = ServiceOrder.objects.select_for_update().filter(
            settlement_line__settlement=settlement, settlement_line__is_paid=True
        )
        for order in paid:
            order.status = OrderStatus.SETTLED
            order.updated_at = timezone.now()
            order.save(update_fields=["status", "updated_at"])
            record_step(
                order,
                "settle",
                actor=actor,
                old_status=OrderStatus.CONFIRMED,
                data={"settlement": settlement.pk},
            )
        audit.record_change(
            settlement,
            actor=actor,
            action="update",
            before=before,
            region_code=settlement.provider.region_id,
        )
    return settlement
