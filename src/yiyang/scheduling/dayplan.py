"""Plan one day of home visits for a provider's caregivers (issue 9), from plain data.

`read_day` turns the day's JSON (caregivers, visits, travel, weights) into typed input, refusing
bad input with the field named; `plan_day` solves it through `vrptw.solve` and returns one route
per caregiver and every visit that could not be placed, with its reason. Every visit appears
exactly once. A caregiver leaves home no earlier than the shift start and is home by its end; a
visit starts inside its window (the caregiver waits if early); skills are hard constraints.
"""

from __future__ import annotations

import functools
import itertools
import time
from dataclasses import dataclass, field, replace
from typing import Any

from yiyang.scheduling.breaks import with_break
from yiyang.scheduling.day import (
    DEFAULT_WEIGHTS,
    Caregiver,
    Day,
    DayInputError,
    Visit,
    clock,
    minutes,
    read_day,
)
from yiyang.scheduling.stops import dimensions, solver_stops
from yiyang.scheduling.teams import TEAM, form_teams
from yiyang.scheduling.travel import TravelSource
from yiyang.scheduling.vrptw import Instance, Routes, Vehicle, solve

# The day's input types and reader live in `day.py`; callers import them from here too.
__all__ = [
    "DEFAULT_WEIGHTS",
    "Caregiver",
    "Day",
    "DayInputError",
    "Plan",
    "Visit",
    "clock",
    "minutes",
    "plan_day",
    "read_day",
]

NO_SKILL = "no caregiver has the skills {skills}"
NO_TEAM = "no two caregivers with the skills and a common shift can go together"
UNREACHABLE = "no caregiver with the skills can reach it inside its window and be home by shift end"
NO_ROOM = "no caregiver has room for it in the day"
LOCKED_UNFIT = "the caregiver it is locked to cannot do it or reach it inside its window"


# --- planning ------------------------------------------------------------------------------


@dataclass
class Plan:
    routes: dict[str, list[tuple[str, int]]]  # caregiver -> [(visit, start minute)]
    unplaced: dict[str, str]  # visit -> reason
    travel_minutes: int
    # caregiver -> (start minute, the visit it follows or None: at home before the first)
    breaks: dict[str, tuple[int, str | None]] = field(default_factory=dict)
    partners: dict[str, str] = field(default_factory=dict)  # a team's route: first -> second

    def as_json(self) -> dict[str, Any]:
        return {
            "routes": [
                self._route_json(caregiver, stops) for caregiver, stops in self.routes.items()
            ],
            "unplaced": [
                {"visit": visit, "reason": reason} for visit, reason in self.unplaced.items()
            ],
            "travel_minutes": self.travel_minutes,
        }

    def _route_json(self, caregiver: str, stops: list[tuple[str, int]]) -> dict[str, Any]:
        route: dict[str, Any] = {
            "caregiver": caregiver,
            "visits": [{"visit": visit, "start": clock(start)} for visit, start in stops],
        }
        if caregiver in self.partners:
            route["partner"] = self.partners[caregiver]
        if caregiver in self.breaks:
            start, after = self.breaks[caregiver]
            route["break"] = {"start": clock(start), "after": after}
        return route


# What `plan_day` keeps of its time for the work after the search (re-timing every route,
# the reasons, the travel): measured at 0.1–0.3 s for 1,000 visits on a loaded 2-core machine.
AFTER_SEARCH = (0.03, 0.5)  # (share of the limit, at most seconds)
# The search accepts a worse solution when it beats the one of `HISTORY` iterations ago (late
# acceptance). PyVRP's 300 suits long runs; a 1,000-visit day makes only a few hundred
# iterations a second, and with 50 the plan after 30 s left 54 visits out instead of 76, and
# after 300 s 35 instead of 51 (bench/day_plan.py, docs/modules/scheduling.md).
HISTORY = 50
# Each iteration first perturbs the plan (moves up to this many stops at random), then repairs it
# by local search. PyVRP's 25 suits long runs; on the 1,000-visit day, at the same CPU time,
# 5–10 placed 7–17 more visits after 10–20 CPU seconds (docs/modules/scheduling.md) ...
PERTURBATIONS = 7


