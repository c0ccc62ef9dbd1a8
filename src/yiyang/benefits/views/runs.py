"""Benefit pages: payment runs: list, compute a month, one run with its totals, its differences
from last month and its supervision findings, the steps (submit, approve, cancel), and the
bank disbursement file.

A run is seen by staff of its region or above (`PaymentRun.objects.visible_to`); its rows and
findings through their own `visible_to`. The services check every capability again.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiyang.benefits import exports, services
from yiyang.benefits.choices import CheckCode, FindingStatus, Reason, RowChange, RunStatus
from yiyang.benefits.forms import ComputeForm, ReasonForm, ReviewForm, RowFilterForm
from yiyang.benefits.models import Finding, PaymentRow, PaymentRun
from yiyang.benefits.views.programs import yuan
from yiyang.core.errors import DomainError, PermissionDeniedError
from yiyang.core.forms import show_domain_error

VIEW = "benefits.view_paymentrun"
PAGE_SIZE = 50
# The lists of the detail page: what changed from last month ("continued" rows are unchanged).
CHANGE_TABS = [RowChange.NEW, RowChange.STOPPED, RowChange.CHANGED, RowChange.RECOVERY]
STATUS_BADGES = {
    RunStatus.COMPUTED: "text-bg-info",
    RunStatus.SUBMITTED: "text-bg-warning",
    RunStatus.APPROVED: "text-bg-success",
    RunStatus.CANCELLED: "text-bg-light border",
}


def _require(user, capability: str) -> None:
    if not user.has_capability(capability):
        raise PermissionDenied


def _runs(user):
    _require(user, VIEW)
    return PaymentRun.objects.visible_to(user).select_related("program", "region", "version")


def _run(request, pk: int, capability: str = VIEW) -> PaymentRun:
    """One run the user may see (404 otherwise), then the capability (403 otherwise)."""
    run = get_object_or_404(
        _runs(request.user).select_related("computed_by", "submitted_by", "approved_by"), pk=pk
    )
    _require(request.user, capability)
    return run


def amount_text(program, value: int) -> str:
    """A run's figure in its programme's unit: yuan, or minutes of service time."""
    if program.is_time:
        return _("{minutes} min").format(minutes=f"{value:,}")
    return yuan(value)


def _totals(run: PaymentRun) -> list[tuple[str, str, str]]:
    if run.program.is_time:
        # A service-time programme credits minutes; nothing goes to a bank.
        labels = [
            _("This month (minutes)"),
            _("Arrears (minutes)"),
            _("To recover (minutes)"),
            _("Held (minutes)"),
            _("Total credited (minutes)"),
        ]
    else:
        labels = [
            _("This month (yuan)"),
            _("Arrears (yuan)"),
            _("To recover (yuan)"),
            _("Held (yuan)"),
            _("Total to the bank (yuan)"),
        ]
    values = [run.amount_fen, run.arrears_fen, run.recovery_fen, run.held_fen, run.total_fen]
    text = yuan if not run.program.is_time else (lambda value: f"{value:,}")
    return [
        ("paid", _("Elders paid"), f"{run.paid_count:,}"),
        *(
            (key, label, text(value))
            for key, label, value in zip(
                ("amount", "arrears", "recovery", "held", "total"), labels, values, strict=True
            )
        ),
    ]


def _row_view(row: PaymentRow, reasons: dict[str, str], program) -> dict:
    def text(value: int) -> str:
        return amount_text(program, value)

    return {
        "row": row,
        "previous": text(row.previous_fen),
        "amount": text(row.amount_fen),
        "arrears": text(row.arrears_fen) if row.arrears_fen else "",
        "arrears_months": "、".join(line["month"][:7] for line in row.arrears_detail or []),
        "recovery": text(row.recovery_fen) if row.recovery_fen else "",
        "recovery_months": "、".join(line["month"][:7] for line in row.recovery_detail or []),
        "reason": reasons.get(row.reason, row.reason),
    }


@login_required
def run_list(request):
    status = request.GET.get("status", "")
    queryset = _runs(request.user).order_by("-month", "program__code", "region_id", "pk")
    if status in RunStatus.values:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(run, amount_text(run.program, run.total_fen)) for run in page.object_list]
    return render(
        request,
        "benefits/runs/list.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "statuses": RunStatus.choices,
            "filter_query": f"status={status}" if status else "",
            "badges": STATUS_BADGES,
        },
    )


@login_required
def run_compute(request):
    """Compute (or compute again) one month of a programme for the user's region or below."""
    _require(request.user, "benefits.compute_run")
    form = ComputeForm(
        request.POST or None,
        user=request.user,
        initial={"month": timezone.localdate().replace(day=1), "region": request.user.region_id},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = services.compute_run(
                data["program"], region=data["region"], month=data["month"], actor=request.user
            )
        except PermissionDeniedError:
            raise PermissionDenied from None
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The month was computed."))
            return redirect("benefits:run_detail", pk=run.pk)
    return render(request, "benefits/runs/compute.html", {"form": form})


@login_required
def run_detail(request, pk: int):
    run = _run(request, pk)
    return _detail(request, run)


def _detail(request, run: PaymentRun, *, cancel_form=None, review_errors=None, status=200):
    user = request.user
    reasons = {value: str(label) for value, label in Reason.choices}
    rows = PaymentRow.objects.visible_to(user).filter(run=run)
    filters = RowFilterForm(request.GET or None)
    change = ""
    if filters.is_valid():
        change = filters.cleaned_data["change"]
    listed = rows.filter(change=change) if change else rows.exclude(change=RowChange.CONTINUED)
    page = Paginator(
        listed.select_related("elder").order_by("change", "region_code", "elder__name", "pk"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    findings = list(
        Finding.objects.visible_to(user)
        .filter(run=run)
        .select_related("row__elder", "reviewed_by")
        .order_by("status", "check_code", "row_id", "pk")
    )
    checks = dict(CheckCode.choices)
    counts = run.change_counts or {}
    previous = (
        PaymentRun.objects.visible_to(user)
        .live()
        .filter(program_id=run.program_id, region_id=run.region_id, month__lt=run.month)
        .order_by("-month")
        .first()
    )
    open_count = sum(1 for finding in findings if finding.status == FindingStatus.OPEN)
    is_open = run.status in (RunStatus.COMPUTED, RunStatus.SUBMITTED)
    context = {
        "run": run,
        "totals": _totals(run),
        "previous": previous,
        "previous_total": amount_text(run.program, previous.total_fen) if previous else "",
        "tabs": [(value, RowChange(value).label, counts.get(value, 0)) for value in CHANGE_TABS],
        "continued": counts.get(RowChange.CONTINUED, 0),
        "change": change,
        "page": page,
        "rows": [_row_view(row, reasons, run.program) for row in page.object_list],
        "filter_query": f"change={change}" if change else "",
        "findings": [
            (finding, checks.get(finding.check_code, finding.check_code), review_errors or {})
            for finding in findings
        ],
        "open_count": open_count,
        "badges": STATUS_BADGES,
        "may_compute": is_open and user.has_capability("benefits.compute_run"),
        "may_review": is_open and user.has_capability("benefits.review_finding"),
        "may_submit": run.status == RunStatus.COMPUTED
        and user.has_capability("benefits.compute_run"),
        "may_approve": run.status == RunStatus.SUBMITTED
        and user.has_capability("benefits.approve_run"),
        "is_submitter": run.submitted_by_id == user.pk,
        "may_export": run.status == RunStatus.APPROVED
        and not run.program.is_time
        and user.has_capability(exports.EXPORT_CAPABILITY),
        "cancel_form": cancel_form or ReasonForm(),
    }
    return render(request, "benefits/runs/detail.html", context, status=status)


def _step(request, run: PaymentRun, action, done: str):
    try:
        action()
    except PermissionDeniedError:
        raise PermissionDenied from None
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("benefits:run_detail", pk=run.pk)


@login_required
@require_POST
def run_recompute(request, pk: int):
    run = _run(request, pk, "benefits.compute_run")
    return _step(
        request,
        run,
        lambda: services.compute_run(
            run.program, region=run.region, month=run.month, actor=request.user
        ),
        _("The month was computed again."),
    )


@login_required
@require_POST
def run_submit(request, pk: int):
    run = _run(request, pk, "benefits.compute_run")
    return _step(
        request,
        run,
        lambda: services.submit_run(run, actor=request.user),
        _("Submitted: a second person approves it."),
    )


@login_required
@require_POST
def run_approve(request, pk: int):
    run = _run(request, pk, "benefits.approve_run")
    return _step(
        request,
        run,
        lambda: services.approve_run(run, actor=request.user),
        _("Approved: the payments are in the ledger and the bank file can be downloaded."),
    )


@login_required
@require_POST
def run_cancel(request, pk: int):
    run = _run(request, pk, "benefits.compute_run")
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.cancel_run(run, reason=form.cleaned_data["reason"], actor=request.user)
        except PermissionDeniedError:
            raise PermissionDenied from None
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The run was cancelled."))
            return redirect("benefits:run_detail", pk=run.pk)
    return _detail(request, run, cancel_form=form, status=422)


@login_required
@require_POST
def finding_review(request, pk: int):
    """Hold the payment a finding concerns, or confirm it with a note saying why it is right."""
    finding = get_object_or_404(
        Finding.objects.visible_to(request.user).select_related("run", "row"), pk=pk
    )
    _require(request.user, "benefits.review_finding")
    run = get_object_or_404(_runs(request.user), pk=finding.run_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to hold or confirm the payment."))
        return redirect("benefits:run_detail", pk=run.pk)
    hold = form.cleaned_data["action"] == "hold"
    try:
        services.review_finding(
            finding, hold=hold, note=form.cleaned_data["note"], actor=request.user
        )
    except PermissionDeniedError:
        raise PermissionDenied from None
    except DomainError as error:
        return _detail(request, run, review_errors={finding.pk: error.message}, status=422)
    messages.success(
        request,
        _("Payment held.") if hold else _("Payment confirmed."),
    )
    return redirect(reverse("benefits:run_detail", kwargs={"pk": run.pk}) + "#findings")


@login_required
def run_bank_file(request, pk: int):
    """The bank disbursement file of an approved run (.xlsx, or CSV with `?format=csv`)."""
    run = _run(request, pk, exports.EXPORT_CAPABILITY)
    if run.status != RunStatus.APPROVED or run.program.is_time:
        # A service-time programme pays nobody's bank account: it has no bank file.
        raise Http404
    if request.GET.get("format") == "csv":
        response = HttpResponse(
            exports.write_bank_csv(run, request.user), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f"attachment; filename*=UTF-8''{quote(exports.file_name(run, 'csv'))}"
        )
        return response
    target = exports.write_bank_xlsx(run, request.user)
    return FileResponse(
        target,
        as_attachment=True,
        filename=exports.file_name(run, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


urlpatterns = [
    path("runs/", run_list, name="run_list"),
    path("runs/compute/", run_compute, name="run_compute"),
    path("runs/<int:pk>/", run_detail, name="run_detail"),
    path("runs/<int:pk>/compute/", run_recompute, name="run_recompute"),
    path("runs/<int:pk>/submit/", run_submit, name="run_submit"),
    path("runs/<int:pk>/approve/", run_approve, name="run_approve"),
    path("runs/<int:pk>/cancel/", run_cancel, name="run_cancel"),
    path("runs/<int:pk>/bank-file/", run_bank_file, name="run_bank_file"),
    path("findings/<int:pk>/review/", finding_review, name="finding_review"),
]
