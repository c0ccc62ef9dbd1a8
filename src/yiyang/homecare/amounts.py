"""What a verified visit is worth at settlement (pure; money in integer fen, DESIGN.md rule 4).

The government pays the purchased price (政府购买价) of the item; the elder's co-pay share of it
is not the bureau's to pay. Hourly items are paid by the verified minutes, per-visit and per-meal
items once. Halves of a fen round up (ROUND_HALF_UP), the way cashiers round.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class LineAmount:
    purchased_fen: int
    copay_fen: int

    @property
    def payable_fen(self) -> int:
        return self.purchased_fen - self.copay_fen


def _fen(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def visit_amount(
    *, unit: str, purchased_price_fen: int, copay_share: Decimal, minutes: int
) -> LineAmount:
    """Return the purchased amount and the co-pay of one verified visit."""
    if unit == "hour":
        purchased = _fen(Decimal(purchased_price_fen) * Decimal(minutes) / Decimal(60))
    else:
        purchased = purchased_price_fen
    copay = _fen(Decimal(purchased) * copay_share)
    return LineAmount(purchased_fen=purchased, copay_fen=copay)


def minutes_to_draw(*, unit: str, planned_minutes: int, actual_minutes: int) -> int:
    """Return the service time a visit draws from an hours voucher (服务时长).

    The time drawn is the time the government buys, so the money and the hours agree: an
    hourly item is bought by its verified minutes (as `visit_amount` prices it), a per-visit or
    per-meal item as one visit of its planned duration, whatever the clock said (a visit much
    shorter than planned has been through review before it reaches a statement).
    """
    return max(actual_minutes, 0) if unit == "hour" else max(planned_minutes, 0)


def covered_share(share_fen: int, *, covered_minutes: int, minutes: int) -> int:
    """The part of a visit's government share that `covered_minutes` of its `minutes` pay for,
    pro rata (halves of a fen round up); the rest is the elder's."""
    if minutes <= 0 or covered_minutes <= 0:
        return 0
    if covered_minutes >= minutes:
        return share_fen
    return _fen(Decimal(share_fen) * Decimal(covered_minutes) / Decimal(minutes))
