"""Re-plan the rest of a day (issue 9): a cancelled visit, a new urgent one, a sick caregiver.

Visits already started stay where they are; each caregiver continues from where her last
started visit ends (or from home, from `now`), and the visits not started are planned again.
`changes` tells the dispatcher what moved.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass, replace

from yiyang.scheduling.breaks import Break, with_break
from yiyang.scheduling.dayplan import (
    AFTER_SEARCH,
    HISTORY,
    LOCKED_UNFIT,
    NO_ROOM,
    PERTURBATIONS,
    Caregiver,
    Day,
    Plan,
    Visit,
    _modes,
    apart,
    as_teams,
    hopeless_reason,
    toward_targets,
    travel_of,
)
from yiyang.scheduling.stops import dimensions, solver_stops
from yiyang.scheduling.teams import TEAM, team_of
from yiyang.scheduling.travel import TravelSource
from yiyang.scheduling.vrptw import Instance, Vehicle, solve

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
    """The day with its changes applied, and its new plan (see `_replan`). The morning's teams
    stay together; a team one of whose members fell ill is off (its started visits stay); a
    double visit without a team is left out with its reason."""
    if not plan.partners and not any(v.staff > 1 for v in (*day.visits, *added)):
        return _replan(
            day,
            plan,
            now=now,
            cancelled=cancelled,
            sick=sick,
            added=added,
            seconds=seconds,
            seed=seed,
        )
    people = {c.key: c for c in day.caregivers}
    members, teams = {}, []
    for first, second in plan.partners.items():
        team = team_of(day.travel, people[first], people[second])
        if team is not None:
            members[team.key] = (first, second)
            teams.append(team)
    paired = {member for pair in members.values() for member in pair}
    vehicles = [c for c in day.caregivers if c.key not in paired] + teams
    teamed = as_teams(day, vehicles, members)
    before = Plan(
        {_team_key(key, plan.partners): stops for key, stops in plan.routes.items()},
        plan.unplaced,
        plan.travel_minutes,
        {_team_key(key, plan.partners): taken for key, taken in plan.breaks.items()},
    )
    off = sick | {team for team, pair in members.items() if set(pair) & sick}
    doubled = tuple(replace(v, skills=v.skills | {TEAM}) if v.staff > 1 else v for v in added)
    new_day, after = _replan(
        teamed,
        before,
        now=now,
        cancelled=cancelled,
        sick=off,
        added=doubled,
        seconds=seconds,
        seed=seed,
    )
    plain = {v.key: v for v in (*day.visits, *added)}
    return (
        replace(new_day, caregivers=day.caregivers, visits=[plain[v.key] for v in new_day.visits]),
        apart(after, members),
    )


def _team_key(first: str, partners: dict[str, str]) -> str:
    return f"{first}+{partners[first]}" if first in partners else first


def _replan(
    day: Day,
    plan: Plan,
    *,
    now: int,
    cancelled: frozenset[str],
    sick: frozenset[str],
    added: tuple[Visit, ...],
    seconds: float,
    seed: int,
) -> tuple[Day, Plan]:
    """The day with its changes applied, and its new plan; started visits (start ≤ `now`) keep
    their caregiver and time, also a sick caregiver's (she fell ill after them). `seconds` is
    the whole call's wall time, as for `plan_day`."""
    began = time.perf_counter()
    visits = {v.key: v for v in day.visits if v.key not in cancelled}
    visits.update({v.key: v for v in added})
    started: dict[str, list[tuple[str, int]]] = {
        key: [(visit, start) for visit, start in stops if start <= now and visit in visits]
        for key, stops in plan.routes.items()
    }
    fixed = {visit for stops in started.values() for visit, _ in stops}
    open_visits = [v for v in visits.values() if v.key not in fixed]
    working = [c for c in day.caregivers if c.key not in sick]
    # A lock to a caregiver who fell ill no longer holds; locks of dropped visits neither.
    locks = {v: c for v, c in day.locks.items() if c not in sick and v in visits}
    new_day = replace(day, visits=list(visits.values()), locks=locks)
    reasons: dict[str, str] = {}
    for visit in open_visits:
        reason = (
            PASSED
            if visit.window[1] < now
            else hopeless_reason(replace(new_day, caregivers=working), visit)
        )
        if reason:
            reasons[visit.key] = reason
    candidates = [v for v in open_visits if v.key not in reasons]
    routes = {key: list(stops) for key, stops in started.items()}
    for caregiver in day.caregivers:
        routes.setdefault(caregiver.key, [])
    # A break begun by `now` is kept; one still to come is placed again in the rest of her day.
    breaks = {key: taken for key, taken in plan.breaks.items() if taken[0] <= now}
    pending = {
        c.key: c.rest_break
        for c in working
        if c.rest_break is not None and c.key not in breaks and c.rest_break.window[1] > now
    }
    if candidates and working:
        instance, visit_of, starts = _rest_of_day(
            new_day, working, started, candidates, now, pending
        )
        after = min(AFTER_SEARCH[0] * seconds, AFTER_SEARCH[1])
        left = max(seconds - after - (time.perf_counter() - began), 0.0)
        solved = solve(
            instance,
            seconds=left,
            seed=seed,
            history=HISTORY,
            perturbations=PERTURBATIONS,
            chains=True,
        )
        for route in solved.routes:
            caregiver = working[route.vehicle]
            begin = starts[route.vehicle]
            timed, pause = with_break(
                [candidates[visit_of[stop]] for stop in route.stops],
                begin[0],
                pending.get(caregiver.key),
                functools.partial(_timed, day.travel, caregiver, begin),
                at_origin=TEAM not in caregiver.skills,
            )
            routes[caregiver.key] += timed
            if pause is not None:
                done = started.get(caregiver.key)
                follows = pause.after or (done[-1][0] if done else None)
                breaks[caregiver.key] = (pause.start, follows)
        _rest_after_last(day.travel, working, started, starts, pending, breaks)
    placed = {visit for stops in routes.values() for visit, _ in stops}
    for visit in candidates:
        if visit.key not in placed:
            reasons[visit.key] = LOCKED_UNFIT if visit.key in locks else NO_ROOM
    ordered = {v.key: reasons[v.key] for v in new_day.visits if v.key in reasons}
    return new_day, Plan(routes, ordered, travel_of(new_day, routes), breaks)