def plan_day(day: Day, *, seconds: float = 10, seed: int = 0) -> Plan:
    """Plan the day within `seconds` of wall time, all of it (reading the reasons, building the
    matrix and the solver's data, the search, the re-timing); visits no caregiver may or can do
    are left out first, with their reason. Double-staffed visits go to two-person teams formed
    before the search (`teams.py`); a team's route is under its first member, with `partners`
    naming the second."""
    began = time.perf_counter()
    doubles = [replace(v, skills=v.skills | {TEAM}) for v in day.visits if v.staff > 1]
    if not doubles:
        return _plan(day, seconds, seed, began)
    vehicles, members = form_teams(day.travel, day.caregivers, doubles)
    return apart(_plan(as_teams(day, vehicles, members), seconds, seed, began), members)


def as_teams(day: Day, vehicles: list[Caregiver], members: dict[str, tuple[str, str]]) -> Day:
    """The day for the solver with its teams as vehicles: double visits need `TEAM`, and a
    member's preferences and locks go to her team."""
    team_of = {member: team for team, pair in members.items() for member in pair}
    return replace(
        day,
        caregivers=vehicles,
        visits=[
            replace(
                visit,
                skills=visit.skills | ({TEAM} if visit.staff > 1 else set()),
                preferred_caregiver=team_of.get(
                    visit.preferred_caregiver or "", visit.preferred_caregiver
                ),
            )
            for visit in day.visits
        ],
        locks={visit: team_of.get(who, who) for visit, who in day.locks.items()},
    )


def apart(plan: Plan, members: dict[str, tuple[str, str]]) -> Plan:
    """A plan of teams as the caregivers' plan: a team's route under its first member."""
    for team, (first, second) in members.items():
        plan.routes[first] = plan.routes.pop(team, [])
        plan.partners[first] = second
        if team in plan.breaks:
            plan.breaks[first] = plan.breaks.pop(team)
    return plan


def _plan(day: Day, seconds: float, seed: int, began: float) -> Plan:
    reasons = {visit.key: reason for visit in day.visits if (reason := hopeless_reason(day, visit))}
    candidates = [visit for visit in day.visits if visit.key not in reasons]
    routes: dict[str, list[tuple[str, int]]] = {c.key: [] for c in day.caregivers}
    if candidates and day.caregivers:
        instance, visit_of = _instance(day, candidates)
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
        routes, breaks = _repaired(day, [candidates[i] for i in visit_of], solved)
    else:
        breaks = {}
    placed = {key for stops in routes.values() for key, _ in stops}
    for visit in day.visits:
        if visit.key not in reasons and visit.key not in placed:
            reasons[visit.key] = LOCKED_UNFIT if visit.key in day.locks else NO_ROOM
    ordered = {v.key: reasons[v.key] for v in day.visits if v.key in reasons}
    return Plan(routes, ordered, travel_of(day, routes), breaks)


def hopeless_reason(day: Day, visit: Visit) -> str | None:
    locked = day.locks.get(visit.key)
    if locked is not None:
        owner = [c for c in day.caregivers if c.key == locked]
        fits = owner and visit.skills <= owner[0].skills and _reachable(day.travel, owner[0], visit)
        return None if fits else LOCKED_UNFIT
    able = [c for c in day.caregivers if visit.skills <= c.skills]
    if not able and TEAM in visit.skills:
        return NO_TEAM
    if not able:
        return NO_SKILL.format(skills=", ".join(sorted(visit.skills)))
    if not any(_reachable(day.travel, c, visit) for c in able):
        return UNREACHABLE
    return None


def _reachable(travel: TravelSource, caregiver: Caregiver, visit: Visit) -> bool:
    travel = travel.for_mode(caregiver.mode)
    there = travel.minutes_between(caregiver.home, visit.location)
    start = max(caregiver.shift[0] + there, visit.window[0])
    end = start + visit.duration + there
    return start <= visit.window[1] and end <= caregiver.shift[1]


def _instance(day: Day, visits: list[Visit]) -> tuple[Instance, list[int]]:
    """The solver's instance, and for each of its stops the index of its visit."""
    points = [c.home for c in day.caregivers] + [v.location for v in visits]
    modes = _modes(day.caregivers)
    matrix, *others = (day.travel.for_mode(mode).matrix(points) for mode in modes)
    dims = dimensions(visits, day.caregivers, day.locks)
    vehicles = [
        Vehicle(
            start=index,
            end=index,
            window=caregiver.shift,
            capacity=dims.capacity(caregiver, len(visits)),
            # her break must fit too: the solver sees her working minutes less the break
            max_duration=(caregiver.max_minutes or (caregiver.shift[1] - caregiver.shift[0]))
            - (caregiver.rest_break.minutes if caregiver.rest_break else 0),
            profile=modes.index(caregiver.mode),
        )
        for index, caregiver in enumerate(day.caregivers)
    ]
    stops, visit_of = solver_stops(
        visits,
        day.caregivers,
        locks=day.locks,
        weights=day.weights,
        first_location=len(day.caregivers),
        dims=dims,
    )
    instance = Instance(
        coordinates=[(lng, lat) for lat, lng in points],
        distance=matrix,
        duration=matrix,
        stops=stops,
        vehicles=vehicles,
        distance_cost=day.weights["travel"],
        profiles=others,
    )
    return instance, visit_of


