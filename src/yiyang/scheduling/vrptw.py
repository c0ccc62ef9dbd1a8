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
from pyvrp import ClientGroup, Depot, Model, Solution, SolveParams
from pyvrp import solve as pyvrp_solve
from pyvrp.IteratedLocalSearch import IteratedLocalSearchParams
from pyvrp.search import PerturbationParams

UNBOUNDED = 2**40


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
        return time.perf_counter() >= self.at


def solve(
    instance: Instance,
    *,
    seconds: float,
    seed: int = 0,
    params: SolveParams | None = None,
    history: int | None = None,
    perturbations: int | None = None,
    polish: float = 0.0,
) -> Routes:
    """Solve `instance` within `seconds` of wall time, counted from this call (building the
    solver's data included); return each used vehicle's stops in order, with the minute each
    service starts, and the stops left out. `history` sets the length of the search's
    late-acceptance history (PyVRP's default, 300, without it); `perturbations` the most stops
    each iteration's perturbation moves (PyVRP's default, 25, without it). The last `polish`
    share of the time searches on from the best found with PyVRP's default perturbations: small
    ones place stops sooner, the default ones then shorten the travel."""
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
    first = Deadline(began + seconds * (1 - polish)) if polish else deadline
    result = pyvrp_solve(data, first, seed=seed, collect_stats=False, display=False, params=params)
    if polish:
        polished = SolveParams(params.ils, params.penalty, params.neighbourhood, params.operators)
        result = pyvrp_solve(
            data,
            deadline,
            seed=seed,
            collect_stats=False,
            display=False,
            params=polished,
            initial_solution=result.best,
        )
    return _routes(result.best, vehicle_of_type, len(instance.stops))


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
