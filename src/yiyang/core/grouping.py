"""Counts grouped by region prefix: the one shape every statistic of the platform takes.

A region's 12-digit code is its key (ADR 0001), so the first n digits of a row's region code name
the region that holds it at one level (4 the city, 6 a district, 9 a street, 12 a community).
Grouping by that prefix counts every region of a level in one query, never one per region.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import models
from django.db.models.functions import Substr
from django.utils import timezone


def counts_by_prefix(
    queryset: models.QuerySet[Any], field: str, prefix_length: int, **aggregates: Any
) -> dict[str, dict[str, Any]]:
    """Aggregate `queryset` per first `prefix_length` characters of `field`, in one query."""
    rows = (
        queryset.annotate(region_prefix=Substr(field, 1, prefix_length))
        .values("region_prefix")
        .annotate(**aggregates)
        .order_by("region_prefix")
    )
    return {row.pop("region_prefix"): row for row in rows}


def ratios(
    found: dict[str, dict[str, Any]], numerator: str, denominator: str
) -> dict[str, tuple[int, int]]:
    """{prefix: (numerator, denominator)} from two aggregates of `counts_by_prefix`."""
    return {prefix: (row[numerator], row[denominator]) for prefix, row in found.items()}


def divided_by(parts: dict[str, int], wholes: dict[str, int]) -> dict[str, tuple[int, int]]:
    """Pair counts of two tables per prefix (beds by region over elders by region)."""
    return {
        prefix: (parts.get(prefix, 0), wholes.get(prefix, 0))
        for prefix in sorted(set(parts) | set(wholes))
    }


def month_to_date(on: date) -> tuple[datetime, datetime]:
    """The instants a monthly figure counts: from the 1st of `on`'s month to the end of `on`
    (local time), so the running month counts to today and a closed month to its last day."""
    start = datetime.combine(on.replace(day=1), time.min)
    end = datetime.combine(on + timedelta(days=1), time.min)
    return timezone.make_aware(start), timezone.make_aware(end)
