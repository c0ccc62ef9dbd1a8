"""Writes of the statistics module: manual figures, targets, monthly snapshots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.core.bulk import insert_rows
from yiyang.core.models import Region
from yiyang.core.scoping import require
from yiyang.core.validators.region_code import PREFIX_LENGTH
from yiyang.stats.breakdowns import count_breakdowns
from yiyang.stats.choices import ValueSource
from yiyang.stats.computations import compute
from yiyang.stats.errors import ErrorCode, StatsError
from yiyang.stats.formulas import (
    LEVEL_PREFIX_LENGTHS,
    add_rows,
    month_end,
    roll_up,
    scaled_value,
)
from yiyang.stats.models import (
    BreakdownSnapshot,
    Indicator,
    IndicatorSnapshot,
    ManualReport,
    Target,
)

REPORT = "stats.report_figures"
MANAGE = "stats.manage_targets"
MAX_VALUE = Decimal("9999999999")


def _check_value(value: Decimal, field: str = "value") -> None:
    if value < 0 or value > MAX_VALUE:
        raise StatsError(
            ErrorCode.VALUE_INVALID,
            _("The value must be between 0 and 9,999,999,999."),
            field=field,
        )


def report_figure(
    indicator: Indicator,
    *,
    region: Region,
    month: date,
    value: Decimal,
    source: str,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    actor,
) -> ManualReport:
    """Record a figure reported by hand for a region and month (人工填报), with its source.

    Only indicators without a computation take one: a computed figure is never typed over. A
    second report of the same month replaces the first; the audit log keeps both values.
    """
    require(actor, REPORT, region.code)
    if indicator.is_computed:
        raise StatsError(
            ErrorCode.NOT_MANUAL,
            _("This indicator is computed from the platform's data; it cannot be reported."),
            field="indicator",
        )
    if month.day != 1 or month > timezone.localdate():
        raise StatsError(
            ErrorCode.MONTH_INVALID,
            _("Choose a month that has begun."),
            field="month",
        )
    _check_value(value)
    for name, part in (("numerator", numerator), ("denominator", denominator)):
        if part is not None:
            _check_value(part, name)
    source = source.strip()
    if not source:
        raise StatsError(
            ErrorCode.SOURCE_REQUIRED, _("Say where the figure comes from."), field="source"
        )
    with transaction.atomic():
        report = (
            ManualReport.objects.select_for_update()
            .filter(indicator=indicator, region=region, month=month)
            .first()
        )
        fields = ["value", "numerator", "denominator", "source", "reported_by", "reported_at"]
        before = audit.snapshot(report, fields) if report else None
        if report is None:
            report = ManualReport(indicator=indicator, region=region, month=month)
        report.value = value
        report.numerator = numerator
        report.denominator = denominator
        report.source = source[:200]
        report.reported_by = actor
        report.reported_at = timezone.now()
        report.save()
        audit.record_change(
            report,
            actor=actor,
            action="update" if before else "create",
            before=before,
            fields=["indicator", "region", "month", *fields],
            region_code=region.code,
        )
    return report


def set_target(
    indicator: Indicator,
    *,
    year: int,
    value: Decimal,
    region: Region | None = None,
    note: str = "",
    actor,
) -> Target:
    """Set the target of an indicator for a year: the city-wide default, or one region's own."""
    require(actor, MANAGE, region.code if region else None)
    if not 2000 <= year <= 2100:
        raise StatsError(ErrorCode.YEAR_INVALID, _("Give a year such as 2025."), field="year")
    _check_value(value)
    with transaction.atomic():
        target = (
            Target.objects.select_for_update()
            .filter(indicator=indicator, region=region, year=year)
            .first()
        )
        before = audit.snapshot(target, ["value", "note"]) if target else None
        if target is None:
            target = Target(indicator=indicator, region=region, year=year)
        target.value = value
        target.note = note[:200]
        target.save()
        audit.record_change(
            target,
            actor=actor,
            action="update" if before else "create",
            before=before,
            fields=["indicator", "region", "year", "value", "note"],
            region_code=region.code if region else "",
        )
    return target


@dataclass(frozen=True)
class SnapshotSummary:
    month: date
    created: int
    updated: int
    kept: int


def _regions_by_length() -> dict[int, list[str]]:
    """Region codes of every city, district, street and community, by the digits naming them."""
    by_length: dict[int, list[str]] = {}
    for code, level in Region.objects.values_list("code", "level"):  # scoped: system task
        length = PREFIX_LENGTH.get(level)
        if length in LEVEL_PREFIX_LENGTHS:
            by_length.setdefault(length, []).append(code)
    return by_length


