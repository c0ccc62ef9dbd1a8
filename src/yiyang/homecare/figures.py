"""Home-care figures for the statistics module, by the region where the elder lives: visits
delivered in the month up to a day, hours of service, and elders served (GB/T 43153 counts
person-times per month). One grouped query (`ServiceOrderQuerySet.figures`) defines them all.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from yiyang.core.grouping import month_to_date
from yiyang.homecare.models import ServiceOrder

Counts = dict[str, tuple[int | Decimal, None]]


def _delivered(within: str, prefix_length: int, on: date) -> list[dict]:
    start, end = month_to_date(on)
    return (
        ServiceOrder.objects.delivered(start, end)  # scoped: statistics, the caller's prefix
        .filter(elder__residence_region__code__startswith=within)
        .figures(by="region", prefix_length=prefix_length)
    )


def visits_in_month(*, within: str, prefix_length: int, on: date) -> Counts:
    """Visits delivered (checked out, not rejected) from the 1st of the month to the day."""
    return {row["group"]: (row["visits"], None) for row in _delivered(within, prefix_length, on)}


def hours_in_month(*, within: str, prefix_length: int, on: date) -> Counts:
    """Hours of delivered visits in the month (actual minutes ÷ 60, two places)."""
    return {
        row["group"]: (
            (Decimal(row["minutes"]) / 60).quantize(Decimal("0.01"), ROUND_HALF_UP),
            None,
        )
        for row in _delivered(within, prefix_length, on)
    }


def elders_served_in_month(*, within: str, prefix_length: int, on: date) -> Counts:
    """Elders with at least one delivered visit in the month."""
    return {row["group"]: (row["elders"], None) for row in _delivered(within, prefix_length, on)}
