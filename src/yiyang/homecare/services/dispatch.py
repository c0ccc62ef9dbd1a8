"""The dispatcher's day plan (智能排班派单, issue 9): plan the day with the optimiser, lock and move
visits by hand, re-optimise around the locks, accept (every assignment through `assign_in_plan`,
with its checks), and re-plan the rest of the day when a visit is cancelled, a new one comes in
or a caregiver falls ill.

The optimiser runs inside the request with a short limit (`HOMECARE_PLAN_SECONDS`, 3 s): a
provider's day (tens of caregivers, a few hundred visits) is planned well within it (the
1,000-visit district day of `bench/day_plan.py` is a county's, not a provider's), the dispatcher
sees the answer on the next page instead of polling, and no task worker has to be running for
the board to work. The button says it is planning while the request runs.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import replace
from datetime import date, time

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.homecare.choices import (
    DayPlanStatus,
    NoticeCause,
    OrderStatus,
    TravelMode,
    UnplacedReason,
)
from yiyang.homecare.errors import ErrorCode, HomecareError
from yiyang.homecare.models import DayPlan, Employment, Provider, ServiceOrder
from yiyang.homecare.planning import PLANNED, DayData, build_day, minute_of
from yiyang.homecare.services import notices
from yiyang.homecare.services.common import require_provider_staff
from yiyang.homecare.services.orders import (
    assign_in_plan,
    qualification_reasons,
    unassign_in_plan,
)
from yiyang.scheduling import dayplan, replan
from yiyang.scheduling.breaks import fit_break
from yiyang.scheduling.teams import team_of
from yiyang.workforce.models import Caregiver
from yiyang.workforce.reasons import describe

DISPATCH = "homecare.dispatch_order"


def _seconds() -> float:
    return float(getattr(settings, "HOMECARE_PLAN_SECONDS", 3))


def _reason_code(text: str) -> str:
    known = {
        dayplan.UNREACHABLE: UnplacedReason.UNREACHABLE,
        dayplan.NO_ROOM: UnplacedReason.NO_ROOM,
        dayplan.LOCKED_UNFIT: UnplacedReason.LOCKED_UNFIT,
        dayplan.NO_TEAM: UnplacedReason.NO_TEAM,
        replan.PASSED: UnplacedReason.PASSED,
    }
    return known.get(text, UnplacedReason.NO_SKILL)


def _stored(data: DayData, plan: dayplan.Plan) -> tuple[list, list]:
    routes = [
        {
            "caregiver": int(key),
            "visits": [{"order": int(visit), "start": start} for visit, start in stops],
            **_break_json(plan.breaks.get(key)),
            # an empty team route is a team that is off (a member fell ill): no team to name
            **({"partner": int(plan.partners[key])} if key in plan.partners and stops else {}),
        }
        for key, stops in plan.routes.items()
    ]
    unplaced = [
        {"order": int(visit), "reason": _reason_code(reason)}
        for visit, reason in plan.unplaced.items()
    ] + [{"order": o.pk, "reason": UnplacedReason.NO_LOCATION} for o in data.without_location]
    return routes, unplaced


def _break_json(taken: tuple[int, str | None] | None) -> dict:
    if taken is None:
        return {}
    start, after = taken
    return {"break": {"start": start, "after": None if after is None else int(after)}}


def _save(provider: Provider, day: date, *, actor, **fields) -> DayPlan:
    """Keep the new proposal; earlier proposals of the day give way to it."""
    with transaction.atomic():
        DayPlan.objects.filter(provider=provider, day=day, status=DayPlanStatus.PROPOSED).update(
            status=DayPlanStatus.SUPERSEDED
        )
        plan = DayPlan.objects.create(provider=provider, day=day, created_by=actor, **fields)
        audit.record_change(
            plan, actor=actor, action="create", fields=["day", "status", "travel_minutes"]
        )
    return plan


def plan_day(
    provider: Provider, *, day: date, actor, locks: dict[int, int] | None = None
) -> DayPlan:
    """Propose a plan of the provider's day; locked visits stay with their caregiver."""
    require_provider_staff(actor, provider, DISPATCH)
    if day < timezone.localdate():
        raise HomecareError(
            ErrorCode.DAY_PLAN_INVALID, _("A past day cannot be planned."), field="day"
        )
    data = build_day(provider, day=day, locks=locks)
    solved = dayplan.plan_day(data.day, seconds=_seconds(), seed=0)
    routes, unplaced = _stored(data, solved)
    return _save(
        provider,
        day,
        actor=actor,
        routes=routes,
        unplaced=unplaced,
        locks={order: int(cg) for order, cg in data.day.locks.items()},
        travel_minutes=solved.travel_minutes,
    )