def _rest_after_last(
    travel: TravelSource,
    working: list[Caregiver],
    started: dict[str, list[tuple[str, int]]],
    starts: list[tuple[tuple[float, float], int]],
    pending: dict[str, Break],
    breaks: dict[str, tuple[int, str | None]],
) -> None:
    """A caregiver given nothing new still takes her break, after her last started visit."""
    for index, caregiver in enumerate(working):
        rest, done = pending.get(caregiver.key), started.get(caregiver.key)
        if rest is None or not done or caregiver.key in breaks:
            continue
        (where, free), follows = starts[index], done[-1][0]
        begin = max(free, rest.window[0])
        way_home = travel.for_mode(caregiver.mode).minutes_between(where, caregiver.home)
        home = begin + rest.minutes + way_home
        if begin + rest.minutes <= rest.window[1] and home <= caregiver.shift[1]:
            breaks[caregiver.key] = (begin, follows)


def _rest_of_day(
    day: Day,
    working: list[Caregiver],
    started: dict[str, list[tuple[str, int]]],
    candidates: list[Visit],
    now: int,
    pending: dict[str, Break],
) -> tuple[Instance, list[int], list[tuple[tuple[float, float], int]]]:
    """The solver's instance for the rest of the day: each working caregiver from where (and
    when) her last started visit ends, home by shift end; with each stop's visit index and each
    caregiver's (place, minute) of departure."""
    visits = {visit.key: visit for visit in day.visits}
    points: list[tuple[float, float]] = []
    begins = []
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
    dims = dimensions(candidates, working, day.locks)
    modes = _modes(working)
    vehicles = [
        Vehicle(
            start=2 * index,
            end=2 * index + 1,
            window=(begins[index][1], caregiver.shift[1]),
            capacity=dims.capacity(caregiver, len(candidates)),
            max_duration=caregiver.shift[1]
            - begins[index][1]
            - (pending[caregiver.key].minutes if caregiver.key in pending else 0),
            profile=modes.index(caregiver.mode),
        )
        for index, caregiver in enumerate(working)
    ]
    first = len(points)
    points += [visit.location for visit in candidates]
    matrix, *others = (day.travel.for_mode(mode).matrix(points) for mode in modes)
    stops, visit_of = solver_stops(
        candidates,
        working,
        locks=day.locks,
        weights=day.weights,
        first_location=first,
        dims=dims,
        not_before=now,
    )
    instance = Instance(
        [(lng, lat) for lat, lng in points], matrix, matrix, stops, vehicles, profiles=others
    )
    return instance, visit_of, begins


def _timed(
    travel: TravelSource,
    caregiver: Caregiver,
    begin: tuple[tuple[float, float], int],
    order: list[Visit],
) -> list[tuple[str, int]] | None:
    """Earliest starts of `order` from (place, minute) `begin`, home by shift end, or None."""
    travel = travel.for_mode(caregiver.mode)
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
    return toward_targets(travel, caregiver, order, begin)


def changes(before: Plan, after: Plan) -> list[Change]:
    """Every visit whose caregiver or start changed, was dropped or newly placed."""

    def where(plan: Plan) -> dict[str, tuple[str, int]]:
        return {visit: (key, start) for key, stops in plan.routes.items() for visit, start in stops}

    old, new = where(before), where(after)
    keys = sorted(set(old) | set(new) | set(before.unplaced) | set(after.unplaced))
    return [Change(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k)]
