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
import re
import time
from dataclasses import dataclass, field
from typing import Any

from yiyang.scheduling.breaks import Break, with_break
from yiyang.scheduling.stops import dimensions, solver_stops
from yiyang.scheduling.travel import TravelModel
from yiyang.scheduling.vrptw import Instance, Routes, Vehicle, solve

SKILL = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
TIME = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")

# Objective weights (issue 9: "weights as data"), in minutes of travel: what leaving a visit out
# costs, what leaving out a visit locked to a caregiver costs, and what giving a visit to someone
# other than the elder's usual caregiver costs (continuity of care).
DEFAULT_WEIGHTS = {"travel": 1, "unplaced": 10_000, "locked": 100_000, "continuity": 30}

NO_SKILL = "no caregiver has the skills {skills}"
UNREACHABLE = "no caregiver with the skills can reach it inside its window and be home by shift end"
NO_ROOM = "no caregiver has room for it in the day"
LOCKED_UNFIT = "the caregiver it is locked to cannot do it or reach it inside its window"


class DayInputError(ValueError):
    """The day's input is refused: `field` names where (e.g. `visits[3].window`)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Caregiver:
    key: str
    home: tuple[float, float]
    shift: tuple[int, int]
    skills: frozenset[str]
    max_minutes: int | None = None
    rest_break: Break | None = None  # JSON "break"


@dataclass(frozen=True)
class Visit:
    key: str
    location: tuple[float, float]
    window: tuple[int, int]
    duration: int
    skills: frozenset[str]
    preferred_caregiver: str | None = None
    priority: int = 1
    target: int | None = None  # the minute the elder expects her; starts move toward it


@dataclass(frozen=True)
class Day:
    caregivers: list[Caregiver]
    visits: list[Visit]
    travel: TravelModel = field(default_factory=TravelModel)
    weights: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    locks: dict[str, str] = field(default_factory=dict)  # visit -> the caregiver it stays with


# --- reading -------------------------------------------------------------------------------


def minutes(text: Any, where: str) -> int:
    """Minutes after midnight of "HH:MM" (00:00–24:00)."""
    match = TIME.match(text) if isinstance(text, str) else None
    if not match or (match[1] == "24" and match[2] != "00"):
        raise DayInputError(where, 'a time is written "HH:MM", 00:00 to 24:00')
    return int(match[1]) * 60 + int(match[2])


def clock(value: int) -> str:
    return f"{value // 60:02d}:{value % 60:02d}"


def _point(value: Any, where: str) -> tuple[float, float]:
    if (
        not isinstance(value, list | tuple)
        or len(value) != 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        raise DayInputError(where, "a place is [latitude, longitude]")
    lat, lng = float(value[0]), float(value[1])
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise DayInputError(where, "latitude is -90 to 90 and longitude -180 to 180")
    return lat, lng


def _span(value: Any, where: str) -> tuple[int, int]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise DayInputError(where, 'a span is ["HH:MM", "HH:MM"]')
    start, end = minutes(value[0], where), minutes(value[1], where)
    if end <= start:
        raise DayInputError(where, "the span ends before it starts")
    return start, end


def _skills(value: Any, where: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(s, str) and SKILL.match(s) for s in value):
        raise DayInputError(where, 'skills are a list of names like "bathing" (a-z, 0-9, _ and -)')
    return frozenset(value)


def _positive(value: Any, where: str, *, default: int | None = None) -> int:
    if value is None and default is not None:
        return default
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise DayInputError(where, "a whole number above 0")
    return value


def _key(value: Any, where: str, seen: set[str]) -> str:
    if not isinstance(value, str | int) or isinstance(value, bool) or str(value) == "":
        raise DayInputError(where, "an id is a non-empty string")
    key = str(value)
    if key in seen:
        raise DayInputError(where, f"the id {key} is used twice")
    seen.add(key)
    return key


def read_day(data: Any) -> Day:
    """Check the day's JSON and return it typed; raise `DayInputError` naming the first problem."""
    if not isinstance(data, dict):
        raise DayInputError("$", "the day is a JSON object")
    travel = data.get("travel") or {}
    if not isinstance(travel, dict):
        raise DayInputError("travel", "an object with speed_kmh and detour")
    speed, detour = travel.get("speed_kmh", 15), travel.get("detour", 1.3)
    for name, value in (("speed_kmh", speed), ("detour", detour)):
        if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
            raise DayInputError(f"travel.{name}", "a number above 0")
    if detour < 1:
        raise DayInputError("travel.detour", "a detour factor is at least 1")
    weights = dict(DEFAULT_WEIGHTS)
    for name, value in (data.get("weights") or {}).items():
        if name not in DEFAULT_WEIGHTS:
            raise DayInputError(f"weights.{name}", "unknown weight")
        weights[name] = _positive(value, f"weights.{name}")
    caregivers = _caregivers(data.get("caregivers"))
    visits = _visits(data.get("visits"), caregivers)
    locks = _locks(data.get("locks"), caregivers, visits)
    return Day(caregivers, visits, TravelModel(float(speed), float(detour)), weights, locks)


