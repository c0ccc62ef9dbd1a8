"""Care-plan endpoints: standing orders that generate the day's orders."""

from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from yiyang.core.scoping import require
from yiyang.homecare import services
from yiyang.homecare.models import CarePlan, Provider
from yiyang.homecare.schemas import CarePlanIn, CarePlanOut
from yiyang.registry.models import Elder

router = Router(tags=["care plans"])


@router.get("/care-plans/", response=list[CarePlanOut], summary="List care plans")
@paginate(LimitOffsetPagination)
def list_care_plans(request):
    require(request.user, "homecare.view_serviceorder")
    return (
        CarePlan.objects.visible_to(request.user)
        .select_related("elder", "item")
        .order_by("elder__name", "pk")
    )


@router.post("/care-plans/", response={201: CarePlanOut}, summary="Record a care plan")
def create_care_plan(request, payload: CarePlanIn):
    require(request.user, "homecare.request_order")
    elder = get_object_or_404(Elder.objects.visible_to(request.user), pk=payload.elder_pk)
    provider = get_object_or_404(Provider.objects.visible_to(request.user), pk=payload.provider_pk)
    plan = services.create_care_plan(
        elder,
        provider=provider,
        data=services.PlanData(
            item_code=payload.item_code,
            weekdays=payload.weekdays,
            start_time=payload.start_time,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            planned_minutes=payload.planned_minutes,
            needs_note=payload.needs_note,
        ),
        actor=request.user,
    )
    return Status(201, plan)
