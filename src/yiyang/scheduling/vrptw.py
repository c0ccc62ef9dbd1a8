"""A vehicle-routing problem with time windows, solved by PyVRP's hybrid genetic search.

The one door to the solver: the caregiver day plan (`dayplan.py`) and the Solomon benchmark both
describe their problem as an `Instance` of integer times, distances and loads, and read back
`Routes`. Every vehicle has its own start and end location (a caregiver starts and ends at home);
load dimensions carry skills (a visit needing skill k demands 1 in dimension k, a vehicle without
k has capacity 0 there), so a skill is a hard constraint. Stops sharing a `group` are mutually
exclusive alternatives (at most one is visited): the day plan offers a visit twice, once for its
preferred caregiver alone at the full prize and once for anyone at a lower one, which is how
continuity of care becomes a cost the solver weighs.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from pyvrp import (
    ClientGroup,
    Depot,
    IteratedLocalSearch,
    Model,
    PenaltyManager,
    ProblemData,
    RandomNumberGenerator,
    Solution,
    SolveParams,
)
from pyvrp import Route as PyvrpRoute
from pyvrp.IteratedLocalSearch import IteratedLocalSearchParams
from pyvrp.search import (
    LocalSearch,
    PerturbationManager,
    PerturbationParams,
    compute_neighbours,
)

from yiyang.scheduling.ejection import place_left_out

UNBOUNDED = 2**40
# With `chains`, the last `CHAIN_SHARE` of the time is the ejection chains', which place what they
# can of the stops the search left out (`ejection.py`).
CHAIN_SHARE = 0.15


@dataclass(frozen=True)
class Stop:
    """A client to visit: where, when it may start, how long it takes, what it needs."""

    location: int
    service: int
    window: tuple[int, int]
    demand: tuple[int, ...] = ()
    required: bool = True
    prize: int = 0
    group: int | None = None  # stops of one group are alternatives: at most one is visited


@dataclass(frozen=True)
class Vehicle:
    """A vehicle (a caregiver): where it starts and ends, its shift window and capacities."""

    start: int
    end: int
    window: tuple[int, int] = (0, UNBOUNDED)
    capacity: tuple[int, ...] = ()
    max_duration: int = UNBOUNDED
    count: int = 1
    profile: int = 0  # 0: the instance's matrices; k: its `profiles[k - 1]` (a travel mode)


@dataclass(frozen=True)
class Instance:
    """Locations (as coordinates for the solver's neighbourhoods), an integer distance and
    duration matrix between them, the stops and the vehicles."""

    coordinates: list[tuple[float, float]]
    distance: Sequence[Sequence[int]] | np.ndarray
    duration: Sequence[Sequence[int]] | np.ndarray
    stops: list[Stop]
    vehicles: list[Vehicle]
    distance_cost: int = 1
    duration_cost: int = 0
    # Further travel-time matrices (distance and duration alike), one per other travel mode.
    profiles: list[np.ndarray] = field(default_factory=list)


@dataclass
class Route:
    vehicle: int
    stops: list[int] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    departure: int = 0
    arrival: int = 0


@dataclass
class Routes:
    routes: list[Route]
    unplaced: list[int]
    distance: int
    cost: int
    is_feasible: bool


class Deadline:
    """PyVRP's stopping criterion for a moment on `time.perf_counter`'s clock. Its own
    `MaxRuntime` starts counting at the search's first iteration, after building the data, the
    neighbourhoods and the initial solution, which on a 1,000-visit day took seconds more than
    asked for; a deadline fixed before any of that covers the whole call."""

    def __init__(self, at: float) -> None:
        self.at = at

    def __call__(self, best_cost: float) -> bool:
        return self.passed()

    def passed(self) -> bool:
        return time.perf_counter() >= self.at


def solve(
    instance: Instance,
    *,
    seconds: float,
    seed: int = 0,
    params: SolveParams | None = None,
    history: int | None = None,
    perturbations: int | None = None,
    chains: bool = False,
) -> Routes:
    """Solve `instance` within `seconds` of wall time, counted from this call (building the
    solver's data included); return each used vehicle's stops in order, with the minute each
    service starts, and the stops left out. `history` sets the length of the search's
    late-acceptance history (PyVRP's default, 300, without it); `perturbations` the most stops
    each iteration's perturbation moves (PyVRP's default, 25, without it). With `chains`, the
    stops left out are offered to ejection chains before the end (`CHAIN_SHARE`), and the
    search goes on from their plan while time remains."""
    began = time.perf_counter()
    if params is None:
        params = SolveParams(
            ils=IteratedLocalSearchParams(history_length=history or 300),
            perturbation=PerturbationParams(max_perturbations=perturbations or 25),
        )
    deadline = Deadline(began + seconds)
    model = Model()
    locations = [model.add_location(x, y) for x, y in instance.coordinates]
    depots: dict[int, Depot] = {}
    for vehicle in instance.vehicles:
        for where in (vehicle.start, vehicle.end):
            if where not in depots:
                depots[where] = model.add_depot(locations[where])
    dimensions = max(
        [len(stop.demand) for stop in instance.stops]
        + [len(vehicle.capacity) for vehicle in instance.vehicles]
        + [0]
    )
    profiles = [model.add_profile() for _ in range(len(instance.profiles) + 1)]
    vehicle_of_type: list[int] = []
    for index, vehicle in enumerate(instance.vehicles):
        model.add_vehicle_type(
            num_available=vehicle.count,
            capacity=_padded(vehicle.capacity, dimensions),
            start_depot=depots[vehicle.start],
            end_depot=depots[vehicle.end],
            tw_early=vehicle.window[0],
            tw_late=vehicle.window[1],
            shift_duration=vehicle.max_duration,
            unit_distance_cost=instance.distance_cost,
            unit_duration_cost=instance.duration_cost,
            profile=profiles[vehicle.profile],
        )
        vehicle_of_type.append(index)
    groups: dict[int, ClientGroup] = {}
    for stop in instance.stops:
        if stop.group is not None and stop.group not in groups:
            groups[stop.group] = model.add_client_group(required=False)
        model.add_client(
            locations[stop.location],
            delivery=_padded(stop.demand, dimensions),
            service_duration=stop.service,
            tw_early=stop.window[0],
            tw_late=stop.window[1],
            required=stop.required,
            prize=stop.prize,
            group=None if stop.group is None else groups[stop.group],
        )
    # The matrices go in whole: one `add_edge` per pair cost 2 s for 1,120 places. The model's
    # locations are the instance's, in the same order, so the indices agree. (`Any`: PyVRP's
    # stubs spell the matrices `ndarray[int]`, which no numpy type is.)
    matrices: Any = [np.asarray(m, dtype=np.int64) for m in (instance.distance, *instance.profiles)]
    durations: Any = [
        np.asarray(m, dtype=np.int64) for m in (instance.duration, *instance.profiles)
    ]
    data = model.data().replace(distance_matrices=matrices, duration_matrices=durations)
    search = _Search(data, seed, params)
    local_search = search.local_search(params.perturbation)
    chain_at = began + seconds * (1 - CHAIN_SHARE) if chains else deadline.at
    best = search.run(local_search, None, Deadline(chain_at))
    if chains and best.is_feasible():
        best = search.tidy(local_search, _chained(data, instance, best, deadline))
        if not deadline.passed():  # the chains were done early: search on from their plan
            best = search.run(local_search, best, deadline)
    assert best is not None
    return _routes(best, vehicle_of_type, len(instance.stops))


class _Search:
    """PyVRP's `solve`, kept between rounds: the neighbourhoods, the random stream and the
    penalties it has learnt survive a round, so searching on from a solution the ejection
    chains improved costs nothing to set up again."""

    def __init__(self, data: ProblemData, seed: int, params: SolveParams) -> None:
        self.data, self.params = data, params
        self.random = RandomNumberGenerator(seed=seed)
        self.neighbours = compute_neighbours(data, params.neighbourhood)
        self.penalties = PenaltyManager(params.penalty.midpoint_penalties(data), params.penalty)

    def local_search(self, perturbation: PerturbationParams) -> LocalSearch:
        found = LocalSearch(
            self.data, self.random, self.neighbours, PerturbationManager(perturbation)
        )
        for operator in self.params.operators:
            if operator.supports(self.data):
                found.add_operator(operator(self.data))
        return found

    def tidy(self, local_search: LocalSearch, solution: Solution) -> Solution:
        """`solution` after a local search without perturbation, if that is feasible and no
        worse: the ejection chains insert without shortening the rest of the route."""
        evaluator = self.penalties.cost_evaluator()
        tidied = local_search(solution, evaluator, exhaustive=True)
        if tidied.is_feasible() and evaluator.cost(tidied) <= evaluator.cost(solution):
            return tidied
        return solution

    def run(self, local_search: LocalSearch, start: Solution | None, until: Deadline) -> Solution:
        if start is None:
            random = Solution.make_random(self.data, self.random)
            start = local_search(random, self.penalties.max_cost_evaluator(), exhaustive=True)
        found = IteratedLocalSearch(
            self.data, self.penalties, local_search, start, self.params.ils
        ).run(until, collect_stats=False, display=False)
        return found.best


def _chained(data: Any, instance: Instance, solution: Solution, until: Deadline) -> Solution:
    """`solution` with the stops ejection chains place (`ejection.py`); each vehicle is its own
    vehicle type here, so a route's type is its vehicle."""
    routes: list[list[int]] = [[] for _ in instance.vehicles]
    for route in solution.routes():
        routes[route.vehicle_type()] = [a.idx for a in route.schedule() if a.is_client()]
    chained = place_left_out(instance, routes, until)
    return Solution(
        data, [PyvrpRoute(data, stops, vehicle) for vehicle, stops in enumerate(chained) if stops]
    )


def _padded(values: tuple[int, ...], size: int) -> list[int]:
    return list(values) + [0] * (size - len(values))


def _routes(solution: Solution, vehicle_of_type: list[int], total: int) -> Routes:
    routes: list[Route] = []
    placed: set[int] = set()
    for route in solution.routes():
        found = Route(
            vehicle=vehicle_of_type[route.vehicle_type()],
            departure=route.start_time(),
            arrival=route.end_time(),
        )
        for activity in route.schedule():
            if activity.is_client():
                stop = activity.idx
                found.stops.append(stop)
                found.starts.append(activity.start_time)
                placed.add(stop)
        routes.append(found)
    unplaced = [stop for stop in range(total) if stop not in placed]
    return Routes(
        routes=routes,
        unplaced=unplaced,
        distance=solution.distance(),
        cost=solution.distance_cost() + solution.duration_cost(),
        is_feasible=solution.is_feasible(),
    )