def _locks(value: Any, caregivers: list[Caregiver], visits: list[Visit]) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise DayInputError("locks", "an object of visit id to caregiver id")
    known = {c.key for c in caregivers}
    visit_keys = {v.key for v in visits}
    for visit, caregiver in value.items():
        if visit not in visit_keys:
            raise DayInputError(f"locks.{visit}", "no visit with this id")
        if str(caregiver) not in known:
            raise DayInputError(f"locks.{visit}", "no caregiver with this id")
    return {visit: str(caregiver) for visit, caregiver in value.items()}


def _caregivers(items: Any) -> list[Caregiver]:
    if not isinstance(items, list):
        raise DayInputError("caregivers", "a list of caregivers")
    seen: set[str] = set()
    found = []
    for index, item in enumerate(items):
        where = f"caregivers[{index}]"
        if not isinstance(item, dict):
            raise DayInputError(where, "a caregiver is an object")
        shift = _span(item.get("shift"), f"{where}.shift")
        max_minutes = item.get("max_minutes")
        rest = _break(item.get("break"), f"{where}.break", shift)
        found.append(
            Caregiver(
                key=_key(item.get("id"), f"{where}.id", seen),
                home=_point(item.get("home"), f"{where}.home"),
                shift=shift,
                skills=_skills(item.get("skills"), f"{where}.skills"),
                max_minutes=None
                if max_minutes is None
                else _positive(max_minutes, f"{where}.max_minutes"),
                rest_break=rest,
            )
        )
    return found


def _break(value: Any, where: str, shift: tuple[int, int]) -> Break | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise DayInputError(where, 'a break is {"window": ["HH:MM", "HH:MM"], "minutes": 30}')
    window = _span(value.get("window"), f"{where}.window")
    if window[0] < shift[0] or window[1] > shift[1]:
        raise DayInputError(f"{where}.window", "the break window lies outside the shift")
    minutes = _positive(value.get("minutes"), f"{where}.minutes")
    if minutes > window[1] - window[0]:
        raise DayInputError(f"{where}.minutes", "the break is longer than its window")
    return Break(window, minutes)


def _visits(items: Any, caregivers: list[Caregiver]) -> list[Visit]:
    if not isinstance(items, list):
        raise DayInputError("visits", "a list of visits")
    keys = {caregiver.key for caregiver in caregivers}
    earliest = min((c.shift[0] for c in caregivers), default=0)
    latest = max((c.shift[1] for c in caregivers), default=24 * 60)
    seen: set[str] = set()
    found = []
    for index, item in enumerate(items):
        where = f"visits[{index}]"
        if not isinstance(item, dict):
            raise DayInputError(where, "a visit is an object")
        window = _span(item.get("window"), f"{where}.window")
        if window[0] >= latest or window[1] < earliest:
            raise DayInputError(
                f"{where}.window", "the window lies outside every caregiver's shift"
            )
        preferred = item.get("preferred_caregiver")
        if preferred is not None and str(preferred) not in keys:
            raise DayInputError(f"{where}.preferred_caregiver", "no caregiver with this id")
        found.append(
            Visit(
                key=_key(item.get("id"), f"{where}.id", seen),
                location=_point(item.get("location"), f"{where}.location"),
                window=window,
                duration=_positive(item.get("duration_min"), f"{where}.duration_min"),
                skills=_skills(item.get("skills"), f"{where}.skills"),
                preferred_caregiver=None if preferred is None else str(preferred),
                priority=_positive(item.get("priority"), f"{where}.priority", default=1),
                target=None
                if item.get("target") is None
                else minutes(item.get("target"), f"{where}.target"),
            )
        )
    return found


