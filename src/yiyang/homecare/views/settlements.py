"""Settlement pages: the months of a provider, preparing one, the bureau's approval, the
Excel statement."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiyang.core.errors import DomainError
from yiyang.homecare import services
from yiyang.homecare.exports import statement_workbook, yuan
from yiyang.homecare.models import Provider, Settlement, SettlementLine
from yiyang.homecare.views.common import require_page

VIEW = "homecare.view_provider"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _settlements(user):
    require_page(user, VIEW)
    return Settlement.objects.visible_to(user).select_related("provider")


def _settlement(user, pk: int) -> Settlement:
    lines = SettlementLine.objects.select_related(
        "order__elder", "order__item", "order__caregiver"
    ).order_by("order__checked_in_at", "pk")
    return get_object_or_404(
        _settlements(user).prefetch_related(Prefetch("lines", queryset=lines)), pk=pk
    )


@login_required
def settlement_list(request):
    rows = [(s, yuan(s.payable_fen)) for s in _settlements(request.user).order_by("-month", "pk")]
    membership = getattr(request.user, "provider_membership", None)
    return render(
        request,
        "homecare/settlement_list.html",
        {
            "rows": rows,
            "can_prepare": membership is not None
            and request.user.has_capability("homecare.prepare_settlement"),
        },
    )


@login_required
@require_POST
def settlement_prepare(request):
    require_page(request.user, "homecare.prepare_settlement")
    membership = getattr(request.user, "provider_membership", None)
    provider = get_object_or_404(
        Provider.objects.visible_to(request.user), pk=membership.provider_id if membership else 0
    )
    try:
        month = date.fromisoformat((request.POST.get("month") or "") + "-01")
        settlement = services.prepare_settlement(provider, month=month, actor=request.user)
    except ValueError:
        messages.error(request, _("Write the month as YYYY-MM."))
        return redirect("homecare:settlement_list")
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("homecare:settlement_list")
    messages.success(request, _("The month was prepared."))
    return redirect("homecare:settlement_detail", pk=settlement.pk)


@login_required
def settlement_detail(request, pk: int):
    settlement = _settlement(request.user, pk)
    lines = [
        (
            line,
            yuan(line.purchased_fen),
            yuan(line.copay_fen),
            yuan(line.payable_fen),
            yuan(line.voucher_fen) if line.voucher_program_id else "",
            yuan(line.beyond_balance_fen) if line.beyond_balance_fen else "",
            (line.voucher_minutes, yuan(line.hours_fen)) if line.hours_program_id else None,
        )
        for line in settlement.lines.all()
    ]
    return render(
        request,
        "homecare/settlement_detail.html",
        {
            "settlement": settlement,
            "lines": lines,
            "totals": (
                yuan(settlement.purchased_fen),
                yuan(settlement.copay_fen),
                yuan(settlement.payable_fen),
                yuan(settlement.voucher_fen),
            ),
            "hours_total": yuan(settlement.hours_fen),
            "can_approve": settlement.status == "draft"
            and request.user.has_capability("homecare.approve_settlement"),
        },
    )


@login_required
@require_POST
def settlement_approve(request, pk: int):
    settlement = _settlement(request.user, pk)
    try:
        services.approve_settlement(settlement, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The settlement was approved."))
    return redirect("homecare:settlement_detail", pk=pk)


@login_required
def settlement_statement(request, pk: int):
    settlement = _settlement(request.user, pk)
    response = HttpResponse(statement_workbook(settlement), content_type=XLSX)
    name = f"statement-{settlement.provider.credit_code}-{settlement.month:%Y-%m}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


urlpatterns = [
    path("settlements/", settlement_list, name="settlement_list"),
    path("settlements/prepare/", settlement_prepare, name="settlement_prepare"),
    path("settlements/<int:pk>/", settlement_detail, name="settlement_detail"),
    path("settlements/<int:pk>/approve/", settlement_approve, name="settlement_approve"),
    path("settlements/<int:pk>/statement/", settlement_statement, name="settlement_statement"),
]
