"""Catalogue, provider and caregiver endpoints."""

from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.pagination import LimitOffsetPagination, paginate

from yiyang.core.scoping import require
from yiyang.homecare.models import Provider, ServiceItem
from yiyang.homecare.schemas import CaregiverOut, ProviderOut, ServiceItemOut
from yiyang.workforce.models import Caregiver

router = Router(tags=["home services"])


@router.get("/service-items/", response=list[ServiceItemOut], summary="The service catalogue")
def list_service_items(request):
    """The city's catalogue (no personal data): everyone who sees providers may read it."""
    require(request.user, "homecare.view_provider")
    return list(ServiceItem.objects.filter(is_active=True))


@router.get("/providers/", response=list[ProviderOut], summary="List providers")
@paginate(LimitOffsetPagination)
def list_providers(request):
    require(request.user, "homecare.view_provider")
    return Provider.objects.visible_to(request.user).order_by("name", "pk")


@router.get("/providers/{int:pk}", response=ProviderOut, summary="One provider")
def get_provider(request, pk: int):
    require(request.user, "homecare.view_provider")
    return get_object_or_404(Provider.objects.visible_to(request.user), pk=pk)


@router.get("/caregivers/", response=list[CaregiverOut], summary="List caregivers")
@paginate(LimitOffsetPagination)
def list_caregivers(request):
    require(request.user, "workforce.view_caregiver")
    return (
        Caregiver.objects.visible_to(request.user)
        .prefetch_related("certificates")
        .order_by("name", "pk")
    )


@router.get("/caregivers/{int:pk}", response=CaregiverOut, summary="One caregiver")
def get_caregiver(request, pk: int):
    require(request.user, "workforce.view_caregiver")
    queryset = Caregiver.objects.visible_to(request.user).prefetch_related("certificates")
    return get_object_or_404(queryset, pk=pk)