# --- planning ------------------------------------------------------------------------------


@dataclass
class Plan:
    routes: dict[str, list[tuple[str, int]]]  # caregiver -> [(visit, start minute)]
    unplaced: dict[str, str]  # visit -> reason
    travel_minutes: int
    # caregiver -> (start minute, the visit it follows or None: at home before the first)
    breaks: dict[str, tuple[int, str | None]] = field(default_factory=dict)

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
        if caregiver in self.breaks:
            start, after = self.breaks[caregiver]
            route["break"] = {"start": clock(start), "after": after}
        return route


# What `plan_day` keeps of its time for the work after the search (re-timing every route,
# the reasons, the travel): measured at 0.1–0.3 s for 1,000 visits on a loaded 2-core machine.
AFTER_SEARCH = (0.03, 0.5)  # (share of the limit, at most seconds)


def plan_day(day: Day, *, seconds: float = 10, seed: int = 0) -> Plan:
    """Plan the day within `seconds` of wall time, all of it (reading the reasons, building the
    matrix and the solver's data, the search, the re-timing); visits no caregiver may or can do
    are left out first, with their reason."""
    began = time.perf_counter()
    reasons = {visit.key: reason for visit in day.visits if (reason := hopeless_reason(day, visit))}
    candidates = [visit for visit in day.visits if visit.key not in reasons]
    routes: dict[str, list[tuple[str, int]]] = {c.key: [] for c in day.caregivers}
    if candidates and day.caregivers:
        instance, visit_of = _instance(day, candidates)
        after = min(AFTER_SEARCH[0] * seconds, AFTER_SEARCH[1])
        left = max(seconds - after - (time.perf_counter() - began), 0.0)
        solved = solve(instance, seconds=left, seed=seed)
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
    if not able:
        return NO_SKILL.format(skills=", ".join(sorted(visit.skills)))
    if not any(_reachable(day.travel, c, visit) for c in able):
        return UNREACHABLE
    return None


def _reachable(travel: TravelModel, caregiver: Caregiver, visit: Visit) -> bool:
    there = travel.minutes_between(caregiver.home, visit.location)
    start = max(caregiver.shift[0] + there, visit.window[0])
    end = start + visit.duration + there
    return start <= visit.window[1] and end <= caregiver.shift[1]


def _instance(day: Day, visits: list[Visit]) -> tuple[Instance, list[int]]:
    """The solver's instance, and for each of its stops the index of its visit."""
    points = [c.home for c in day.caregivers] + [v.location for v in visits]
    matrix = day.travel.matrix(points)
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
    )
    return instance, visit_of


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
        )
        routes[caregiver.key] = timed
        if placed is not None:
            breaks[caregiver.key] = (placed.start, placed.after)
    return routes, breaks


def schedule(
    travel: TravelModel, caregiver: Caregiver, visits: list[Visit]
) -> list[tuple[str, int]] | None:
    """Earliest start of each visit in this order, or None when the order breaks a constraint."""
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
    travel: TravelModel,
    caregiver: Caregiver,
    visits: list[Visit],
    begin: tuple[tuple[float, float], int],
) -> list[tuple[str, int]]:
    """Starts of a feasible order, each as near its visit's target as the rest of the route
    allows: the latest start that keeps every later visit in its window and her home by shift
    end is worked out backwards, then each start is the target held between the earliest she can
    be there and that latest. Without targets the starts are the earliest."""
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
        total += sum(day.travel.minutes_between(a, b) for a, b in itertools.pairwise(path))
    return total
