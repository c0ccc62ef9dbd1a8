"""Voucher credits: when a month's credit expires, and what is left of each (pure; no Django).

A voucher programme credits an elder every month, in money (fen) or in service time (minutes;
seed 002's hours). A month's credit is a *lot*: the net of that month's payments, arrears,
recoveries and corrections. Its programme version (the one in force in that month) says how
long it stays spendable (`credit_expiry`): never, to the end of its month, to the end of its
year, or for N months (its own month counted as the first). Every expiry falls on the last day
of a month, so a visit of month M may spend a lot exactly when M is not after the lot's
expiry month, and settling by month loses nothing.

Spending is recorded per visit month, not per lot; `replay` rebuilds the lots from the ledger
by drawing each month's spending from the lots spendable in it, soonest to expire first (then
the oldest): the same order a statement draws in, so the split is the same every time.
Expiry entries are a record of what lapsed; `replay` does not read them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from yiyang.benefits.eligibility import add_months, month_end, month_start


def credit_expires_on(month: date, expiry: str, months: int | None = None) -> date | None:
    """Return the last day on which the credit of `month` can be spent (None: never expires)."""
    first = month_start(month)
    if expiry == "month_end":
        return month_end(first)
    if expiry == "year_end":
        return date(first.year, 12, 31)
    if expiry == "months":
        return month_end(add_months(first, max(months or 1, 1) - 1))
    return None


def is_spendable(expires_on: date | None, day: date) -> bool:
    """Whether a credit expiring on `expires_on` can pay a visit on `day`."""
    return expires_on is None or day <= expires_on


@dataclass
class Lot:
    """What is left of one month's credit, and when it expires."""

    month: date
    expires_on: date | None
    remaining: int

    def order_key(self) -> tuple[date, date]:
        return (self.expires_on or date.max, self.month)


@dataclass
class Holding:
    """An elder's lots in one voucher programme (in the programme's unit), and any spending
    that no lot covered (`owed`, left by a recovery after the credit was spent)."""

    program_id: int
    is_time: bool
    lots: list[Lot] = field(default_factory=list)
    owed: int = 0

    def available_on(self, day: date) -> int:
        """What can be spent on `day`: lots of the day's month or before, not expired, less
        anything owed."""
        first = month_start(day)
        held = sum(
            lot.remaining
            for lot in self.lots
            if lot.month <= first and is_spendable(lot.expires_on, day)
        )
        return max(held - self.owed, 0)

    def draw(self, day: date, wanted: int) -> int:
        """Spend up to `wanted` on a visit of `day` (never more than `available_on(day)`) from
        the lots spendable then, soonest to expire first; return what was taken."""
        return self._take(day, min(wanted, self.available_on(day)))

    def _take(self, day: date, wanted: int) -> int:
        first = month_start(day)
        taken = 0
        for lot in sorted(self.lots, key=Lot.order_key):
            if taken >= wanted:
                break
            if lot.month > first or not is_spendable(lot.expires_on, day) or lot.remaining <= 0:
                continue
            take = min(lot.remaining, wanted - taken)
            lot.remaining -= take
            taken += take
        return taken


def replay(
    program_id: int,
    *,
    is_time: bool,
    credits: Mapping[date, int],
    spent: Mapping[date, int],
    expiries: Mapping[date, date | None],
) -> Holding:
    """Rebuild one elder's lots of one programme from the ledger.

    `credits`: net credit per credit month; `spent`: what was drawn per visit month (positive);
    `expiries`: each credit month's expiry day. Months are replayed in order: a month's credit
    joins the lots, then the month's spending (and anything owed) is drawn from the lots
    spendable in that month. A credit month netting below zero (a recovery) becomes owed.
    """
    holding = Holding(program_id=program_id, is_time=is_time)
    for month in sorted(set(credits) | set(spent)):
        amount = credits.get(month, 0)
        if amount > 0:
            holding.lots.append(Lot(month, expiries.get(month), amount))
        else:
            holding.owed -= amount
        wanted = holding.owed + spent.get(month, 0)
        holding.owed = wanted - holding._take(month_end(month), wanted)
    return holding


def expired_by(holding: Holding, day: date) -> dict[date, int]:
    """What is left, per credit month, of the lots that expired on or before `day`."""
    return {
        lot.month: lot.remaining
        for lot in holding.lots
        if lot.expires_on is not None and lot.expires_on <= day and lot.remaining > 0
    }
