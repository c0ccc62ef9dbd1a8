"""The dispatcher's hand edits of a proposed day plan (issue 9): lock a visit to its caregiver,
or move it to another one, timed into her day where it adds the least travel."""

from __future__ import annotations

import functools
import itertools

from django.db import transaction
from django.utils.translation import gettext as _

from yiyang.homecare.errors import ErrorCode, HomecareError
from yiyang.homecare.models import DayPlan, ServiceOrder
from yiyang.homecare.planning import DayData, build_day
from yiyang.homecare.services.day_plan import break_json, require_proposal
from yiyang.homecare.services.orders import qualification_reasons
from yiyang.scheduling import dayplan
from yiyang.scheduling.breaks import fit_break
from yiyang.scheduling.teams import team_of
from yiyang.workforce.models import Caregiver
from yiyang.workforce.reasons import describe


def lock_visit(plan: DayPlan, *, order_pk: int, actor) -> DayPlan:
    """Lock a planned visit to its caregiver, or unlock it (a second lock)."""
    require_proposal(plan, actor)
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
    require_proposal(plan, actor)
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
                **break_json(taken),
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
        **break_json(taken),
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
