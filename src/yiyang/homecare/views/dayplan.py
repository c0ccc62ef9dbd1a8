"""The day plan on the dispatch board (issue 9): one POST door for the dispatcher's steps (plan,
re-optimise, lock, move, accept, re-plan the rest of the day), the caregivers' start place and
shift, and what the board shows of a plan (timeline, map layers, visits to adjust, changes)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from datetime import date, time
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiyang.core.errors import DomainError
from yiyang.homecare import services
from yiyang.homecare.choices import DayPlanStatus, OrderStatus, UnplacedReason
from yiyang.homecare.models import DayPlan, ServiceOrder
from yiyang.homecare.planning import build_day
from yiyang.homecare.views.common import day_of, provider_of
from yiyang.scheduling.dayplan import clock
from yiyang.workforce.models import Caregiver
from yiyang.workforce.reasons import describe

# Distinct on a light background and for the common colour blindnesses (Okabe–Ito, darkened).
COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8a6d00", "#56b4e9", "#e69f00", "#555555"]


def _back(day: date) -> str:
    return reverse("homecare:dispatch_board") + f"?day={day.isoformat()}"


@login_required
@require_POST
def dayplan_step(request):
    """Run one of the dispatcher's steps on the day plan and go back to the board."""
    provider = provider_of(request.user)
    day = day_of(request)
    action = request.POST.get("action", "")
    plans = DayPlan.objects.visible_to(request.user).filter(provider=provider)
    plan = None
    if action in ("reoptimise", "lock", "move", "accept"):
        plan = get_object_or_404(plans, pk=_int(request.POST.get("plan")))
        day = plan.day
    caregivers = Caregiver.objects.visible_to(request.user).filter(employment__provider=provider)
    try:
        if action == "plan":
            services.plan_day(provider, day=day, actor=request.user)
            messages.success(request, _("The day is planned: check the proposal, then accept it."))
        elif action == "reoptimise" and plan is not None:
            services.reoptimise(plan, actor=request.user)
            messages.success(request, _("Planned again around the locked visits."))
        elif action == "lock" and plan is not None:
            services.lock_visit(plan, order_pk=_int(request.POST.get("order")), actor=request.user)
        elif action == "move" and plan is not None:
            who = get_object_or_404(caregivers, pk=_int(request.POST.get("caregiver")))
            services.move_visit(
                plan, order_pk=_int(request.POST.get("order")), caregiver=who, actor=request.user
            )
            messages.success(request, _("Moved and locked to {name}.").format(name=who.name))
        elif action == "accept" and plan is not None:
            services.accept_plan(plan, actor=request.user)
            messages.success(request, _("Plan accepted: the caregivers see their visits."))
        elif action == "unassign":
            order = get_object_or_404(
                ServiceOrder.objects.visible_to(request.user).filter(provider=provider),
                pk=_int(request.POST.get("order")),
            )
            services.unassign_order(
                order, reason=request.POST.get("reason", ""), actor=request.user
            )
            messages.success(request, _("Unassigned: the visit waits for a caregiver."))
        elif action == "replan":
            sick = list(caregivers.filter(pk__in=[_int(v) for v in request.POST.getlist("sick")]))
            services.replan_rest_of_day(provider, day=day, sick=sick, actor=request.user)
            messages.success(request, _("The rest of the day is planned again: see what changed."))
        else:
            messages.error(request, _("Unknown step."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(_back(day))


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@login_required
@require_POST
def dispatch_work_day(request, pk: int):
    """Record a caregiver's start place and shift from the board."""
    provider = provider_of(request.user)
    caregiver = get_object_or_404(
        Caregiver.objects.visible_to(request.user).filter(employment__provider=provider), pk=pk
    )
    try:
        latitude = _decimal(request.POST.get("start_latitude"))
        longitude = _decimal(request.POST.get("start_longitude"))
        starts = time.fromisoformat(request.POST.get("shift_starts_at") or "")
        ends = time.fromisoformat(request.POST.get("shift_ends_at") or "")
        break_minutes = int(request.POST.get("break_minutes") or 0)
        break_from = _time(request.POST.get("break_from"))
        break_until = _time(request.POST.get("break_until"))
    except (InvalidOperation, ValueError):
        messages.error(request, _("Enter the start place as numbers and the shift as HH:MM."))
        return redirect(_back(day_of(request)))
    try:
        services.set_work_day(
            caregiver,
            start_latitude=latitude,
            start_longitude=longitude,
            shift_starts_at=starts,
            shift_ends_at=ends,
            break_minutes=break_minutes,
            break_from=break_from,
            break_until=break_until,
            travel_mode=request.POST.get("travel_mode", ""),
            actor=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved."))
    return redirect(_back(day_of(request)))


def _time(value) -> time | None:
    return time.fromisoformat(value) if value else None


def _decimal(value) -> Decimal | None:
    return Decimal(value) if value not in (None, "") else None


# --- what the board shows of a plan ---------------------------------------------------------


@dataclass
class Segment:
    kind: str  # "travel", "visit" or "break"
    left: float  # percent of the axis
    width: float
    start: int
    end: int
    order: ServiceOrder | None = None
    is_locked: bool = False

    @property
    def span(self) -> str:
        return f"{clock(self.start)}–{clock(self.end)}"


@dataclass
class Lane:
    caregiver: Caregiver
    colour: str
    segments: list[Segment] = field(default_factory=list)
    visits: int = 0
    travel: int = 0
    partner: Caregiver | None = None  # a two-person team's lanes name each other


@dataclass
class Row:
    order: ServiceOrder
    caregiver: Caregiver | None
    start: str
    is_locked: bool
    reason: str
    choices: list[tuple[Caregiver, str]]
    assigned_to: Caregiver | None = None  # left out, yet still assigned to her
    is_off_sick: bool = False
    partner: Caregiver | None = None  # the second caregiver of a two-person visit

    @property
    def unassign_reason(self) -> str:
        if self.assigned_to is not None and self.is_off_sick:
            return services.off_sick_reason(self.assigned_to.name, self.reason)
        return self.reason


def plan_view(plan: DayPlan, user) -> dict:
    """The timeline lanes, map layers, rows to adjust and changes of a plan, for the board."""
    data = build_day(plan.provider, day=plan.day, locks=plan.locked(), under_way=True)
    orders = {
        o.pk: o
        for o in ServiceOrder.objects.visible_to(user)
        .filter(
            pk__in=[
                *plan.starts(),
                *(u["order"] for u in plan.unplaced),
                *(c["order"] for c in plan.changes),
            ]
        )
        .select_related("elder", "item")
    }
    people = data.caregivers
    places = {int(v.key): v for v in data.day.visits}
    homes = {int(c.key): c for c in data.day.caregivers}
    shifts = [c.shift for c in data.day.caregivers] or [(8 * 60, 17 * 60)]
    first = min(s[0] for s in shifts) // 60 * 60
    last = -(-max(s[1] for s in shifts) // 60) * 60
    span = max(last - first, 60)

    def segment(kind, start, end, **extra) -> Segment:
        return Segment(
            kind, (start - first) * 100 / span, (end - start) * 100 / span, start, end, **extra
        )

    lanes, layers = [], []
    colours = itertools.cycle(COLOURS)
    locks = plan.locked()
    for route in plan.routes:
        person, home = people.get(route["caregiver"]), homes.get(route["caregiver"])
        if person is None or home is None:
            continue
        lane = Lane(person, next(colours))
        here, free = home.home, None
        points = [
            {
                "lat": home.home[0],
                "lng": home.home[1],
                "label": _("{name}: start place").format(name=person.name),
                "lines": [],
                "hollow": True,
            }
        ]
        for number, stop in enumerate(route["visits"], start=1):
            visit, order = places.get(stop["order"]), orders.get(stop["order"])
            if visit is None or order is None:
                continue
            leg = data.day.travel.for_mode(home.mode).minutes_between(here, visit.location)
            leaves = stop["start"] - leg if free is None else free
            lane.segments.append(segment("travel", leaves, leaves + leg))
            lane.segments.append(
                segment(
                    "visit",
                    stop["start"],
                    stop["start"] + visit.duration,
                    order=order,
                    is_locked=locks.get(order.pk) == person.pk,
                )
            )
            lane.visits += 1
            lane.travel += leg
            here, free = visit.location, stop["start"] + visit.duration
            points.append(
                {
                    "lat": visit.location[0],
                    "lng": visit.location[1],
                    "label": f"{number}. {clock(stop['start'])} {order.elder.name}",
                    "lines": [order.item.name, order.address],
                    "url": reverse("homecare:order_detail", args=[order.pk]),
                }
            )
        taken = route.get("break")
        if taken and home.rest_break is not None:
            lane.segments.append(
                segment("break", taken["start"], taken["start"] + home.rest_break.minutes)
            )
        if free is not None:
            leg = data.day.travel.for_mode(home.mode).minutes_between(here, home.home)
            lane.segments.append(segment("travel", free, free + leg))
            lane.travel += leg
        lanes.append(lane)
        partner = people.get(route.get("partner") or 0)
        if partner is not None:
            # She goes with her partner all day: the team's route is under both names.
            lane.partner = partner
            lanes.append(replace(lane, caregiver=partner, partner=person))
        layers.append(
            {
                "name": person.name if partner is None else f"{person.name} + {partner.name}",
                "color": lane.colour,
                "route": True,
                "closed": True,
                "points": points,
            }
        )
    rows = _rows(plan, data, orders, people, locks)
    left_out = [row for row in rows if row.caregiver is None]
    if left_out:
        layers.append(
            {
                "name": _("Not planned"),
                "color": "#6c757d",
                "points": [
                    {
                        "lat": places[row.order.pk].location[0],
                        "lng": places[row.order.pk].location[1],
                        "label": row.order.elder.name,
                        "lines": [row.reason],
                    }
                    for row in left_out
                    if row.order.pk in places
                ],
            }
        )
    return {
        "plan": plan,
        "lanes": lanes,
        "hours": [(h, (h - first) * 100 / span) for h in range(first, last + 1, 60)],
        "layers": layers,
        "rows": rows,
        "changes": _changes(plan, orders, people),
        "without_start": data.without_start,
        "is_proposed": plan.status == DayPlanStatus.PROPOSED,
    }


def _rows(plan, data, orders, people, locks) -> list[Row]:
    starts = plan.starts()
    partners = plan.partners()
    reasons = {u["order"]: UnplacedReason(u["reason"]).label for u in plan.unplaced}
    off_sick = {u["order"] for u in plan.unplaced if u.get("off_sick")}
    rows = []
    for pk in sorted([*starts, *reasons], key=lambda pk: (starts.get(pk, (0, 24 * 60))[1], pk)):
        order = orders.get(pk)
        if order is None:
            continue
        caregiver_pk, start = starts.get(pk, (None, None))
        still_with = (
            people.get(order.caregiver_id)
            if caregiver_pk is None and order.status == OrderStatus.ASSIGNED
            else None
        )
        choices = [
            (
                person,
                " ".join(
                    describe(r)
                    for r in services.qualification_reasons(person, order.item, on=plan.day)
                ),
            )
            for person in people.values()
            if person.pk != caregiver_pk
        ]
        rows.append(
            Row(
                order=order,
                caregiver=people.get(caregiver_pk) if caregiver_pk else None,
                start=clock(start) if start is not None else "",
                is_locked=locks.get(pk) == caregiver_pk and caregiver_pk is not None,
                reason=str(reasons.get(pk, "")),
                choices=choices,
                assigned_to=still_with,
                is_off_sick=pk in off_sick,
                partner=people.get(partners.get(caregiver_pk or 0, 0))
                if order.item.caregivers_needed > 1
                else None,
            )
        )
    return rows


def _changes(plan, orders, people) -> list[dict]:
    def where(pair) -> str:
        if pair is None:
            return ""
        person = people.get(pair[0])
        return f"{person.name if person else '?'} {clock(pair[1])}"

    return [
        {
            "order": orders.get(change["order"]),
            "before": where(change["before"]),
            "after": where(change["after"]),
        }
        for change in plan.changes
        if change["order"] in orders
    ]


urlpatterns = [
    path("dispatch/plan/", dayplan_step, name="dayplan_step"),
    path("dispatch/caregivers/<int:pk>/work-day/", dispatch_work_day, name="dispatch_work_day"),
]
