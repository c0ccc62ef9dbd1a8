"""Application endpoints, and one elder's entitlements, applications and ledger.

Applications and entitlements lie where the elder lives (their `visible_to`); the ledger where
each amount was paid (`LedgerEntry.objects.visible_to`).
"""

from itertools import groupby

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from yiyang.benefits import services
from yiyang.benefits.models import Application, Entitlement, LedgerEntry, Program
from yiyang.benefits.schemas.applications import (
    ApplicationDetailOut,
    ApplicationFilter,
    ApplicationIn,
    ApplicationOut,
    DecisionIn,
    ElderBenefitsOut,
    WithdrawIn,
)
from yiyang.core.scoping import get_for, require
from yiyang.registry.models import Elder

router = Router(tags=["benefit applications"])

VIEW = "benefits.view_application"


def _applications(user, capability: str = VIEW):
    require(user, capability)
    return Application.objects.visible_to(user, VIEW).select_related("elder", "program")


def _detail(user, pk: int, capability: str = VIEW) -> Application:
    queryset = _applications(user, capability).prefetch_related("steps__actor")
    return get_object_or_404(queryset, pk=pk)


@router.get(
    "/benefit-applications/", response=list[ApplicationOut], summary="List benefit applications"
)
@paginate(LimitOffsetPagination)
def list_applications(request, filters: Query[ApplicationFilter]):
    """Applications of elders living in the caller's region, newest first."""
    queryset = _applications(request.user)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.program is not None:
        queryset = queryset.filter(program_id=filters.program)
    if filters.level:
        queryset = queryset.filter(current_level=filters.level)
    return queryset


@router.post(
    "/benefit-applications/", response={201: ApplicationDetailOut}, summary="Apply for a benefit"
)
def apply_for_benefit(request, payload: ApplicationIn):
    require(request.user, "benefits.apply")
    elder = get_object_or_404(Elder.objects.visible_to(request.user), pk=payload.elder_pk)
    program = get_object_or_404(Program.objects.visible_to(request.user), pk=payload.program_pk)
    application = services.apply_for_benefit(
        elder,
        program=program,
        applicant_kind=payload.applicant_kind,
        applicant_name=payload.applicant_name,
        applied_on=payload.applied_on,
        note=payload.note,
        actor=request.user,
    )
    return Status(201, _detail(request.user, application.pk))


@router.get(
    "/benefit-applications/{int:pk}",
    response=ApplicationDetailOut,
    summary="One application with its steps",
)
def get_application(request, pk: int):
    return _detail(request.user, pk)


@router.post(
    "/benefit-applications/{int:pk}/decide",
    response=ApplicationDetailOut,
    summary="Approve or refuse the current step",
)
def decide_application(request, pk: int, payload: DecisionIn):
    application = _detail(request.user, pk, "benefits.decide_application")
    services.decide_application(
        application, approve=payload.approve, reason=payload.reason, actor=request.user
    )
    return _detail(request.user, pk)


@router.post(
    "/benefit-applications/{int:pk}/withdraw",
    response=ApplicationDetailOut,
    summary="Withdraw an application under review",
)
def withdraw_application(request, pk: int, payload: WithdrawIn):
    application = _detail(request.user, pk, "benefits.apply")
    services.withdraw_application(application, reason=payload.reason, actor=request.user)
    return _detail(request.user, pk)


def _ledger(entries: list[LedgerEntry]) -> list[dict]:
    """Group the entries (ordered by programme and month) per programme, then per month."""
    programs = []
    for _program_pk, by_program in groupby(entries, key=lambda e: e.program_id):
        lines = list(by_program)
        months = [
            {
                "month": f"{month:%Y-%m}",
                "total_fen": sum(line.amount_fen for line in month_lines),
                "total_minutes": sum(line.minutes for line in month_lines),
                "entries": [
                    {
                        "pk": line.pk,
                        "kind": line.kind,
                        "amount_fen": line.amount_fen,
                        "minutes": line.minutes,
                        "run_pk": line.run_id,
                        "note": line.note,
                        "created_at": line.created_at,
                    }
                    for line in month_lines
                ],
            }
            for month, month_lines in (
                (month, list(group))
                for month, group in groupby(lines, key=lambda e: e.period_month)
            )
        ]
        programs.append(
            {
                "program_pk": lines[0].program_id,
                "program_name": lines[0].program.name,
                "unit": lines[0].program.unit,
                "total_fen": sum(line.amount_fen for line in lines),
                "total_minutes": sum(line.minutes for line in lines),
                "months": months,
            }
        )
    return programs


@router.get(
    "/elders/{int:pk}/entitlements",
    response=ElderBenefitsOut,
    summary="An elder's entitlements, applications under review and ledger",
)
def elder_entitlements(request, pk: int):
    require(request.user, VIEW)
    elder = get_for(request.user, Elder, pk)
    user = request.user
    entitlements = (
        Entitlement.objects.visible_to(user)
        .filter(elder=elder)
        .select_related("program")
        .order_by("program_id", "-start_month", "pk")
    )
    pending = _applications(user).filter(elder=elder).pending()
    entries = (
        LedgerEntry.objects.visible_to(user)
        .filter(elder=elder)
        .select_related("program")
        .order_by("program_id", "period_month", "pk")
    )
    return {
        "elder_pk": elder.pk,
        "entitlements": list(entitlements),
        "pending_applications": list(pending),
        "ledger": _ledger(list(entries)),
    }
