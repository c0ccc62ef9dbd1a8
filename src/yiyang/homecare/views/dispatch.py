"""The provider's dispatch board: the day plan (issue 9: timeline, map, lock, move, re-optimise,
accept, re-plan; `dayplan.py`), the day's unassigned orders with who may take each and why not,
the caregivers' day and their start place and shift, and manual assignment (issue 5)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiyang.core.errors import DomainError
from yiyang.homecare import services
from yiyang.homecare.choices import OrderStatus, TravelMode
from yiyang.homecare.models import DayPlan
from yiyang.homecare.views.common import day_of, orders_for, provider_of
from yiyang.homecare.views.dayplan import plan_view
from yiyang.workforce.models import Caregiver
from yiyang.workforce.reasons import describe


@login_required
def dispatch_board(request):
    provider = provider_of(request.user)
    day = day_of(request)
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
        .select_related("employment")
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
        (
            caregiver,
            [o for o in orders if caregiver.pk in (o.caregiver_id, o.second_caregiver_id)],
        )
        for caregiver in caregivers
    ]
    plan = DayPlan.objects.visible_to(request.user).latest_for(provider.pk, day)
    accepted = DayPlan.objects.visible_to(request.user).filter(provider=provider, day=day)
    return render(
        request,
        "homecare/dispatch.html",
        {
            "provider": provider,
            "day": day,
            "unassigned": unassigned,
            "days": days,
            "travel_modes": TravelMode.choices,
            "caregivers": caregivers,
            "has_accepted": accepted.accepted().exists(),
            **(plan_view(plan, request.user) if plan else {}),
        },
    )


def _back(day: date) -> str:
    return reverse("homecare:dispatch_board") + f"?day={day.isoformat()}"


@login_required
@require_POST
def dispatch_assign(request, pk: int):
    provider = provider_of(request.user)
    order = get_object_or_404(orders_for(request.user).filter(provider=provider), pk=pk)
    caregivers = Caregiver.objects.visible_to(request.user)
    caregiver = get_object_or_404(caregivers, pk=request.POST.get("caregiver") or 0)
    second = None
    if request.POST.get("second_caregiver"):
        second = get_object_or_404(caregivers, pk=request.POST.get("second_caregiver"))
    try:
        services.assign_order(
            order, caregiver=caregiver, second_caregiver=second, actor=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Assigned."))
    return redirect(_back(timezone.localtime(order.planned_start).date()))


urlpatterns = [
    path("dispatch/", dispatch_board, name="dispatch_board"),
    path("dispatch/orders/<int:pk>/assign/", dispatch_assign, name="dispatch_assign"),
]
