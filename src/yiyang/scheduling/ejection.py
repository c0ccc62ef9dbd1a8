"""Places stops the search left out by ejection chains: stop u takes the place of a placed
stop w in one route, w moves to another route, perhaps in place of a third stop that moves on in
turn, up to `DEPTH` moves.

PyVRP's local search inserts a left-out stop where it fits, or swaps it for a placed one; it has
no move that makes room for one stop by sending another elsewhere. On a day with more work than
hours (the bench day: 800 hours of visits for 960 caregiver-hours), what is left out is mostly the
afternoon's long visits, and the room for one is mostly a visit that someone else could do. On the
bench day's plan after 27 CPU-seconds (943 placed), chains placed 7 more with no stop moved but
one, 12 with up to two, 14 with up to three and 18 with up to four, in 0.4, 0.8, 1.6 and 4.4 s.

A route's earliest and latest service starts make each insertion an O(1) check; the positions
to try are narrowed to the stop's window by bisection, and the stop to move out is one next to
where the new one goes.

Pure: the solver's `Instance` in, lists of stop indices out.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from yiyang.scheduling.vrptw import Deadline, Instance, Vehicle

# How long a chain may be (stops moved to make room), and how many of the cheapest ways to take
# a stop in each link tries before giving up on it.
DEPTH = 4
BREADTH = 10


@dataclass
class Timing:
    """Earliest and latest service starts of a route's stops, for O(1) insertion checks."""

    earliest: list[int]
    latest: list[int]


class Chains:
    """The routes being changed, with each one's timing, and the search for a chain."""

    def __init__(self, instance: Instance, routes: list[list[int]], deadline: Deadline) -> None:
        self.instance, self.deadline = instance, deadline
        # per travel profile: minutes (for the windows) and distance (for the cost)
        durations = [instance.duration, *instance.profiles]
        distances = [instance.distance, *instance.profiles]
        self.minutes = [[list(map(int, row)) for row in m] for m in durations]
        self.distance = [
            self.minutes[k] if distances[k] is durations[k] else [list(map(int, r)) for r in m]
            for k, m in enumerate(distances)
        ]
        self.routes = routes
        self.timing = [self._timing(v, r) for v, r in enumerate(routes)]
        self.cache: dict[tuple[int, int], tuple[list[int], Timing | None]] = {}
        dims = range(len(instance.vehicles[0].capacity)) if instance.vehicles else range(0)
        # Which vehicles may take which stop: every dimension it demands, the vehicle has.
        self.allowed = [
            [
                all(v.capacity[k] >= s.demand[k] for k in dims if s.demand[k])
                for v in instance.vehicles
            ]
            for s in instance.stops
        ]

    def _timing(self, vehicle: int, route: list[int]) -> Timing | None:
        """The route's earliest and latest starts, None when it is infeasible."""
        inst = self.instance
        v = inst.vehicles[vehicle]
        m = self.minutes[v.profile]
        if not self._holds(v, route):
            return None
        earliest, here, now = [], v.start, v.window[0]
        for s in route:
            stop = inst.stops[s]
            start = max(now + m[here][stop.location], stop.window[0])
            if start > stop.window[1]:
                return None
            earliest.append(start)
            here, now = stop.location, start + stop.service
        if now + m[here][v.end] > v.window[1]:
            return None
        latest = [0] * len(route)
        after, bound = v.end, v.window[1]
        for i in range(len(route) - 1, -1, -1):
            stop = inst.stops[route[i]]
            latest[i] = min(stop.window[1], bound - m[stop.location][after] - stop.service)
            after, bound = stop.location, latest[i]
        if v.max_duration < v.window[1] - v.window[0] and route:
            first = inst.stops[route[0]]
            leave = latest[0] - m[v.start][first.location]
            here, now = v.start, leave
            for s in route:
                stop = inst.stops[s]
                now = max(now + m[here][stop.location], stop.window[0]) + stop.service
                here = stop.location
            if now + m[here][v.end] - leave > v.max_duration:
                return None
        return Timing(earliest, latest)

    def _holds(self, vehicle: Vehicle, route: list[int]) -> bool:
        """Does the vehicle have the capacity for the route's loads? (In a day plan capacities
        are permissions, which `allowed` checks; this keeps the chains right for any loads.)"""
        for k, capacity in enumerate(vehicle.capacity):
            if sum(self.instance.stops[s].demand[k] for s in route) > capacity:
                return False
        return True

    def _set(self, vehicle: int, route: list[int]) -> bool:
        timing = self._timing(vehicle, route)
        if timing is None:
            return False
        self.routes[vehicle], self.timing[vehicle] = route, timing
        self.cache = {key: value for key, value in self.cache.items() if key[0] != vehicle}
        return True

    def _fits(self, vehicle: int, route: list[int], timing: Timing, stop: int, at: int) -> bool:
        """Does `stop` fit before position `at` of the route (O(1), windows and shift)."""
        inst = self.instance
        v, s = inst.vehicles[vehicle], inst.stops[stop]
        m = self.minutes[v.profile]
        if at == 0:
            here, free = v.start, v.window[0]
        else:
            before = inst.stops[route[at - 1]]
            here, free = before.location, timing.earliest[at - 1] + before.service
        start = max(free + m[here][s.location], s.window[0])
        if start > s.window[1]:
            return False
        done = start + s.service
        if at == len(route):
            return done + m[s.location][v.end] <= v.window[1]
        after = inst.stops[route[at]]
        return done + m[s.location][after.location] <= timing.latest[at]

    def _spots(self, route: list[int], timing: Timing, stop: int) -> range:
        """The positions where `stop` may fit by time alone: after the last stop that must start
        before its window opens ends, before the first stop that may start only after it
        closes (earliest and latest starts rise along a route)."""
        s = self.instance.stops[stop]
        first = bisect.bisect_left(timing.latest, s.window[0] + s.service)
        last = bisect.bisect_right(timing.earliest, s.window[1])
        return range(first, min(last, len(route)) + 1)

    def _added(self, vehicle: int, route: list[int], stop: int, at: int) -> int:
        inst = self.instance
        v = inst.vehicles[vehicle]
        m = self.distance[v.profile]
        a = v.start if at == 0 else inst.stops[route[at - 1]].location
        b = v.end if at == len(route) else inst.stops[route[at]].location
        x = inst.stops[stop].location
        return m[a][x] + m[x][b] - m[a][b]

    def _insert(self, stop: int, banned: frozenset[int]) -> tuple[int, int, int] | None:
        """The cheapest (added travel, vehicle, position) for `stop` in a route not banned."""
        best = None
        for vehicle, route in enumerate(self.routes):
            timing = self.timing[vehicle]
            if vehicle in banned or timing is None or not self.allowed[stop][vehicle]:
                continue
            for at in self._spots(route, timing, stop):
                if self._fits(vehicle, route, timing, stop, at):
                    added = self._added(vehicle, route, stop, at)
                    if best is None or added < best[0]:
                        best = (added, vehicle, at)
        return best

    def _without(self, vehicle: int, out: int) -> tuple[list[int], Timing | None]:
        key = (vehicle, out)
        if key not in self.cache:
            route = self.routes[vehicle]
            rest = route[:out] + route[out + 1 :]
            self.cache[key] = (rest, self._timing(vehicle, rest))
        return self.cache[key]

    def _home(
        self, stop: int, banned: frozenset[int], depth: int
    ) -> list[tuple[int, list[int]]] | None:
        """New routes that take `stop` in: directly, or in place of a stop that itself finds a
        home (`depth` levels deep) in a route not yet changed."""
        direct = self._insert(stop, banned)
        if direct is not None:
            _added, vehicle, at = direct
            route = self.routes[vehicle]
            return [(vehicle, [*route[:at], stop, *route[at:]])]
        if depth == 0 or self.deadline.passed():
            return None
        found = []
        for vehicle, route in enumerate(self.routes):
            if vehicle in banned or not route or not self.allowed[stop][vehicle]:
                continue
            timing = self.timing[vehicle]
            if timing is None:
                continue
            # the stop to move out is next to where the new one goes
            spots = self._spots(route, timing, stop)
            for out in range(max(spots.start - 2, 0), min(spots.stop + 1, len(route))):
                rest, timing = self._without(vehicle, out)
                if timing is None:
                    continue
                for at in self._spots(rest, timing, stop):
                    if self._fits(vehicle, rest, timing, stop, at):
                        found.append((self._added(vehicle, rest, stop, at), vehicle, out, at))
        found.sort()
        for _added, vehicle, out, at in found[:BREADTH]:
            rest, _timing = self._without(vehicle, out)
            moved = self._home(self.routes[vehicle][out], banned | {vehicle}, depth - 1)
            if moved is not None:
                return [(vehicle, [*rest[:at], stop, *rest[at:]]), *moved]
        return None

    def place(self, stop: int, depth: int) -> bool:
        """Place `stop` by a chain of at most `depth` moved stops; all of it or nothing."""
        changes = self._home(stop, frozenset(), depth)
        if changes is None:
            return False
        before = [(vehicle, self.routes[vehicle]) for vehicle, _route in changes]
        for vehicle, route in changes:
            if not self._set(vehicle, route):
                for vehicle, route in before:
                    self._set(vehicle, route)
                return False
        return True


