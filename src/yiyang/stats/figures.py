"""Reads of the dashboard: an indicator's value against its target for one region, the figures
of the regions under it, and the elders by age band and ability level.

Every read is limited to what the user may see (`visible_to`, and the region checked with
`can_reach`). Computed figures, the drill-down and the population tables are read from the
snapshots of the latest month that has them (the running month, refreshed by the daily task), so
the page costs a handful of indexed reads whatever the size of the city; manual figures are read
from the reports themselves (a few rows), so a figure reported today shows at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.http import Http404

from yiyang.core.models import Region
from yiyang.core.scoping import can_reach
from yiyang.stats.breakdowns import ABILITY_COLUMNS
from yiyang.stats.choices import Breakdown, TargetStatus, ValueSource
from yiyang.stats.formulas import (
    ancestor_codes,
    months_back,
    relative_gap,
    suppress_row,
    target_status,
)
from yiyang.stats.models import (
    VIEW,
    BreakdownSnapshot,
    Indicator,
    IndicatorSnapshot,
    ManualReport,
    Target,
)

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


@dataclass(frozen=True)
class AsOf:
    """Which month's snapshots the page shows, and when they were computed."""

    month: date | None
    computed_at: datetime | None


def latest_snapshot(region: Region, month: date) -> AsOf:
    """The latest month up to `month` with computed snapshots of the region (one indexed read)."""
    found = (
        IndicatorSnapshot.objects.filter(  # scoped: a region the caller reached (region_for)
            region=region, month__lte=month, source=ValueSource.COMPUTED
        )
        .order_by("-month", "-computed_at")
        .values_list("month", "computed_at")
        .first()
    )
    return AsOf(*found) if found else AsOf(None, None)


def indicator_figures(user, region: Region, *, on: date, as_of: AsOf) -> list[IndicatorFigure]:
    """Every active indicator for a region, biggest gaps first: computed ones from the
    snapshot of `as_of.month`, manual ones from the latest report up to `on`'s month."""
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
    snapshots: dict[int, dict[date, IndicatorSnapshot]] = {}
    for snap in IndicatorSnapshot.objects.visible_to(user).filter(
        region=region, month__gte=months[0]
    ):
        snapshots.setdefault(snap.indicator_id, {})[snap.month] = snap
    figures = []
    for indicator in indicators:
        report: ManualReport | None = None
        numerator: Decimal | int | None
        denominator: Decimal | int | None
        trend = snapshots.get(indicator.pk, {})
        if indicator.is_computed:
            shown = trend.get(as_of.month) if as_of.month else None
            value = shown.value if shown else None
            numerator = shown.numerator if shown else None
            denominator = shown.denominator if shown else None
        else:
            report = reports.get(indicator.pk)
            value = report.value if report else None
            numerator = report.numerator if report else None
            denominator = report.denominator if report else None
        target = _target_for(targets, indicator.pk, region, on.year)
        target_value = target.value if target else None
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
                trend=[
                    (f"{m:%Y-%m}", _as_float(trend[m].value if m in trend else None))
                    for m in months
                ],
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


def _breakdowns(regions: list[Region], month: date | None) -> dict[tuple[str, str], tuple]:
    """{(region code, breakdown): (columns, counts)} of the month's population tables."""
    if month is None or not regions:
        return {}
    rows = BreakdownSnapshot.objects.filter(  # scoped: regions the caller may see (children)
        region__in=[child.code for child in regions], month=month
    ).values_list("region_id", "breakdown", "columns", "counts")
    return {(code, kind): (columns, counts) for code, kind, columns, counts in rows}


def population_tables(
    regions: list[Region], *, month: date | None, suppress: bool, titles: dict, labels: dict
) -> dict[str, Table]:
    """Elders per child region by age band and by ability level, from the month's snapshot
    (one query for both); a region the snapshot does not know yet shows zeros."""
    found = _breakdowns(regions, month)
    default_columns: dict[str, list] = {
        Breakdown.AGE_BAND: list(settings.STATS_AGE_BANDS),
        Breakdown.ABILITY_LEVEL: ABILITY_COLUMNS,
    }
    tables: dict[str, Table] = {}
    for kind, default in default_columns.items():
        columns = next((cols for (_code, k), (cols, _c) in found.items() if k == kind), default)
        rows = []
        for child in regions:
            _columns, counts = found.get((child.code, kind), (columns, [0] * len(columns)))
            cells, total = _cells(counts, suppress)
            rows.append((child, cells, total))
        tables[kind] = Table(title=titles[kind], columns=labels[kind](columns), rows=rows)
    return tables


def computed_by_child(
    regions: list[Region], *, month: date | None
) -> tuple[list[dict], list[Indicator]]:
    """The computed indicators for each child region, from the month's snapshots (one query)."""
    indicators = list(Indicator.objects.active().exclude(computation=""))
    values: dict[tuple[int, str], Decimal | None] = {}
    if month is not None and regions:
        values = {
            (indicator_pk, code): value
            for indicator_pk, code, value in IndicatorSnapshot.objects.filter(  # scoped: children
                region__in=[child.code for child in regions],
                month=month,
                indicator__in=indicators,
            ).values_list("indicator_id", "region_id", "value")
        }
    return [
        {"region": child, "values": [values.get((i.pk, child.code)) for i in indicators]}
        for child in regions
    ], indicators
