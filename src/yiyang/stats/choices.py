"""Choices of the statistics module (GLOSSARY.md `Indicator` / `Target`; labels translated)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorUnit(models.TextChoices):
    """How a ratio is shown: the scale applied to numerator / denominator, or a plain count."""

    PERCENT = "percent", _("Percent (%)")
    PER_MILLE = "per_mille", _("Per mille (‰)")
    PER_THOUSAND = "per_thousand", _("Per 1,000 elders")
    PER_TEN_THOUSAND = "per_ten_thousand", _("Per 10,000 elders")
    COUNT = "count", _("Count")


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher", _("Higher is better")
    LOWER_IS_BETTER = "lower", _("Lower is better")


class Binding(models.TextChoices):
    """约束性 (binding) or 预期性 (expected) target, as seed 000's table 1 marks each row."""

    BINDING = "binding", _("Binding (约束性)")
    EXPECTED = "expected", _("Expected (预期性)")


class ValueSource(models.TextChoices):
    COMPUTED = "computed", _("Computed")
    MANUAL = "manual", _("Manually reported")


class TargetStatus(models.TextChoices):
    """The traffic light of an indicator against its target."""

    MET = "met", _("Met")
    NEAR = "near", _("Near")
    BEHIND = "behind", _("Behind")
    NO_DATA = "no_data", _("No data")
    NO_TARGET = "no_target", _("No target")


class Breakdown(models.TextChoices):
    """A table of elders per region that the dashboard shows beside the indicators."""

    AGE_BAND = "age_band", _("Elders by age band")
    ABILITY_LEVEL = "ability_level", _("Elders by ability level")
