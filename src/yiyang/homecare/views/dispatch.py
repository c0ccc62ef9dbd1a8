"""The provider's dispatch board: the day's unassigned orders with who may take each and why
not, the caregivers' day, manual assignment and a greedy "assign all" (issue 5)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiyang.core.errors import DomainError
from yiyang.homecare import services
from yiyang.homecare.choices import OrderStatus
from yiyang.homecare.models import Provider
from yiyang.homecare.views.common import orders_for, require_page
from yiyang.workforce.models import Caregiver
from yiyang.workforce.reasons import describe

DISPATCH = "homecare.dispatch_order"


def _provider(user) -> Provider:
    """The provider the staff member works for (dispatch is a provider's own work)."""
    require_page(user, DISPATCH)
    membership = getattr(user, "provider_membership", None)
    if membership is None:
        raise PermissionDenied
    return get_object_or_404(Provider.objects.visible_to(user), pk=membership.provider_id)


def _day(request) -> date:
    try:
        return date.fromisoformat(request.GET.get("day") or request.POST.get("day") or "")
    except ValueError:
        return timezone.localdate()


@login_required
def dispatch_board(request):
    provider = _provider(request.user)
    day = _day(request)
    orders = list(
        orders_for(request.user)
        .filter(provider=provider)
        .on_day(day)
        .exclude(status__in=[OrderStatus.CANCELLED, OrderStatus.REFUSED])
        .order_by("planned_start", "pk")
    )
    caregivers = list(
        Caregiver.objects.visible_to(request.user)
        .filter(employment__provider=provider)
        .prefetch_related("certificates")
        .order_by("name", "pk")
    )
    unassigned = []
    for order in orders:
        if order.status not in (OrderStatus.ACCEPTED, OrderStatus.REQUESTED):
            continue
        choices = []
        for caregiver in caregivers:
            reasons = services.qualification_reasons(caregiver, order.item, on=day)
            choices.append((caregiver, [describe(reason) for reason in reasons]))
        unassigned.append((order, choices))
    days = [
        (caregiver, [o for o in orders if o.caregiver_id == caregiver.pk])
        for caregiver in caregivers
    ]
    return render(
        request,
        "homecare/dispatch.html",
        {"provider": provider, "day": day, "unassigned": unassigned, "days": days},
    )


def _back(day: date) -> str:
    return reverse("homecare:dispatch_board") + f"?day={day.isoformat()}"


@login_required
@require_POST
def dispatch_assign(request, pk: int):
    provider = _provider(request.user)
    order = get_object_or_404(orders_for(request.user).filter(provider=provider), pk=pk)
    caregiver = get_object_or_404(
        Caregiver.objects.visible_to(request.user), pk=request.POST.get("caregiver") or 0
    )
    try:
        services.assign_order(order, caregiver=caregiver, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Assigned."))
    return redirect(_back(timezone.localtime(order.planned_start).date()))


@login_required
@require_POST
def dispatch_assign_all(request):
    provider = _provider(request.user)
    day = _day(request)
    proposals = services.assign_all(provider, day=day, actor=request.user)
    done = sum(1 for p in proposals if p.caregiver is not None)
    messages.success(
        request,
        _("{done} of {total} orders assigned.").format(done=done, total=len(proposals)),
    )
    return redirect(_back(day))


urlpatterns = [
    path("dispatch/", dispatch_board, name="dispatch_board"),
    path("dispatch/orders/<int:pk>/assign/", dispatch_assign, name="dispatch_assign"),
    path("dispatch/assign-all/", dispatch_assign_all, name="dispatch_assign_all"),
]
