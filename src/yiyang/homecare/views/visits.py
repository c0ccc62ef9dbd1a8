"""The caregiver's phone page: today's visits in order, with address, map link, needs and risks,
big check-in and check-out buttons and a note; usable one-handed (issue 5)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiyang.core.errors import DomainError
from yiyang.homecare import services
from yiyang.homecare.choices import OrderStatus
from yiyang.homecare.models import DayPlan
from yiyang.homecare.planning import minute_of
from yiyang.homecare.services import partner as partner_steps
from yiyang.homecare.services.common import is_second_caregiver
from yiyang.homecare.views.common import map_link, order_for, orders_for, require_page
from yiyang.scheduling.dayplan import clock

PERFORM = "homecare.perform_visit"


@login_required
def today(request):
    require_page(request.user, PERFORM)
    day = timezone.localdate()
    visits = list(
        orders_for(request.user)
        .for_caregiver(request.user)
        .on_day(day)
        .exclude(status__in=[OrderStatus.CANCELLED, OrderStatus.REFUSED])
        .order_by("planned_start", "pk")
    )
    # The accepted day plan (issue 9) gives the order of her round and when she is expected.
    planned: dict[int, tuple[int, int]] = {}
    for plan in DayPlan.objects.visible_to(request.user).accepted().filter(day=day):
        planned.update(plan.starts())
    visits.sort(key=lambda v: planned[v.pk][1] if v.pk in planned else minute_of(v.planned_start))
    return render(
        request,
        "homecare/today.html",
        {
            "day": day,
            "visits": [
                (
                    visit,
                    map_link(visit),
                    clock(planned[visit.pk][1]) if visit.pk in planned else "",
                    *_her_part(visit, request.user),
                )
                for visit in visits
            ],
        },
    )


def _her_part(visit, user) -> tuple[str, str, str]:
    """(her partner's name on a two-person visit, or ""; the step her button takes: "check_in",
    "check_out", "second_check_out" (no note: the visit's record is the first caregiver's) or
    ""; the status she sees). The second caregiver's buttons and status follow her own times,
    not the order's status, which is the first caregiver's."""
    if is_second_caregiver(user, visit):
        partner = visit.caregiver.name if visit.caregiver else ""
        if visit.second_checked_out_at is not None:
            return partner, "", str(OrderStatus.CHECKED_OUT.label)
        if visit.second_checked_in_at is not None:
            step = "second_check_out" if visit.status in partner_steps.CHECK_OUT_FROM else ""
            return partner, step, str(OrderStatus.CHECKED_IN.label)
        step = "check_in" if visit.status in partner_steps.CHECK_IN_FROM else ""
        return partner, step, visit.get_status_display()
    partner = visit.second_caregiver.name if visit.second_caregiver else ""
    steps = {OrderStatus.ASSIGNED: "check_in", OrderStatus.CHECKED_IN: "check_out"}
    return partner, steps.get(visit.status, ""), visit.get_status_display()


def _location(request) -> tuple[str | None, str | None]:
    return request.POST.get("latitude") or None, request.POST.get("longitude") or None


@login_required
@require_POST
def visit_check_in(request, pk: int):
    order = order_for(request.user, pk)
    latitude, longitude = _location(request)
    try:
        services.check_in(order, latitude=latitude, longitude=longitude, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Checked in."))
    return redirect("homecare:today")


@login_required
@require_POST
def visit_check_out(request, pk: int):
    order = order_for(request.user, pk)
    latitude, longitude = _location(request)
    try:
        services.check_out(
            order,
            latitude=latitude,
            longitude=longitude,
            note=request.POST.get("note", ""),
            duration_reason=request.POST.get("duration_reason", ""),
            actor=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Checked out."))
    return redirect("homecare:today")


urlpatterns = [
    path("today/", today, name="today"),
    path("visits/<int:pk>/check-in/", visit_check_in, name="visit_check_in"),
    path("visits/<int:pk>/check-out/", visit_check_out, name="visit_check_out"),
]
