"""Reads of the dashboard: an indicator's value against its target for one region, the figures
of the regions under it, and the elders by age band and ability level.

Every read is limited to what the user may see (`visible_to`, and the region checked with
`can_reach`); computed figures are counted live in grouped queries, never one per region.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models.functions import Substr
from django.http import Http404

from yiyang.core.models import Region
from yiyang.core.scoping import can_reach
from yiyang.core.validators.region_code import PREFIX_LENGTH, code_prefix
from yiyang.registry.models import Elder
from yiyang.registry.models.elder import years_before
from yiyang.stats.choices import TargetStatus
from yiyang.stats.computations import compute
from yiyang.stats.formulas import (
    ancestor_codes,
    months_back,
    relative_gap,
    scaled_value,
    suppress_row,
    target_status,
)
from yiyang.stats.models import VIEW, Indicator, IndicatorSnapshot, ManualReport, Target

STATUS_ORDER = {"behind": 0, "near": 1, "met": 2, "no_data": 3, "no_target": 4}


@dataclass
class IndicatorFigure:
    indicator: Indicator
    value: Decimal | None
    numerator: Decimal | int | None
    denominator: Decimal | int | None
    is_computed: bool
    target: Target | None
    status: str
    gap: Decimal | None
    report: ManualReport | None = None
    trend: list[tuple[str, float | None]] = field(default_factory=list)
    shown: str = ""
    target_shown: str = ""

    @property
    def status_label(self) -> str:
        return str(TargetStatus(self.status).label)


def _as_float(value: Decimal | None) -> float | None:
    """A trend point for the chart (display only: the figures themselves stay Decimal)."""
    return float(value) if value is not None else None


def region_for(user, code: str | None) -> Region:
    """The region the user asked for, or her home region; 404 when she may not see it."""
    code = code or user.region_id
    if not code or not can_reach(user, code, VIEW):
        raise Http404
    try:
        return Region.objects.visible_to(user).get(code=code)
    except Region.DoesNotExist:
        raise Http404 from None


def _target_for(
    targets: list[Target], indicator_pk: int, region: Region, year: int
) -> Target | None:
    """The target binding a region: its own, else its nearest ancestor's, else the default;
    of the year, else the latest earlier year (a plan's 2025 target stands until replaced),
    else the nearest later year."""
    chain = [region.code, *reversed(ancestor_codes(region.code)), None]
    mine = [t for t in targets if t.indicator_id == indicator_pk]
    for code in chain:
        candidates = [t for t in mine if t.region_id == code]
        if not candidates:
            continue
        past = [t for t in candidates if t.year <= year]
        if past:
            return max(past, key=lambda t: t.year)
        return min(candidates, key=lambda t: t.year)
    return None


def indicator_figures(user, region: Region, *, on: date) -> list[IndicatorFigure]:
    """Every active indicator for a region on a day, biggest gaps first."""
    month = on.replace(day=1)
    indicators = list(Indicator.objects.active())
    targets = list(Target.objects.visible_to(user))
    reports: dict[int, ManualReport] = {}
    for reported in (
        ManualReport.objects.visible_to(user)
        .filter(region=region, month__lte=month)
        .order_by("month")
    ):
        reports[reported.indicator_id] = reported  # the latest month wins
    months = months_back(month, 12)
    trends: dict[int, dict[date, Decimal | None]] = {}
    for snap in IndicatorSnapshot.objects.visible_to(user).filter(
        region=region, month__gte=months[0]
    ):
        trends.setdefault(snap.indicator_id, {})[snap.month] = snap.value
    prefix = region.code_prefix
    figures = []
    for indicator in indicators:
        report: ManualReport | None = None
        numerator: Decimal | int | None
        denominator: Decimal | int | None
        if indicator.is_computed:
            counts = compute(indicator.computation, within=prefix, prefix_length=len(prefix), on=on)
            numerator, denominator = counts.get(
                prefix, (0, 0 if indicator.unit != "count" else None)
            )
            value = scaled_value(numerator, denominator, indicator.unit)
        else:
            report = reports.get(indicator.pk)
            value = report.value if report else None
            numerator = report.numerator if report else None
            denominator = report.denominator if report else None
        target = _target_for(targets, indicator.pk, region, on.year)
        target_value = target.value if target else None
        trend = trends.get(indicator.pk, {})
        figures.append(
            IndicatorFigure(
                indicator=indicator,
                value=value,
                numerator=numerator,
                denominator=denominator,
                is_computed=indicator.is_computed,
                target=target,
                status=target_status(
                    value,
                    target_value,
                    direction=indicator.direction,
                    near_ratio=indicator.near_ratio,
                ),
                gap=relative_gap(value, target_value, direction=indicator.direction),
                report=report,
                trend=[(f"{m:%Y-%m}", _as_float(trend.get(m))) for m in months],
            )
        )
    figures.sort(
        key=lambda f: (
            STATUS_ORDER[f.status],
            -(f.gap or 0),
            f.indicator.position,
        )
    )
    return figures


def child_level_length(region: Region) -> int | None:
    """How many digits identify the regions one level under `region` (None under a community)."""
    return PREFIX_LENGTH.get(region.level + 1)


def children(user, region: Region) -> list[Region]:
    return list(Region.objects.visible_to(user).filter(parent=region).order_by("code"))


def may_see_elders(user, region: Region) -> bool:
    """Whether the user may see the elders themselves here (then no cell is suppressed)."""
    return can_reach(user, region.code, "registry.view_elder")


@dataclass
class Table:
    """A table of counts of elders per child region, shown with small cells suppressed."""

    title: str
    columns: list[str]
    rows: list[tuple[Region, list[str], str]]  # region, cells, row total


def _cells(counts: list[int], suppress: bool) -> tuple[list[str], str]:
    threshold = settings.STATS_SMALL_COUNT_THRESHOLD
    total = sum(counts)
    if not suppress:
        return [str(count) for count in counts], str(total)
    shown_total = f"<{threshold}" if 0 < total < threshold else str(total)
    return suppress_row(counts, threshold), shown_total


def _by_child(region: Region, length: int, annotations: dict) -> dict[str, dict]:
    rows = (
        Elder.objects.in_registry()  # scoped: limited to a region the caller reached
        .in_region(region.code_prefix)
        .annotate(region_prefix=Substr("residence_region_id", 1, length))
        .values("region_prefix")
        .annotate(**annotations)
        .order_by("region_prefix")
    )
    return {row["region_prefix"]: dict(row) for row in rows}


def age_band_table(
    region: Region, regions: list[Region], *, on: date, suppress: bool, title: str, labels
) -> Table:
    """Elders per child region by age band (`settings.STATS_AGE_BANDS`), one grouped query."""
    length = child_level_length(region)
    bands = list(settings.STATS_AGE_BANDS)
    annotations = {}
    for index, low in enumerate(bands):
        high = bands[index + 1] - 1 if index + 1 < len(bands) else None
        condition = models.Q(birth_date__lte=years_before(on, low))
        if high is not None:
            condition &= models.Q(birth_date__gt=years_before(on, high + 1))
        annotations[f"band_{index}"] = models.Count("pk", filter=condition)
    found = _by_child(region, length or 12, annotations) if length else {}
    rows = []
    for child in regions:
        row = found.get(code_prefix(child.code), {})
        counts = [row.get(f"band_{index}", 0) for index in range(len(bands))]
        cells, total = _cells(counts, suppress)
        rows.append((child, cells, total))
    return Table(title=title, columns=labels(bands), rows=rows)


def ability_table(
    region: Region, regions: list[Region], *, on: date, suppress: bool, title: str, labels
) -> Table:
    """Elders per child region by ability level valid on the day (None: no valid result)."""
    length = child_level_length(region)
    annotations = {
        f"level_{level}": models.Count(
            "pk", filter=models.Q(ability_level=level, ability_level_valid_until__gte=on)
        )
        for level in range(5)
    }
    annotations["level_none"] = models.Count(
        "pk",
        filter=models.Q(ability_level__isnull=True)
        | models.Q(ability_level_valid_until__lt=on)
        | models.Q(ability_level_valid_until__isnull=True),
    )
    found = _by_child(region, length or 12, annotations) if length else {}
    rows = []
    for child in regions:
        row = found.get(code_prefix(child.code), {})
        keys = [f"level_{level}" for level in range(5)] + ["level_none"]
        cells, total = _cells([row.get(key, 0) for key in keys], suppress)
        rows.append((child, cells, total))
    return Table(title=title, columns=labels(), rows=rows)


def computed_by_child(
    region: Region, regions: list[Region], *, on: date
) -> tuple[list[dict], list[Indicator]]:
    """The computed indicators for each child region (one grouped query per indicator)."""
    length = child_level_length(region)
    indicators = list(Indicator.objects.active().exclude(computation=""))
    values: dict[int, dict[str, Decimal | None]] = {}
    if length:
        for indicator in indicators:
            counts = compute(
                indicator.computation, within=region.code_prefix, prefix_length=length, on=on
            )
            values[indicator.pk] = {
                prefix: scaled_value(n, d, indicator.unit) for prefix, (n, d) in counts.items()
            }

    def value_of(indicator: Indicator, child: Region) -> Decimal | None:
        # A region without any elder counted: a count of 0, a ratio without a value.
        empty = Decimal(0) if indicator.unit == "count" else None
        return values.get(indicator.pk, {}).get(code_prefix(child.code), empty)

    return [
        {"region": child, "values": [value_of(i, child) for i in indicators]} for child in regions
    ], indicators
