"""Settlement endpoints: the provider prepares a month, the bureau approves, both download."""

from urllib.parse import quote

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from yiyang.core.scoping import require
from yiyang.homecare import services
from yiyang.homecare.exports import statement_workbook
from yiyang.homecare.models import Provider, Settlement, SettlementLine
from yiyang.homecare.schemas import SettlementDetailOut, SettlementIn, SettlementOut

router = Router(tags=["settlements"])

VIEW = "homecare.view_provider"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _settlements(user):
    require(user, VIEW)
    return Settlement.objects.visible_to(user).select_related("provider")


def _detail(user, pk: int) -> Settlement:
    lines = SettlementLine.objects.select_related("order__elder", "order__item").order_by(
        "order__checked_in_at", "pk"
    )
    queryset = _settlements(user).prefetch_related(Prefetch("lines", queryset=lines))
    return get_object_or_404(queryset, pk=pk)


@router.get("/settlements/", response=list[SettlementOut], summary="List settlements")
@paginate(LimitOffsetPagination)
def list_settlements(request):
    return _settlements(request.user).order_by("-month", "provider__name", "pk")


@router.post("/settlements/", response={201: SettlementDetailOut}, summary="Prepare a month")
def prepare_settlement(request, payload: SettlementIn):
    require(request.user, "homecare.prepare_settlement")
    provider = get_object_or_404(Provider.objects.visible_to(request.user), pk=payload.provider_pk)
    settlement = services.prepare_settlement(provider, month=payload.month, actor=request.user)
    return Status(201, _detail(request.user, settlement.pk))


@router.get("/settlements/{int:pk}", response=SettlementDetailOut, summary="One settlement")
def get_settlement(request, pk: int):
    return _detail(request.user, pk)


@router.post(
    "/settlements/{int:pk}/approve", response=SettlementDetailOut, summary="Approve (bureau)"
)
def approve_settlement(request, pk: int):
    services.approve_settlement(_detail(request.user, pk), actor=request.user)
    return _detail(request.user, pk)


@router.get("/settlements/{int:pk}/statement", summary="The statement as Excel")
def settlement_statement(request, pk: int):
    settlement = _detail(request.user, pk)
    response = HttpResponse(statement_workbook(settlement), content_type=XLSX)
    name = f"statement-{settlement.provider.credit_code}-{settlement.month:%Y-%m}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