def reoptimise(plan: DayPlan, *, actor) -> DayPlan:
    """Plan the day again around the visits the dispatcher locked."""
    return plan_day(plan.provider, day=plan.day, actor=actor, locks=plan.locked())


def _proposal(plan: DayPlan, actor) -> None:
    require_provider_staff(actor, plan.provider, DISPATCH)
    if plan.status != DayPlanStatus.PROPOSED:
        raise HomecareError(
            ErrorCode.DAY_PLAN_INVALID, _("Only a proposed plan can be changed."), field="plan"
        )


def lock_visit(plan: DayPlan, *, order_pk: int, actor) -> DayPlan:
    """Lock a planned visit to its caregiver, or unlock it (a second lock)."""
    _proposal(plan, actor)
    with transaction.atomic():
        plan = DayPlan.objects.select_for_update().get(pk=plan.pk)
        placed = plan.starts()
        if order_pk not in placed:
            raise HomecareError(
                ErrorCode.DAY_PLAN_INVALID, _("Only a planned visit can be locked."), field="order"
            )
        key = str(order_pk)
        if key in plan.locks:
            del plan.locks[key]
        else:
            plan.locks[key] = placed[order_pk][0]
        plan.save(update_fields=["locks"])
    return plan


def move_visit(plan: DayPlan, *, order_pk: int, caregiver: Caregiver, actor) -> DayPlan:
    """Give a visit to another caregiver by hand (and lock it there); refused with the reason when
    she may not do it or cannot fit it into her day."""
    _proposal(plan, actor)
    data = build_day(plan.provider, day=plan.day, locks=plan.locked())
    order = data.orders.get(order_pk)
    if order is None or str(order_pk) not in {v.key for v in data.day.visits}:
        raise HomecareError(
            ErrorCode.DAY_PLAN_INVALID, _("This visit is not in the plan."), field="order"
        )
    if caregiver.pk not in data.caregivers:
        raise HomecareError(
            ErrorCode.CAREGIVER_INVALID,
            _("Choose a caregiver employed by the provider."),
            field="caregiver",
        )
    _refuse_team_move(plan, order, caregiver)
    reasons = qualification_reasons(caregiver, order.item, on=plan.day)
    if reasons:
        raise HomecareError(
            ErrorCode.NOT_QUALIFIED, " ".join(describe(r) for r in reasons), field="caregiver"
        )
    person = next((c for c in data.day.caregivers if c.key == str(caregiver.pk)), None)
    if person is None:
        raise HomecareError(
            ErrorCode.CAREGIVER_INVALID,
            _("Record where her day starts before planning her visits."),
            field="caregiver",
        )
    visits = {visit.key: visit for visit in data.day.visits}
    routes = {r["caregiver"]: [str(s["order"]) for s in r["visits"]] for r in plan.routes}
    mine = [visits[key] for key in routes.get(caregiver.pk, []) if key != str(order_pk)]
    best = _best_insertion(data.day.travel, person, mine, visits[str(order_pk)])
    if best is None:
        raise HomecareError(
            ErrorCode.DAY_PLAN_INVALID,
            _(
                "{name} cannot fit this visit into her day: its window or her shift does not allow it."
            ).format(name=caregiver.name),
            field="caregiver",
        )
    with transaction.atomic():
        plan = DayPlan.objects.select_for_update().get(pk=plan.pk)
        new_routes = []
        for route in plan.routes:
            if route["caregiver"] == caregiver.pk:
                continue
            kept = [s["order"] for s in route["visits"] if s["order"] != order_pk]
            if len(kept) != len(route["visits"]):
                route = _retimed(data, route["caregiver"], kept, route.get("partner")) or route
            new_routes.append(route)
        timed, taken = best
        new_routes.append(
            {
                "caregiver": caregiver.pk,
                "visits": [{"order": int(key), "start": start} for key, start in timed],
                **_break_json(taken),
            }
        )
        plan.routes = sorted(new_routes, key=lambda r: list(data.caregivers).index(r["caregiver"]))
        plan.unplaced = [u for u in plan.unplaced if u["order"] != order_pk]
        plan.locks[str(order_pk)] = caregiver.pk
        plan.travel_minutes = dayplan.travel_of(data.day, _as_plan_routes(plan.routes))
        plan.save(update_fields=["routes", "unplaced", "locks", "travel_minutes"])
    return plan


