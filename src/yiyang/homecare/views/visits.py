"""The caregiver's phone page: today's visits in order, with address, map link, needs and risks,
big check-in and check-out buttons and a note; usable one-handed (issue 5). Above them, what the
dispatcher changed in her round until she taps "知道了"; the open page asks for that every
`HOMECARE_NOTICE_POLL_SECONDS` while it is on screen (issue 9, docs/modules/homecare.md)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiyang.core.errors import DomainError
from yiyang.homecare import services
from yiyang.homecare.choices import OrderStatus
from yiyang.homecare.models import DayPlan, PlanNotice
from yiyang.homecare.planning import minute_of
from yiyang.homecare.round_changes import ADDED, REMOVED
from yiyang.homecare.services import partner as partner_steps
from yiyang.homecare.services.common import is_second_caregiver
from yiyang.homecare.views.common import map_link, order_for, orders_for, require_page
from yiyang.scheduling.dayplan import clock

PERFORM = "homecare.perform_visit"


@login_required
def today(request):
    require_page(request.user, PERFORM)
    return render(request, "homecare/today.html", _today_context(request.user))


@login_required
def today_changes(request):
    """What the open phone page asks every little while: nothing (204, no body) while her notices
    are as the page last saw them (`seen`), else her notices and visits afresh."""
    require_page(request.user, PERFORM)
    if request.GET.get("seen") == notice_version(request.user):
        return HttpResponse(status=204)
    return render(request, "homecare/partials/today_round.html", _today_context(request.user))


@login_required
@require_POST
def notice_acknowledge(request, pk: int):
    """ "知道了": the notice leaves her page (the part of the page, when HTMX asks)."""
    require_page(request.user, PERFORM)
    notice = get_object_or_404(PlanNotice.objects.visible_to(request.user), pk=pk)
    try:
        services.acknowledge_notice(notice, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    if request.headers.get("HX-Request"):
        return render(request, "homecare/partials/today_round.html", _today_context(request.user))
    return redirect("homecare:today")


def _mine(user):
    return PlanNotice.objects.visible_to(user).filter(caregiver__user=user)


def notice_version(user) -> str:
    """Her pending notices in one short string: it changes whenever one is written or read."""
    found = _mine(user).pending(timezone.localdate()).aggregate(latest=Max("pk"), count=Count("pk"))
    return f"{found['latest'] or 0}-{found['count']}"


def _today_context(user) -> dict:
    day = timezone.localdate()
    visits = list(
        orders_for(user)
        .for_caregiver(user)
        .on_day(day)
        .exclude(status__in=[OrderStatus.CANCELLED, OrderStatus.REFUSED])
        .order_by("planned_start", "pk")
    )
    # The accepted day plan (issue 9) gives the order of her round and when she is expected.
    planned: dict[int, tuple[int, int]] = {}
    for plan in DayPlan.objects.visible_to(user).accepted().filter(day=day):
        planned.update(plan.starts())
    visits.sort(key=lambda v: planned[v.pk][1] if v.pk in planned else minute_of(v.planned_start))
    notices = list(_mine(user).pending(day))
    return {
        "day": day,
        "visits": [
            (
                visit,
                map_link(visit),
                clock(planned[visit.pk][1]) if visit.pk in planned else "",
                *_her_part(visit, user),
            )
            for visit in visits
        ],
        "notices": [(notice, notice_lines(notice)) for notice in notices],
        # Visits a pending notice speaks of are marked, so she finds them in the list.
        "changed": {
            line["order"] for notice in notices for line in notice.lines if line["kind"] != REMOVED
        },
        "version": f"{max((n.pk for n in notices), default=0)}-{len(notices)}",
        "poll_seconds": settings.HOMECARE_NOTICE_POLL_SECONDS,
    }


def notice_lines(notice: PlanNotice) -> list[str]:
    """Each change of a notice as she reads it."""
    lines = []
    for line in notice.lines:
        values = {"elder": line["elder"], "item": line["item"], "time": clock(line["start"])}
        if line["kind"] == ADDED:
            lines.append(_("1 new visit: {elder} {time} {item}").format(**values))
        elif line["kind"] == REMOVED:
            lines.append(
                _("1 visit cancelled or reassigned: {elder} {time} {item}").format(**values)
            )
        else:
            lines.append(
                _("{elder}: time changed to {time} (was {before})").format(
                    before=clock(line["before"]), **values
                )
            )
    return lines


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
    path("today/changes/", today_changes, name="today_changes"),
    path("notices/<int:pk>/acknowledge/", notice_acknowledge, name="notice_acknowledge"),
    path("visits/<int:pk>/check-in/", visit_check_in, name="visit_check_in"),
    path("visits/<int:pk>/check-out/", visit_check_out, name="visit_check_out"),
]
