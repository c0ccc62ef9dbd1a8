"""Re-plan the rest of an accepted day (issue 9): a cancelled visit, a new urgent one or a
caregiver off sick re-plans what is left without moving visits already started."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.homecare.choices import OrderStatus
from yiyang.homecare.errors import ErrorCode, HomecareError
from yiyang.homecare.models import DayPlan, Provider
from yiyang.homecare.planning import PLANNED, DayData, build_day, minute_of
from yiyang.homecare.services.common import require_provider_staff
from yiyang.homecare.services.day_plan import DISPATCH, plan_seconds, save_proposal, stored_plan
from yiyang.scheduling import dayplan, replan
from yiyang.workforce.models import Caregiver


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
        seconds=plan_seconds(),
    )
    routes, unplaced = stored_plan(data, after)
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
    return save_proposal(
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