def _modes(caregivers: list[Caregiver]) -> list[str | None]:
    """The travel modes of the day, the default first: one solver profile each."""
    named = sorted({c.mode for c in caregivers if c.mode is not None})
    return [None, *named]


def _repaired(
    day: Day, visits: list[Visit], solved: Routes
) -> tuple[dict[str, list[tuple[str, int]]], dict[str, tuple[int, str | None]]]:
    """Routes re-timed from scratch with each caregiver's break, keeping only the visits that
    fit: the solver may return an infeasible best when it runs out of time, it does not place
    breaks, and a plan must never break a hard constraint."""
    routes: dict[str, list[tuple[str, int]]] = {c.key: [] for c in day.caregivers}
    breaks: dict[str, tuple[int, str | None]] = {}
    for route in solved.routes:
        caregiver = day.caregivers[route.vehicle]
        timed, placed = with_break(
            [visits[stop] for stop in route.stops],
            caregiver.home,
            caregiver.rest_break,
            functools.partial(schedule, day.travel, caregiver),
            at_origin=TEAM not in caregiver.skills,
        )
        routes[caregiver.key] = timed
        if placed is not None:
            breaks[caregiver.key] = (placed.start, placed.after)
    return routes, breaks


def schedule(
    travel: TravelSource, caregiver: Caregiver, visits: list[Visit]
) -> list[tuple[str, int]] | None:
    """Earliest start of each visit in this order, or None when the order breaks a constraint."""
    travel = travel.for_mode(caregiver.mode)
    if any(not visit.skills <= caregiver.skills for visit in visits):
        return None
    here, now, timed = caregiver.home, caregiver.shift[0], []
    for visit in visits:
        start = max(now + travel.minutes_between(here, visit.location), visit.window[0])
        if start > visit.window[1]:
            return None
        timed.append((visit.key, start))
        here, now = visit.location, start + visit.duration
    back = now + travel.minutes_between(here, caregiver.home)
    if back > caregiver.shift[1]:
        return None
    if caregiver.max_minutes is not None and timed:
        first = visits[0]
        left = timed[0][1] - travel.minutes_between(caregiver.home, first.location)
        if back - left > caregiver.max_minutes:
            return None
        return timed  # moving starts later could lengthen her day past the maximum
    return toward_targets(travel, caregiver, visits, (caregiver.home, caregiver.shift[0]))


def toward_targets(
    travel: TravelSource,
    caregiver: Caregiver,
    visits: list[Visit],
    begin: tuple[tuple[float, float], int],
) -> list[tuple[str, int]]:
    """Starts of a feasible order, each as near its visit's target as the rest of the route
    allows: the latest start that keeps every later visit in its window and her home by shift
    end is worked out backwards, then each start is the target held between the earliest she can
    be there and that latest. Without targets the starts are the earliest."""
    travel = travel.for_mode(caregiver.mode)
    latest = [0] * len(visits)
    after, bound = caregiver.home, caregiver.shift[1]
    for index in reversed(range(len(visits))):
        visit = visits[index]
        latest[index] = min(
            visit.window[1], bound - travel.minutes_between(visit.location, after) - visit.duration
        )
        after, bound = visit.location, latest[index]
    (here, free), timed = begin, []
    for index, visit in enumerate(visits):
        earliest = max(free + travel.minutes_between(here, visit.location), visit.window[0])
        wanted = earliest if visit.target is None else visit.target
        start = max(earliest, min(wanted, latest[index]))
        timed.append((visit.key, start))
        here, free = visit.location, start + visit.duration
    return timed


def travel_of(day: Day, routes: dict[str, list[tuple[str, int]]]) -> int:
    """Minutes of travel of the plan, home to home."""
    places = {visit.key: visit.location for visit in day.visits}
    total = 0
    for caregiver in day.caregivers:
        stops = routes.get(caregiver.key, [])
        if not stops:
            continue
        path = [caregiver.home, *(places[key] for key, _ in stops), caregiver.home]
        legs = day.travel.for_mode(caregiver.mode)
        total += sum(legs.minutes_between(a, b) for a, b in itertools.pairwise(path))
    return total
