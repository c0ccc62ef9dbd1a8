"""Statistics endpoints under /api/v1/: indicators, targets, monthly values, manual reports.

Indicators are shared definitions; targets, values and reports pass through `visible_to`, so a
street sees its own region and those under it (and the targets that bind it from above).
"""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from yiyang.core.models import Region
from yiyang.core.scoping import can_reach, require
from yiyang.stats import services
from yiyang.stats.errors import ErrorCode, StatsError
from yiyang.stats.formulas import parse_month
from yiyang.stats.models import VIEW, Indicator, IndicatorSnapshot, Target
from yiyang.stats.schemas import (
    IndicatorOut,
    IndicatorValueOut,
    ManualReportIn,
    ManualReportOut,
    TargetOut,
)

router = Router(tags=["statistics"])


def _month(text: str, field: str = "month") -> date:
    try:
        return parse_month(text)
    except ValueError:
        raise StatsError(
            ErrorCode.MONTH_INVALID, _("Write the month as YYYY-MM, e.g. 2026-06."), field=field
        ) from None


@router.get("/indicators/", response=list[IndicatorOut], summary="List indicators")
@paginate(LimitOffsetPagination)
def list_indicators(request):
    """Every indicator in use, with its definition and whether the platform computes it."""
    require(request.user, VIEW)
    return Indicator.objects.active().order_by("position", "code")


@router.get("/indicator-targets/", response=list[TargetOut], summary="List targets")
@paginate(LimitOffsetPagination)
def list_targets(request, year: int | None = None):
    """Targets binding the caller's region (the default set and those above) and below it."""
    require(request.user, VIEW)
    queryset = Target.objects.visible_to(request.user).select_related("indicator")
    if year is not None:
        queryset = queryset.filter(year=year)
    return queryset.order_by("indicator__position", "year", "region_id", "pk")


@router.get(
    "/indicator-values/",
    response=list[IndicatorValueOut],
    summary="Indicator values of a region (and the regions under it) for a month",
)
@paginate(LimitOffsetPagination)
def list_values(request, month: str, region: str | None = None, children: bool = False):
    """The kept monthly figures (snapshots) of a region, or of the regions directly under it."""
    require(request.user, VIEW)
    code = region or request.user.region_id or ""
    if not can_reach(request.user, code, VIEW):
        raise StatsError(ErrorCode.REGION_INVALID, _("You cannot see this region."), field="region")
    queryset = IndicatorSnapshot.objects.visible_to(request.user).filter(month=_month(month))
    if children:
        queryset = queryset.filter(region__parent_id=code)
    else:
        queryset = queryset.filter(region_id=code)
    return queryset.select_related("indicator").order_by("indicator__position", "region_id")


@router.post(
    "/manual-reports/",
    response={201: ManualReportOut},
    summary="Report a figure the platform cannot compute (with its source)",
)
def report_figure(request, payload: ManualReportIn):
    require(request.user, services.REPORT)
    indicator = get_object_or_404(Indicator.objects.active(), code=payload.indicator)
    region = get_object_or_404(Region.objects.visible_to(request.user), code=payload.region_code)
    report = services.report_figure(
        indicator,
        region=region,
        month=_month(payload.month),
        value=payload.value,
        numerator=payload.numerator,
        denominator=payload.denominator,
        source=payload.source,
        actor=request.user,
    )
    return Status(201, report)