def _refuse_team_move(plan: DayPlan, order: ServiceOrder, caregiver: Caregiver) -> None:
    """A two-person visit moves only with a team, and a team member's day is her team's: both
    are the planner's to arrange (lock what should stay, then re-optimise)."""
    if order.item.caregivers_needed > 1:
        raise HomecareError(
            ErrorCode.DAY_PLAN_INVALID,
            _(
                "A two-person visit goes to a team: lock the visits that should stay, then re-optimise."
            ),
            field="order",
        )
    partners = plan.partners()
    if caregiver.pk in partners or caregiver.pk in partners.values():
        raise HomecareError(
            ErrorCode.DAY_PLAN_INVALID,
            _(
                "{name} works in a two-person team today: lock the visits that should stay, then re-optimise."
            ).format(name=caregiver.name),
            field="caregiver",
        )


def _as_plan_routes(routes: list) -> dict[str, list[tuple[str, int]]]:
    return {
        str(r["caregiver"]): [(str(s["order"]), s["start"]) for s in r["visits"]] for r in routes
    }


def _retimed(
    data: DayData, caregiver_pk: int, orders: list[int], partner: int | None = None
) -> dict | None:
    """Her route of `orders` timed again (with her break; a team's with the team's shift and
    break), or None."""
    person = _vehicle(data, caregiver_pk, partner)
    visits = {visit.key: visit for visit in data.day.visits}
    if person is None or any(str(o) not in visits for o in orders):
        return None
    found = _timing(data.day.travel, person, [visits[str(o)] for o in orders])
    if found is None:
        return None
    timed, taken = found
    return {
        "caregiver": caregiver_pk,
        "visits": [{"order": int(k), "start": s} for k, s in timed],
        **_break_json(taken),
        **({"partner": partner} if partner else {}),
    }


def _vehicle(data: DayData, caregiver_pk: int, partner: int | None):
    """The planner's caregiver of a route: hers, or her two-person team's (`teams.team_of`)."""
    people = {c.key: c for c in data.day.caregivers}
    person = people.get(str(caregiver_pk))
    if person is None or partner is None:
        return person
    second = people.get(str(partner))
    if second is None:
        return None
    return team_of(data.day.travel, person, second)


def _timing(travel, person, order):
    """(starts, break) of `order` for her, the break where it first fits; None when it breaks a
    rule or leaves no room for her break."""
    timer = functools.partial(dayplan.schedule, travel, person)
    if person.rest_break is None or not order:
        timed = timer(order)
        return None if timed is None else (timed, None)
    placed = fit_break(order, person.home, person.rest_break, timer)
    return None if placed is None else (placed.timed, (placed.start, placed.after))


