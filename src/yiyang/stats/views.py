"""The director's dashboard (领导驾驶舱): indicators against targets for a region, drill-down to
the regions under it, elders by age band and ability level, Excel of each table, a printable
monthly report.

Regions come through `region_for` (the user's region or one under it, else 404); counts of
elders are suppressed for users who may not see the elders themselves (settings).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core.errors import DomainError
from yiyang.core.forms import show_domain_error
from yiyang.core.scoping import can_reach
from yiyang.registry.choices import AbilityLevel
from yiyang.stats import exports, figures, services
from yiyang.stats.choices import Breakdown
from yiyang.stats.forms import ManualReportForm, TargetForm
from yiyang.stats.models import VIEW, Indicator, ManualReport, Target

UNIT_SUFFIX = {"percent": "%", "per_mille": "‰"}


def _require(user) -> None:
    if not user.has_capability(VIEW):
        raise PermissionDenied


def show_value(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "—"
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:.2f}"
    return text + UNIT_SUFFIX.get(unit, "")


def _band_labels(bands: list[int]) -> list[str]:
    labels = []
    for index, low in enumerate(bands):
        if index + 1 < len(bands):
            labels.append(_("{low}-{high}").format(low=low, high=bands[index + 1] - 1))
        else:
            labels.append(_("{low} and over").format(low=low))
    return labels


def _level_labels(columns: list[str]) -> list[str]:
    names = {str(value): str(label) for value, label in AbilityLevel.choices}
    return [names.get(column, _("No valid assessment")) for column in columns]


def _context(request, code: str | None, *, always_suppress: bool = False) -> dict:
    _require(request.user)
    region = figures.region_for(request.user, code)
    today = timezone.localdate()
    as_of = figures.latest_snapshot(region, today.replace(day=1))
    rows = figures.indicator_figures(request.user, region, on=today, as_of=as_of)
    kids = figures.children(request.user, region)
    child_rows, computed = figures.computed_by_child(kids, month=as_of.month)
    suppress = always_suppress or not figures.may_see_elders(request.user, region)
    tables = figures.population_tables(
        kids,
        month=as_of.month,
        suppress=suppress,
        titles={
            Breakdown.AGE_BAND: _("Elders by age band"),
            Breakdown.ABILITY_LEVEL: _("Elders by ability level"),
        },
        labels={Breakdown.AGE_BAND: _band_labels, Breakdown.ABILITY_LEVEL: _level_labels},
    )
    for figure in rows:
        # Computed counts are counts of elders: hidden when small, like the tables' cells.
        figure.shown = exports.small(
            figure.value, figure.indicator.unit, suppress and figure.is_computed, show_value
        )
        figure.target_shown = (
            _("{value} ({year})").format(
                value=show_value(figure.target.value, figure.indicator.unit),
                year=figure.target.year,
            )
            if figure.target
            else "—"
        )
    return {
        "region": region,
        "path": [r for r in region.path() if can_reach(request.user, r.code, VIEW)],
        "today": today,
        "figures": rows,
        "counts": {
            status: sum(1 for f in rows if f.status == status)
            for status in ("met", "near", "behind", "no_data")
        },
        "children": kids,
        "computed": computed,
        "child_rows": [
            {
                "region": row["region"],
                "cells": [
                    exports.small(value, indicator.unit, suppress, show_value)
                    for value, indicator in zip(row["values"], computed, strict=True)
                ],
            }
            for row in child_rows
        ],
        "as_of": as_of,
        "age_table": tables[Breakdown.AGE_BAND],
        "ability_table": tables[Breakdown.ABILITY_LEVEL],
        "suppressed": suppress,
        "can_report": request.user.has_capability(services.REPORT),
        "show_value": show_value,
    }


@login_required
def dashboard(request):
    context = _context(request, request.GET.get("region"))
    context["sparklines"] = {
        figure.indicator.code: _trend(figure, context["suppressed"])
        for figure in context["figures"]
    }
    return render(request, "stats/dashboard.html", context)


def _trend(figure, suppress: bool) -> list[tuple[str, float | None]]:
    """A sparkline's points; a small count of elders is left out, as in the tables, since the
    page embeds the points as data."""
    if not (suppress and figure.is_computed and figure.indicator.unit == "count"):
        return figure.trend
    threshold = settings.STATS_SMALL_COUNT_THRESHOLD
    return [
        (month, None if value is not None and 0 < value < threshold else value)
        for month, value in figure.trend
    ]


@login_required
def monthly_report(request):
    """The printable monthly report a bureau sends upward: always with small counts hidden."""
    context = _context(request, request.GET.get("region"), always_suppress=True)
    context["tables"] = (
        [context["age_table"], context["ability_table"]] if context["children"] else []
    )
    return render(request, "stats/monthly_report.html", context)


@login_required
def export_table(request, table: str):
    """One dashboard table as an .xlsx file (indicators, regions, ages or ability)."""
    if table not in exports.TABLES:
        raise PermissionDenied
    context = _context(request, request.GET.get("region"))
    book = exports.workbook(table, context)
    response = HttpResponse(
        book,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = f"{context['today']:%Y%m}"
    response["Content-Disposition"] = (
        f'attachment; filename="stats-{table}-{context["region"].code}-{stamp}.xlsx"'
    )
    return response


@login_required
def report_figure(request):
    """Report a figure the platform cannot compute yet (city administrators)."""
    if not request.user.has_capability(services.REPORT):
        raise PermissionDenied
    form = ManualReportForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = services.report_figure(
                    data["indicator"],
                    region=data["region"],
                    month=data["month"],
                    value=data["value"],
                    numerator=data["numerator"],
                    denominator=data["denominator"],
                    source=data["source"],
                    actor=request.user,
                )
            except DomainError as error:
                show_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("{indicator} for {month} was recorded.").format(
                        indicator=report.indicator.name, month=f"{report.month:%Y-%m}"
                    ),
                )
                return redirect(f"{reverse('stats:dashboard')}?region={report.region_id}")
        status = 422
    return render(request, "stats/report_figure.html", {"form": form}, status=status)


@login_required
def targets(request):
    """The targets in force and, for the city administrator, the form to set one (目标值)."""
    _require(request.user)
    may_manage = request.user.has_capability(services.MANAGE)
    form = TargetForm(request.POST or None, user=request.user) if may_manage else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                target = services.set_target(
                    data["indicator"],
                    year=data["year"],
                    value=data["value"],
                    region=data["region"],
                    note=data["note"],
                    actor=request.user,
                )
            except DomainError as error:
                show_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("The {year} target of {indicator} was set.").format(
                        year=target.year, indicator=target.indicator.name
                    ),
                )
                return redirect("stats:targets")
        status = 422
    rows = list(
        Target.objects.visible_to(request.user)
        .select_related("indicator", "region")
        .order_by("indicator__position", "indicator__code", "-year", "region_id")
    )
    for target in rows:
        target.shown = show_value(target.value, target.indicator.unit)  # type: ignore[attr-defined]
    return render(request, "stats/targets.html", {"form": form, "targets": rows}, status=status)


@login_required
def reports(request):
    """Figures reported by hand, newest month first, optionally of one indicator."""
    _require(request.user)
    rows = (
        ManualReport.objects.visible_to(request.user)
        .select_related("indicator", "region", "reported_by")
        .order_by("-month", "indicator__position", "region_id")
    )
    chosen = request.GET.get("indicator", "")
    if chosen:
        rows = rows.filter(indicator__code=chosen)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for report in page:
        report.shown = show_value(report.value, report.indicator.unit)  # type: ignore[attr-defined]
    return render(
        request,
        "stats/reports.html",
        {
            "page": page,
            "indicators": Indicator.objects.active().filter(computation=""),
            "chosen": chosen,
            "can_report": request.user.has_capability(services.REPORT),
        },
    )


urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("report/", monthly_report, name="monthly_report"),
    path("figures/new/", report_figure, name="report_figure"),
    path("figures/", reports, name="reports"),
    path("targets/", targets, name="targets"),
    path("export/<slug:table>.xlsx", export_table, name="export_table"),
]
