"""Elders per region by age band and by ability level: the dashboard's two population tables.

Counted by the snapshot task in one grouped query over the registry (per community, then added
up to every level above), and read by the dashboard from `BreakdownSnapshot`.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from yiyang.core.grouping import counts_by_prefix
from yiyang.registry.models import Elder
from yiyang.registry.models.elder import years_before
from yiyang.stats.choices import Breakdown

ABILITY_COLUMNS = ["0", "1", "2", "3", "4", "none"]


def _age_bands(on: date) -> dict[str, models.Count]:
    bands = list(settings.STATS_AGE_BANDS)
    counted = {}
    for index, low in enumerate(bands):
        condition = models.Q(birth_date__lte=years_before(on, low))
        if index + 1 < len(bands):
            condition &= models.Q(birth_date__gt=years_before(on, bands[index + 1]))
        counted[f"age_{low}"] = models.Count("pk", filter=condition)
    return counted


def _ability_levels(on: date) -> dict[str, models.Count]:
    """Levels valid on the day; a lapsed or missing assessment counts as "none"."""
    counted = {
        f"level_{level}": models.Count(
            "pk", filter=models.Q(ability_level=level, ability_level_valid_until__gte=on)
        )
        for level in range(5)
    }
    counted["level_none"] = models.Count(
        "pk",
        filter=models.Q(ability_level__isnull=True)
        | models.Q(ability_level_valid_until__lt=on)
        | models.Q(ability_level_valid_until__isnull=True),
    )
    return counted


def count_breakdowns(on: date) -> dict[str, tuple[list, dict[str, list[int]]]]:
    """{breakdown: (columns, {community code: [count per column]})} for the registry on a day."""
    bands = list(settings.STATS_AGE_BANDS)
    found = counts_by_prefix(
        Elder.objects.in_registry(),  # scoped: system task, every region
        "residence_region_id",
        12,
        **_age_bands(on),
        **_ability_levels(on),
    )
    ages = {code: [row[f"age_{low}"] for low in bands] for code, row in found.items()}
    levels = {
        code: [row[f"level_{column}"] for column in ABILITY_COLUMNS] for code, row in found.items()
    }
    return {
        Breakdown.AGE_BAND: (bands, ages),
        Breakdown.ABILITY_LEVEL: (ABILITY_COLUMNS, levels),
    }