def _computed_figures(indicators, by_length, on: date) -> dict[tuple[int, str], tuple]:
    """Every computed indicator for every region: one grouped count per indicator, per
    community, added up to the levels above (each counted row belongs to one region)."""
    figures: dict[tuple[int, str], tuple] = {}
    for indicator in indicators:
        empty = (0, None if indicator.unit == "count" else 0)
        counts = roll_up(
            compute(indicator.computation, within="", prefix_length=12, on=on),
            LEVEL_PREFIX_LENGTHS,
        )
        for length, codes in by_length.items():
            for code in codes:
                numerator, denominator = counts.get(code[:length], empty)
                figures[(indicator.pk, code)] = (
                    numerator,
                    denominator,
                    scaled_value(numerator, denominator, indicator.unit),
                    ValueSource.COMPUTED,
                )
    return figures


def snapshot_month(month: date) -> SnapshotSummary:
    """Write every indicator's figure and the population tables for every region for a month
    (idempotent).

    Computed indicators are counted as of the month's last day (today, for the running month)
    at city, district, street and community level: one grouped query per indicator, per
    community, added up to the levels above. Manual ones copy the latest report made for that
    month or before. A month that has ended keeps the snapshot it has: rerunning fills only
    what is missing, so last year's figure never changes when the data change today. The
    running month is replaced on every run (in one transaction: readers see the old rows until
    the new ones are in).
    """
    today = timezone.localdate()
    if month.day != 1 or month > today:
        raise StatsError(
            ErrorCode.MONTH_INVALID, _("Choose a month that has begun."), field="month"
        )
    on = min(month_end(month), today)
    is_closed = month_end(month) < today
    # Every region gets its row at its level, a region without elders too (a count of 0, a
    # ratio without a value), so a trend has no holes where nobody lives yet.
    by_length = _regions_by_length()
    indicators = list(Indicator.objects.active())
    figures = _computed_figures([i for i in indicators if i.is_computed], by_length, on)
    manual = ManualReport.objects.filter(  # scoped: system task, no user
        indicator__in=[i for i in indicators if not i.is_computed], month__lte=month
    ).order_by("indicator_id", "region_id", "month")
    for report in manual:  # the latest month wins: ordered by month
        figures[(report.indicator_id, report.region_id)] = (
            report.numerator,
            report.denominator,
            report.value,
            ValueSource.MANUAL,
        )
    breakdowns = _breakdown_rows(by_length, on)
    now = timezone.now()
    snapshots = IndicatorSnapshot.objects.filter(month=month)  # scoped: system task
    tables = BreakdownSnapshot.objects.filter(month=month)  # scoped: system task
    with transaction.atomic():
        existing = set(snapshots.values_list("indicator_id", "region_id"))
        if is_closed:
            figures = {key: row for key, row in figures.items() if key not in existing}
            have = set(tables.values_list("region_id", "breakdown"))
            breakdowns = [row for row in breakdowns if (row[0], row[1]) not in have]
        else:
            snapshots.delete()
            tables.delete()
        insert_rows(
            IndicatorSnapshot,
            [
                "indicator_id",
                "region_id",
                "month",
                "numerator",
                "denominator",
                "value",
                "source",
                "computed_at",
            ],
            (
                (indicator_pk, code, month, *figure, now)
                for (indicator_pk, code), figure in figures.items()
            ),
        )
        insert_rows(
            BreakdownSnapshot,
            ["region_id", "breakdown", "columns", "counts", "month", "computed_at"],
            ((*row, month, now) for row in breakdowns),
        )
    updated = 0 if is_closed else len(existing & set(figures))
    return SnapshotSummary(
        month=month,
        created=len(figures) - updated,
        updated=updated,
        kept=len(existing) - updated,
    )


def _breakdown_rows(by_length: dict[int, list[str]], on: date) -> list[tuple]:
    """(region, breakdown, columns, counts) of every region for the population tables."""
    rows = []
    for breakdown, (columns, by_community) in count_breakdowns(on).items():
        totals = add_rows(by_community, LEVEL_PREFIX_LENGTHS)
        for length, codes in by_length.items():
            for code in codes:
                counts = totals.get(code[:length], [0] * len(columns))
                rows.append((code, breakdown, columns, counts))
    return rows
