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


def draw_from_balances(balances: dict[int, int], share_fen: int) -> list[tuple[int, int]]:
    """Split a visit's government share over the elder's voucher balances: [(programme, fen)].

    Programmes in pk order, each giving what it holds until the share is covered; a balance at
    or below zero gives nothing. What no balance covers is left for the elder to pay.
    """
    draws = []
    left = share_fen
    for program, balance in sorted(balances.items()):
        take = min(max(balance, 0), left)
        if take > 0:
            draws.append((program, take))
            left -= take
    return draws