def _best_insertion(travel, person, route, visit):
    """The feasible timing (and break) of `route` with `visit` put where it adds the least
    travel."""
    best = None
    legs = travel.for_mode(person.mode)
    for position in range(len(route) + 1):
        order = [*route[:position], visit, *route[position:]]
        found = _timing(travel, person, order)
        if found is None:
            continue
        path = [person.home, *(v.location for v in order), person.home]
        cost = sum(legs.minutes_between(a, b) for a, b in itertools.pairwise(path))
        if best is None or cost < best[0]:
            best = (cost, found)
    return None if best is None else best[1]


def accept_plan(plan: DayPlan, *, actor) -> DayPlan:
    """Assign every planned visit to its caregiver through `assign_in_plan` (the same checks as a
    manual assignment), a two-person visit to both members of its team; all or nothing. Visits
    already under way are left as they are; a re-plan's visits still with a caregiver off sick
    that no one else can take are unassigned. Each caregiver whose round changed, either member
    of a team too, gets one notice of all her changes."""
    _proposal(plan, actor)
    with transaction.atomic():
        plan = DayPlan.objects.select_for_update().get(pk=plan.pk)
        watched = notices.watch(plan.provider, plan.day)
        starts = plan.starts()
        partners = plan.partners()
        orders = ServiceOrder.objects.filter(pk__in=starts).select_related("provider", "item")
        caregivers = Caregiver.objects.filter(
            pk__in={pair[0] for pair in starts.values()} | set(partners.values())
        )
        people = {c.pk: c for c in caregivers.select_related("employment")}
        for order in orders.order_by("pk"):
            caregiver_pk = starts[order.pk][0]
            # Her partner goes too where the item needs two; a team's one-person visits are
            # hers (the price and the record are the item's: no double pay).
            second_pk = partners.get(caregiver_pk) if order.item.caregivers_needed > 1 else None
            if order.status not in PLANNED and order.caregiver_id == caregiver_pk:
                continue  # under way with the planned caregiver
            if order.status not in PLANNED:
                raise HomecareError(
                    ErrorCode.DAY_PLAN_INVALID,
                    _("The visit for {elder} changed since the plan was made: plan again.").format(
                        elder=order.elder.name
                    ),
                    field="plan",
                )
            assign_in_plan(
                order,
                caregiver=people[caregiver_pk],
                second_caregiver=people[second_pk] if second_pk else None,
                actor=actor,
            )
        _unassign_off_sick(plan, actor)
        DayPlan.objects.filter(
            provider=plan.provider, day=plan.day, status=DayPlanStatus.ACCEPTED
        ).update(status=DayPlanStatus.SUPERSEDED)
        plan.status = DayPlanStatus.ACCEPTED
        plan.accepted_at = timezone.now()
        plan.save(update_fields=["status", "accepted_at"])
        audit.record_change(plan, actor=actor, action="accept", fields=["status"])
        notices.tell_caregivers(watched, cause=NoticeCause.PLAN_ACCEPTED, actor=actor, plan=plan)
    return plan


def _unassign_off_sick(plan: DayPlan, actor) -> None:
    """Unassign the visits the plan leaves out that are still with a caregiver off sick."""
    sick = {u["order"]: u for u in plan.unplaced if u.get("off_sick")}
    orders = ServiceOrder.objects.filter(pk__in=sick, status=OrderStatus.ASSIGNED).select_related(
        "caregiver", "second_caregiver", "provider"
    )
    for order in orders.order_by("pk"):
        entry = sick[order.pk]
        if entry["off_sick"] == order.second_caregiver_id:
            person = order.second_caregiver  # the pair is broken: both are taken off
        elif entry["off_sick"] == order.caregiver_id:
            person = order.caregiver
        else:
            continue  # someone else has it now
        name = person.name if person else "?"
        reason = off_sick_reason(name, str(UnplacedReason(entry["reason"]).label))
        unassign_in_plan(order, reason=reason, actor=actor)


