"""Workforce figures for the statistics module (seed 001: 每万名老年人拥有持证养老护理员 25 人)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count

from yiyang.core.grouping import counts_by_prefix, divided_by
from yiyang.registry.models import Elder
from yiyang.workforce.models import Caregiver

Counts = dict[str, tuple[int, int]]


def certified_caregivers_and_elders(*, within: str, prefix_length: int, on: date) -> Counts:
    """Working caregivers holding a skill certificate valid on the day (by where they work), and
    elders in the registry (by where they live), per region: one grouped query each."""
    certified = counts_by_prefix(
        Caregiver.objects.filter(region__code__startswith=within)  # scoped: statistics
        .active()
        .filter(pk__in=Caregiver.objects.certified(on=on).values("pk")),
        "region_id",
        prefix_length,
        n=Count("pk"),
    )
    elders = counts_by_prefix(
        Elder.objects.in_region(within).in_registry(),  # scoped: statistics
        "residence_region_id",
        prefix_length,
        n=Count("pk"),
    )
    return divided_by(
        {prefix: row["n"] for prefix, row in certified.items()},
        {prefix: row["n"] for prefix, row in elders.items()},
    )


def certified_per_10k_elders(region_prefix: str, *, on: date) -> Decimal | None:
    """Certified caregivers per 10,000 elders of one region, to one decimal; None where the
    region has no elder."""
    counts = certified_caregivers_and_elders(
        within=region_prefix, prefix_length=len(region_prefix), on=on
    )
    certified, elders = counts.get(region_prefix, (0, 0))
    if not elders:
        return None
    return (Decimal(certified) * 10_000 / elders).quantize(Decimal("0.1"), ROUND_HALF_UP)


def training_rate(region_prefix: str, *, on: date, days: int = 365) -> Decimal | None:
    """Share of the region's working caregivers trained in the `days` before `on` (0–1, three
    decimals); None without caregivers. The window is the project's working definition."""
    caregivers = Caregiver.objects.filter(
        region__code__startswith=region_prefix
    ).active()  # scoped: statistics
    total = caregivers.count()
    if not total:
        return None
    trained = (
        caregivers.filter(
            trainings__taken_on__gt=on - timedelta(days=days), trainings__taken_on__lte=on
        )
        .distinct()
        .count()
    )
    return (Decimal(trained) / total).quantize(Decimal("0.001"), ROUND_HALF_UP)
