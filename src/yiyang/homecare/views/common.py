"""What the home-service pages share: the capability check and the scoped order queries."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone

from yiyang.homecare.models import OrderEvent, Provider, ServiceOrder

VIEW = "homecare.view_serviceorder"


def require_page(user, capability: str) -> None:
    if not user.has_capability(capability):
        raise PermissionDenied


def orders_for(user):
    require_page(user, VIEW)
    return ServiceOrder.objects.visible_to(user).select_related(
        "elder", "provider", "item", "caregiver", "second_caregiver"
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


def provider_of(user) -> Provider:
    """The provider the staff member works for (dispatch is a provider's own work)."""
    require_page(user, "homecare.dispatch_order")
    membership = getattr(user, "provider_membership", None)
    if membership is None:
        raise PermissionDenied
    return get_object_or_404(Provider.objects.visible_to(user), pk=membership.provider_id)


def day_of(request) -> date:
    """The day the board shows (`day` of the query or form), today by default."""
    try:
        return date.fromisoformat(request.GET.get("day") or request.POST.get("day") or "")
    except ValueError:
        return timezone.localdate()