def place_left_out(
    instance: Instance, routes: list[list[int]], deadline: Deadline
) -> list[list[int]]:
    """`routes` (stop indices per vehicle, feasible) with as many left-out stops placed as
    ejection chains find before `deadline` passes: first the chains that move no placed stop,
    then one, then up to `DEPTH`; the most valuable stops first. A stop whose group is already
    visited stays out."""
    chains = Chains(instance, [list(r) for r in routes], deadline)
    placed = {s for r in routes for s in r}
    groups = {instance.stops[s].group for s in placed} - {None}
    waiting = sorted(
        (s for s in range(len(instance.stops)) if s not in placed),
        key=lambda s: -instance.stops[s].prize,
    )
    for depth in range(1, DEPTH + 1):
        waiting = _placed_by_chains(chains, instance, waiting, groups, depth, deadline)
    return chains.routes


def _placed_by_chains(
    chains: Chains,
    instance: Instance,
    waiting: list[int],
    groups: set[int | None],
    depth: int,
    deadline: Deadline,
) -> list[int]:
    """Rounds over the stops left out until one places none; the stops still out."""
    progress = True
    while progress and waiting:
        progress, still = False, []
        for stop in waiting:
            group = instance.stops[stop].group
            if deadline.passed() or (group is not None and group in groups):
                still.append(stop)
                continue
            if chains.place(stop, depth):
                progress = True
                if group is not None:
                    groups.add(group)
            else:
                still.append(stop)
        waiting = still
    return waiting
