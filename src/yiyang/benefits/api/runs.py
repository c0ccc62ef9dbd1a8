"""Payment run endpoints: list, compute (again), one run, its rows and findings, the steps.

A run is seen by staff of its region or above (`PaymentRun.objects.visible_to`); its rows and
findings through their own `visible_to`, by the community each row was paid in.
"""

import re
from datetime import date

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from yiyang.benefits import services
from yiyang.benefits.errors import BenefitsError, ErrorCode
from yiyang.benefits.models import Finding, PaymentRow, PaymentRun, Program
from yiyang.benefits.schemas.runs import (
    CancelIn,
    FindingOut,
    PaymentRowFilter,
    PaymentRowOut,
    PaymentRunDetailOut,
    PaymentRunFilter,
    PaymentRunIn,
    PaymentRunOut,
    ReviewIn,
)
from yiyang.core.models import Region
from yiyang.core.scoping import require

router = Router(tags=["payment runs"])

VIEW = "benefits.view_paymentrun"
MONTH = re.compile(r"(\d{4})-(\d{2})")


def parse_month(value: str, field: str = "month") -> date:
    """Read "YYYY-MM" as the month's first day, or refuse naming the field."""
    match = MONTH.fullmatch(value.strip())
    if match is None or not 1 <= int(match[2]) <= 12:
        raise BenefitsError(
            ErrorCode.MONTH_INVALID,
            _("“{value}” is not a month; write it as YYYY-MM.").format(value=value),
            field=field,
        )
    return date(int(match[1]), int(match[2]), 1)


def _runs(user, capability: str = VIEW):
    require(user, capability)
    return PaymentRun.objects.visible_to(user, VIEW).select_related("program", "region", "version")


def _detail(user, pk: int, capability: str = VIEW) -> PaymentRun:
    queryset = (
        _runs(user, capability)
        .select_related("computed_by", "submitted_by", "approved_by")
        .annotate(
            findings_count=Count("findings"),
            open_findings_count=Count("findings", filter=Q(findings__status="open")),
        )
    )
    return get_object_or_404(queryset, pk=pk)


@router.get("/payment-runs/", response=list[PaymentRunOut], summary="List payment runs")
@paginate(LimitOffsetPagination)
def list_runs(request, filters: Query[PaymentRunFilter]):
    """Runs of the caller's region and the regions under it, newest month first."""
    queryset = _runs(request.user)
    if filters.program is not None:
        queryset = queryset.filter(program_id=filters.program)
    if filters.month:
        queryset = queryset.filter(month=parse_month(filters.month))
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    return queryset.order_by("-month", "program_id", "region_id", "pk")


@router.post(
    "/payment-runs/",
    response={200: PaymentRunDetailOut, 201: PaymentRunDetailOut},
    summary="Compute (or compute again) one month of a programme for a region",
)
def compute_run(request, payload: PaymentRunIn):
    """201 when the month's run is new, 200 when an open run was computed again."""
    user = request.user
    require(user, "benefits.compute_run")
    month = parse_month(payload.month)
    program = get_object_or_404(Program.objects.visible_to(user), pk=payload.program_pk)
    region = get_object_or_404(Region.objects.visible_to(user), code=payload.region_code)
    existed = (
        PaymentRun.objects.visible_to(user, "benefits.compute_run")
        .live()
        .filter(program=program, region=region, month=month)
        .exists()
    )
    run = services.compute_run(program, region=region, month=month, actor=user)
    return Status(200 if existed else 201, _detail(user, run.pk))


@router.get("/payment-runs/{int:pk}", response=PaymentRunDetailOut, summary="One payment run")
def get_run(request, pk: int):
    """Totals, changes from last month and how many findings (and how many still open)."""
    return _detail(request.user, pk)


@router.get(
    "/payment-runs/{int:pk}/rows",
    response=list[PaymentRowOut],
    summary="The rows of a payment run (identity numbers masked)",
)
@paginate(LimitOffsetPagination)
def list_rows(request, pk: int, filters: Query[PaymentRowFilter]):
    run = get_object_or_404(_runs(request.user), pk=pk)
    queryset = (
        PaymentRow.objects.visible_to(request.user)
        .filter(run=run)
        .select_related("elder")
        .order_by("region_code", "elder_id", "pk")
    )
    if filters.change:
        queryset = queryset.filter(change=filters.change)
    return queryset


@router.get(
    "/payment-runs/{int:pk}/findings",
    response=list[FindingOut],
    summary="The fund-supervision findings of a payment run",
)
@paginate(LimitOffsetPagination)
def list_findings(request, pk: int):
    run = get_object_or_404(_runs(request.user), pk=pk)
    return (
        Finding.objects.visible_to(request.user)
        .filter(run=run)
        .select_related("row__elder", "reviewed_by")
        .order_by("check_code", "row_id", "pk")
    )


@router.post(
    "/payment-runs/{int:pk}/submit", response=PaymentRunDetailOut, summary="Submit for approval"
)
def submit_run(request, pk: int):
    run = _detail(request.user, pk, "benefits.compute_run")
    services.submit_run(run, actor=request.user)
    return _detail(request.user, pk)


@router.post(
    "/payment-runs/{int:pk}/approve",
    response=PaymentRunDetailOut,
    summary="Approve a submitted run into the ledger (a second person)",
)
def approve_run(request, pk: int):
    run = _detail(request.user, pk, "benefits.approve_run")
    services.approve_run(run, actor=request.user)
    return _detail(request.user, pk)


@router.post("/payment-runs/{int:pk}/cancel", response=PaymentRunDetailOut, summary="Cancel a run")
def cancel_run(request, pk: int, payload: CancelIn):
    run = _detail(request.user, pk, "benefits.compute_run")
    services.cancel_run(run, reason=payload.reason, actor=request.user)
    return _detail(request.user, pk)


@router.post(
    "/payment-run-findings/{int:pk}/review",
    response=FindingOut,
    summary="Hold the payment a finding concerns, or confirm it with a note",
)
def review_finding(request, pk: int, payload: ReviewIn):
    require(request.user, "benefits.review_finding")
    queryset = Finding.objects.visible_to(request.user).select_related("run", "row__elder")
    finding = get_object_or_404(queryset, pk=pk)
    services.review_finding(finding, hold=payload.hold, note=payload.note, actor=request.user)
    return get_object_or_404(queryset.select_related("reviewed_by"), pk=pk)
