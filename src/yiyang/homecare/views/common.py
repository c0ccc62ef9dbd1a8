"""What the home-service pages share: the capability check and the scoped order queries."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from yiyang.homecare.models import OrderEvent, ServiceOrder

VIEW = "homecare.view_serviceorder"


def require_page(user, capability: str) -> None:
    if not user.has_capability(capability):
        raise PermissionDenied


def orders_for(user):
    require_page(user, VIEW)
    return ServiceOrder.objects.visible_to(user).select_related(
        "elder", "provider", "item", "caregiver"
    )


def order_for(user, pk: int) -> ServiceOrder:
    """One order the user may see (404 otherwise), with its timeline and flags."""
    queryset = orders_for(user).prefetch_related(
        Prefetch("events", queryset=OrderEvent.objects.select_related("actor")), "flags"
    )
    return get_object_or_404(queryset, pk=pk)


def map_link(order: ServiceOrder) -> str:
    """A link that opens the phone's map app at the home (geo: URI, no external tiles)."""
    if order.home_latitude is None or order.home_longitude is None:
        return ""
    return f"geo:{order.home_latitude},{order.home_longitude}"
