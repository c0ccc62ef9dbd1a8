"""Pure formulas of the statistics module: ratios, target status, gaps, small-count suppression.

No Django import, so each is tested as a plain function (STYLE.md B1). Values are Decimal, never
float: a figure sent upward must round the same way every time.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

# The scale each unit applies to numerator / denominator ("count" shows the numerator alone).
SCALES = {
    "percent": Decimal(100),
    "per_mille": Decimal(1000),
    "per_thousand": Decimal(1000),
    "per_ten_thousand": Decimal(10000),
}
PLACES = Decimal("0.01")
# Digits of a region code that identify a region at each level (ADR 0001): city, district,
# street, community.
LEVEL_PREFIX_LENGTHS = (4, 6, 9, 12)


def scaled_value(numerator: int | Decimal, denominator: int | Decimal | None, unit: str):
    """Return numerator / denominator on the unit's scale, to two places; None when undefined.

    A zero (or missing) denominator gives None, never zero: "no elders" is not "0 % covered".
    """
    if unit == "count":
        return Decimal(numerator).quantize(PLACES, rounding=ROUND_HALF_UP)
    if not denominator:
        return None
    ratio = Decimal(numerator) * SCALES[unit] / Decimal(denominator)
    return ratio.quantize(PLACES, rounding=ROUND_HALF_UP)


def target_status(
    value: Decimal | None, target: Decimal | None, *, direction: str, near_ratio: Decimal
) -> str:
    """Return met / near / behind / no_data / no_target.

    "near" means within `near_ratio` of the target, relative to it (0.10: a 60 % target is near
    from 54 %); for a lower-is-better target, up to target × (1 + near_ratio).
    """
    if target is None:
        return "no_target"
    if value is None:
        return "no_data"
    if direction == "lower":
        if value <= target:
            return "met"
        return "near" if value <= target * (1 + near_ratio) else "behind"
    if value >= target:
        return "met"
    return "near" if value >= target * (1 - near_ratio) else "behind"


def relative_gap(value: Decimal | None, target: Decimal | None, *, direction: str):
    """Return how far short of the target a value is, as a share of the target (0 when met).

    None when either is unknown; a zero target is met by anything on its good side.
    """
    if value is None or target is None:
        return None
    shortfall = target - value if direction != "lower" else value - target
    if shortfall <= 0:
        return Decimal(0)
    if target == 0:
        return Decimal(1)
    return (shortfall / abs(target)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def suppress_row(counts: list[int], threshold: int) -> list[str]:
    """Show a row of counts of elders with small cells hidden as "<threshold".

    A cell of 1 to threshold - 1 elders shows "<5" (zero identifies nobody and is shown). The
    row's total stays visible, so when exactly one cell is hidden it could be backed out as
    total minus the rest: then the smallest other non-zero cell is hidden too.
    """
    hidden = {index for index, count in enumerate(counts) if 0 < count < threshold}
    if len(hidden) == 1:
        others = [
            (count, index)
            for index, count in enumerate(counts)
            if index not in hidden and count > 0
        ]
        if others:
            hidden.add(min(others)[1])
    return [
        f"<{threshold}" if index in hidden else str(count) for index, count in enumerate(counts)
    ]


def parse_month(text: str) -> date:
    """Read "YYYY-MM" as the first day of that month; ValueError when it is not one."""
    year, _, month = text.strip().partition("-")
    if len(year) != 4 or len(month) != 2 or not (year.isdigit() and month.isdigit()):
        raise ValueError("month must be YYYY-MM")
    return date(int(year), int(month), 1)


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def months_back(month: date, count: int) -> list[date]:
    """The `count` months up to and including `month`, oldest first."""
    months = []
    year, number = month.year, month.month
    for _ in range(count):
        months.append(date(year, number, 1))
        number -= 1
        if number == 0:
            year, number = year - 1, 12
    return list(reversed(months))


def ancestor_codes(code: str) -> list[str]:
    """The codes of the regions above a 12-digit code, from the province down (by its digits)."""
    stripped = code.rstrip("0")
    return [
        code[:length].ljust(12, "0")
        for length in (2, *LEVEL_PREFIX_LENGTHS)
        if length < len(code) and len(stripped) > length
    ]


def region_code_of(prefix: str) -> str:
    """The region code a grouping prefix stands for (its digits padded with zeros)."""
    return prefix.ljust(12, "0")


def roll_up(counts: Mapping[str, tuple], lengths: tuple[int, ...]) -> dict[str, tuple]:
    """Add up {code: (numerator, denominator)} into every prefix of the given lengths.

    Each counted row belongs to one region, so a street's figures are the sums of its
    communities' (and of rows registered at the street itself). A denominator of None (a count)
    stays None.
    """
    totals: dict[str, list] = {}
    for code, (numerator, denominator) in counts.items():
        for length in lengths:
            if length > len(code):
                continue
            tally = totals.setdefault(code[:length], [0, None])
            tally[0] += numerator
            if denominator is not None:
                tally[1] = (tally[1] or 0) + denominator
    return {prefix: (numerator, denominator) for prefix, (numerator, denominator) in totals.items()}


def add_rows(rows: dict[str, list[int]], lengths: tuple[int, ...]) -> dict[str, list[int]]:
    """Add up {code: [count, …]} into every prefix of the given lengths, cell by cell."""
    totals: dict[str, list[int]] = {}
    for code, counts in rows.items():
        for length in lengths:
            if length > len(code):
                continue
            tally = totals.setdefault(code[:length], [0] * len(counts))
            for index, count in enumerate(counts):
                tally[index] += count
    return totals