def off_sick_reason(name: str, why: str) -> str:
    return _("{name} is off sick and no other caregiver can take it: {why}").format(
        name=name, why=why
    )


def replan_rest_of_day(provider: Provider, *, day: date, sick: list[Caregiver], actor) -> DayPlan:
    """Re-plan what is left of the accepted plan's day: cancelled visits drop out, new ones come
    in, a sick caregiver's visits not yet started go to others; visits already started (by the
    plan's clock or checked in) stay. The new proposal lists what changed."""
    require_provider_staff(actor, provider, DISPATCH)
    base = DayPlan.objects.filter(provider=provider, day=day).accepted().first()
    if base is None:
        raise HomecareError(
            ErrorCode.DAY_PLAN_INVALID, _("Accept a plan of the day first."), field="day"
        )
    today = timezone.localdate()
    if day < today:
        raise HomecareError(
            ErrorCode.DAY_PLAN_INVALID, _("A past day cannot be planned."), field="day"
        )
    now = minute_of(timezone.now()) if day == today else 0
    data = build_day(provider, day=day, locks=base.locked(), under_way=True)
    # What the caregivers were told this morning is the continuity that counts now: a visit
    # moves away from its planned caregiver only when that is worth the continuity weight; and
    # when the day is too full, a visit promised by a caregiver still at work is the last to go
    # (twice its priority), so the sick caregiver's visits are the ones that may wait; an urgent
    # visit keeps its own weight on top.
    planned = {str(order): str(caregiver) for order, (caregiver, _) in base.starts().items()}
    off = {str(caregiver.pk) for caregiver in sick}
    data.day = replace(
        data.day,
        visits=[
            replace(
                visit,
                preferred_caregiver=planned.get(visit.key, visit.preferred_caregiver),
                priority=visit.priority
                * (2 if visit.key in planned and planned[visit.key] not in off else 1),
            )
            for visit in data.day.visits
        ],
    )
    before = _previous(base, data, now)
    _day, after = replan.replan(
        data.day,
        before,
        now=now,
        sick=frozenset(str(c.pk) for c in sick),
        seconds=_seconds(),
    )
    routes, unplaced = _stored(data, after)
    # A visit of a sick caregiver that no one else can take must not stay hers: the entry names
    # her, and accepting the plan unassigns the visit (it waits, accepted, with the reason).
    off_pks = {c.pk for c in sick}
    for entry in unplaced:
        order = data.orders.get(entry["order"])
        if order is None or order.status != OrderStatus.ASSIGNED:
            continue
        for person_pk in (order.caregiver_id, order.second_caregiver_id):
            if person_pk in off_pks:
                entry["off_sick"] = person_pk  # of a pair, one sick breaks it
                break
    changes = [
        {
            "order": int(change.visit),
            "before": None if change.before is None else [int(change.before[0]), change.before[1]],
            "after": None if change.after is None else [int(change.after[0]), change.after[1]],
        }
        for change in replan.changes(before, after)
    ]
    return _save(
        provider,
        day,
        actor=actor,
        routes=routes,
        unplaced=unplaced,
        # A lock to a team with a member off sick goes too: the team is off for the day.
        locks={
            o: c
            for o, c in base.locks.items()
            if c not in off_pks and base.partners().get(c) not in off_pks
        },
        changes=changes,
        is_replan=True,
        travel_minutes=after.travel_minutes,
    )


