"""Workforce figures for the statistics module (seed 001: 每万名老年人拥有持证养老护理员 25 人)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from yiyang.registry.models import Elder
from yiyang.workforce.models import Caregiver


def certified_per_10k_elders(region_prefix: str, *, on: date) -> Decimal | None:
    """Working caregivers holding a valid skill certificate per 10,000 elders in the registry
    living in the region, to one decimal; None where the region has no elder."""
    elders = Elder.objects.in_region(region_prefix).in_registry().count()  # scoped: statistics
    if not elders:
        return None
    certified = (
        Caregiver.objects.filter(region__code__startswith=region_prefix)  # scoped: statistics
        .active()
        .certified(on=on)
        .count()
    )
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
