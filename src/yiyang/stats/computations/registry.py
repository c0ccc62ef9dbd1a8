"""Computations over the registry: elders by age, ability, living arrangement and category."""

from __future__ import annotations

from datetime import date

from django.db import models

from yiyang.core.grouping import counts_by_prefix
from yiyang.registry.choices import Category, LivingArrangement
from yiyang.registry.models import Elder, ElderCategory
from yiyang.registry.models.elder import years_before
from yiyang.stats.computations.base import Counts, computation


def _elders(within: str):
    return Elder.objects.in_registry().in_region(within)  # scoped: the caller's region prefix


def _grouped(queryset, prefix_length: int, hit: models.Q | None) -> Counts:
    """Count all rows and those matching `hit` per region prefix, in one query."""
    counted = {"total": models.Count("pk")}
    if hit is not None:
        counted["hit"] = models.Count("pk", filter=hit)
    found = counts_by_prefix(queryset, "residence_region_id", prefix_length, **counted)
    if hit is None:
        return {prefix: (row["total"], None) for prefix, row in found.items()}
    return {prefix: (row["hit"], row["total"]) for prefix, row in found.items()}


def holding_category(category: str, on: date) -> models.Q:
    """Elders holding a typed category on a day (one EXISTS, no join that would multiply rows)."""
    valid = ElderCategory.objects.filter(  # scoped: correlated to the outer elder
        elder=models.OuterRef("pk"), category=category, valid_from__lte=on
    ).filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=on))
    return models.Q(models.Exists(valid))


@computation("elders_total")
def elders_total(*, within: str, prefix_length: int, on: date) -> Counts:
    """老年人数: elders in the registry."""
    return _grouped(_elders(within), prefix_length, None)


@computation("advanced_age_share")
def advanced_age_share(*, within: str, prefix_length: int, on: date) -> Counts:
    """高龄 (80+) elders among all elders, by age on the day."""
    return _grouped(_elders(within), prefix_length, models.Q(birth_date__lte=years_before(on, 80)))


@computation("disabled_share")
def disabled_share(*, within: str, prefix_length: int, on: date) -> Counts:
    """失能 elders: a final assessment at level 1 or worse, valid on the day (GLOSSARY.md)."""
    hit = models.Q(ability_level__gte=1, ability_level_valid_until__gte=on)
    return _grouped(_elders(within), prefix_length, hit)


@computation("assessed_share")
def assessed_share(*, within: str, prefix_length: int, on: date) -> Counts:
    """Elders whose ability assessment is valid on the day."""
    hit = models.Q(ability_level__isnull=False, ability_level_valid_until__gte=on)
    return _grouped(_elders(within), prefix_length, hit)


@computation("living_alone_share")
def living_alone_share(*, within: str, prefix_length: int, on: date) -> Counts:
    """独居 elders by the registry's living arrangement."""
    hit = models.Q(living_arrangement=LivingArrangement.ALONE)
    return _grouped(_elders(within), prefix_length, hit)


@computation("extreme_poverty_elders")
def extreme_poverty_elders(*, within: str, prefix_length: int, on: date) -> Counts:
    """特困 elders: holding the extreme-poverty category on the day."""
    queryset = _elders(within).filter(holding_category(Category.EXTREME_POVERTY, on))
    return _grouped(queryset, prefix_length, None)