def _previous(base: DayPlan, data: DayData, now: int) -> dayplan.Plan:
    """The accepted plan as the planner's `Plan`; a visit checked in counts as started."""
    routes: dict[str, list[tuple[str, int]]] = {c.key: [] for c in data.day.caregivers}
    for route in base.routes:
        stops = routes.setdefault(str(route["caregiver"]), [])
        for stop in route["visits"]:
            order = data.orders.get(stop["order"])
            started = order is not None and order.status not in PLANNED
            stops.append(
                (str(stop["order"]), min(stop["start"], now) if started else stop["start"])
            )
    unplaced = {str(u["order"]): u["reason"] for u in base.unplaced}
    # The morning's teams, as far as both still have a start place (the planner keeps them).
    partners = {
        str(first): str(second)
        for first, second in base.partners().items()
        if {str(first), str(second)} <= {c.key for c in data.day.caregivers}
    }
    breaks = {
        str(r["caregiver"]): (
            r["break"]["start"],
            None if r["break"]["after"] is None else str(r["break"]["after"]),
        )
        for r in base.routes
        if r.get("break")
    }
    return dayplan.Plan(routes, unplaced, base.travel_minutes, breaks, partners)


def set_work_day(
    caregiver: Caregiver,
    *,
    start_latitude,
    start_longitude,
    shift_starts_at: time,
    shift_ends_at: time,
    actor,
    break_minutes: int = 0,
    break_from: time | None = None,
    break_until: time | None = None,
    travel_mode: str = "",
) -> Employment:
    """Record where the caregiver's working day starts and ends, her shift, her break (minutes
    taken between two times, where she is; 0: none) and how she travels (blank: the policy's
    speed)."""
    employment = getattr(caregiver, "employment", None)
    if employment is None:
        raise HomecareError(
            ErrorCode.CAREGIVER_INVALID,
            _("Choose a caregiver employed by the provider."),
            field="caregiver",
        )
    require_provider_staff(actor, employment.provider, "workforce.manage_caregivers")
    if (start_latitude is None) != (start_longitude is None) or (
        start_latitude is not None
        and not (-90 <= start_latitude <= 90 and -180 <= start_longitude <= 180)
    ):
        raise HomecareError(
            ErrorCode.LOCATION_INVALID,
            _("Give both latitude and longitude of the start place, or neither."),
            field="start_latitude",
        )
    if shift_ends_at <= shift_starts_at:
        raise HomecareError(
            ErrorCode.TIME_INVALID, _("The shift ends after it starts."), field="shift_ends_at"
        )
    _check_break(break_minutes, break_from, break_until, shift_starts_at, shift_ends_at)
    if travel_mode not in ("", *TravelMode.values):
        raise HomecareError(
            ErrorCode.CAREGIVER_INVALID, _("Choose a travel mode."), field="travel_mode"
        )
    fields = [
        "start_latitude",
        "start_longitude",
        "shift_starts_at",
        "shift_ends_at",
        "break_minutes",
        "break_from",
        "break_until",
        "travel_mode",
    ]
    with transaction.atomic():
        before = audit.snapshot(employment, fields)
        employment.start_latitude = start_latitude
        employment.start_longitude = start_longitude
        employment.shift_starts_at = shift_starts_at
        employment.shift_ends_at = shift_ends_at
        employment.break_minutes = break_minutes
        employment.break_from = break_from if break_minutes else None
        employment.break_until = break_until if break_minutes else None
        employment.travel_mode = travel_mode
        employment.save(update_fields=fields)
        audit.record_change(employment, actor=actor, action="update", before=before)
    return employment


def _check_break(minutes: int, starts: time | None, ends: time | None, shift_starts, shift_ends):
    if not minutes:
        return
    if starts is None or ends is None or not shift_starts <= starts < ends <= shift_ends:
        raise HomecareError(
            ErrorCode.TIME_INVALID,
            _("The break's times lie inside the shift, the first before the second."),
            field="break_from",
        )
    if minutes < 0 or minutes > (ends.hour * 60 + ends.minute) - (starts.hour * 60 + starts.minute):
        raise HomecareError(
            ErrorCode.TIME_INVALID,
            _("The break is longer than the time it may be taken in."),
            field="break_minutes",
        )
