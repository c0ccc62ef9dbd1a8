"""Re-plan the rest of a day (issue 9): a cancelled visit, a new urgent one, a sick caregiver.

Visits already started stay where they are; each caregiver continues from where her last
started visit ends (or from home, from `now`), and the visits not started are planned again.
`changes` tells the dispatcher what moved.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from yiyang.scheduling.dayplan import NO_ROOM, Day, Plan, Visit, hopeless_reason, travel_of
from yiyang.scheduling.travel import TravelModel
from yiyang.scheduling.vrptw import Instance, Stop, Vehicle, solve

PASSED = "its window has passed"


@dataclass(frozen=True)
class Change:
    visit: str
    before: tuple[str, int] | None  # (caregiver, start) or None when it was unplaced
    after: tuple[str, int] | None


def replan(
    day: Day,
    plan: Plan,
    *,
    now: int,
    cancelled: frozenset[str] = frozenset(),
    sick: frozenset[str] = frozenset(),
    added: tuple[Visit, ...] = (),
    seconds: float = 5,
    seed: int = 0,
) -> tuple[Day, Plan]:
    """The day with its changes applied, and its new plan; started visits (start ≤ `now`) keep
    their caregiver and time, also a sick caregiver's (she fell ill after them)."""
    visits = {v.key: v for v in day.visits if v.key not in cancelled}
    visits.update({v.key: v for v in added})
    started: dict[str, list[tuple[str, int]]] = {
        key: [(visit, start) for visit, start in stops if start <= now and visit in visits]
        for key, stops in plan.routes.items()
    }
    fixed = {visit for stops in started.values() for visit, _ in stops}
    open_visits = [v for v in visits.values() if v.key not in fixed]
    working = [c for c in day.caregivers if c.key not in sick]
    new_day = replace(day, visits=list(visits.values()))
    reasons: dict[str, str] = {}
    for visit in open_visits:
        reason = (
            PASSED
            if visit.window[1] < now
            else hopeless_reason(replace(day, caregivers=working), visit)
        )
        if reason:
            reasons[visit.key] = reason
    candidates = [v for v in open_visits if v.key not in reasons]
    routes = {key: list(stops) for key, stops in started.items()}
    for caregiver in day.caregivers:
        routes.setdefault(caregiver.key, [])
    if candidates and working:
        instance, owners, starts = _rest_of_day(
            day.travel, working, started, visits, candidates, now, day.weights["unplaced"]
        )
        solved = solve(instance, seconds=seconds, seed=seed)
        for route in solved.routes:
            caregiver = working[route.vehicle]
            order = [candidates[stop] for stop in route.stops]
            while (
                order
                and (timed := _timed(day.travel, caregiver, starts[route.vehicle], order)) is None
            ):
                order = order[:-1]
            if order and timed:
                routes[owners[route.vehicle]] += timed
    placed = {visit for stops in routes.values() for visit, _ in stops}
    for visit in candidates:
        if visit.key not in placed:
            reasons[visit.key] = NO_ROOM
    ordered = {v.key: reasons[v.key] for v in new_day.visits if v.key in reasons}
    return new_day, Plan(routes, ordered, travel_of(new_day, routes))


def _rest_of_day(travel: TravelModel, working, started, visits, candidates, now, unplaced_weight):
    points: list[tuple[float, float]] = []
    vehicles = []
    begins = []
    skills = sorted({skill for visit in candidates for skill in visit.skills})
    for caregiver in working:
        done = started.get(caregiver.key, [])
        if done:
            last_key, last_start = done[-1]
            last = visits[last_key]
            where, free = last.location, max(now, last_start + last.duration)
        else:
            where, free = caregiver.home, max(now, caregiver.shift[0])
        points += [where, caregiver.home]
        begins.append((where, free))
        vehicles.append(
            Vehicle(
                start=len(points) - 2,
                end=len(points) - 1,
                window=(free, caregiver.shift[1]),
                capacity=tuple(len(candidates) if s in caregiver.skills else 0 for s in skills),
            )
        )
    first = len(points)
    points += [visit.location for visit in candidates]
    matrix = [[travel.minutes_between(a, b) for b in points] for a in points]
    stops = [
        Stop(
            location=first + index,
            service=visit.duration,
            window=(max(visit.window[0], now), visit.window[1]),
            demand=tuple(1 if s in visit.skills else 0 for s in skills),
            required=False,
            prize=unplaced_weight * visit.priority,
        )
        for index, visit in enumerate(candidates)
    ]
    instance = Instance([(lng, lat) for lat, lng in points], matrix, matrix, stops, vehicles)
    return instance, [caregiver.key for caregiver in working], begins


def _timed(
    travel: TravelModel, caregiver, begin, order: list[Visit]
) -> list[tuple[str, int]] | None:
    """Earliest starts of `order` from (place, minute) `begin`, home by shift end, or None."""
    here, free = begin
    timed = []
    for visit in order:
        if not visit.skills <= caregiver.skills:
            return None
        start = max(free + travel.minutes_between(here, visit.location), visit.window[0])
        if start > visit.window[1]:
            return None
        timed.append((visit.key, start))
        here, free = visit.location, start + visit.duration
    if free + travel.minutes_between(here, caregiver.home) > caregiver.shift[1]:
        return None
    return timed


def changes(before: Plan, after: Plan) -> list[Change]:
    """Every visit whose caregiver or start changed, was dropped or newly placed."""

    def where(plan: Plan) -> dict[str, tuple[str, int]]:
        return {visit: (key, start) for key, stops in plan.routes.items() for visit, start in stops}

    old, new = where(before), where(after)
    keys = sorted(set(old) | set(new) | set(before.unplaced) | set(after.unplaced))
    return [Change(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k)]
