"""Ejection chains (scheduling/ejection.py): a stop left out is placed by moving others, and no
chain ever breaks a window, a shift or a permission, or loses a stop that was placed."""

from __future__ import annotations

import time

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from yiyang.scheduling.ejection import place_left_out
from yiyang.scheduling.vrptw import Deadline, Instance, Stop, Vehicle

FAR = Deadline(time.perf_counter() + 3600)


def instance(stops, vehicles, minutes=5, profiles=()) -> Instance:
    """Every place `minutes` from every other; vehicle k starts and ends at place k."""
    places = len(vehicles) + len(stops)
    matrix = np.full((places, places), minutes, dtype=np.int64)
    np.fill_diagonal(matrix, 0)
    return Instance(
        coordinates=[(float(i), 0.0) for i in range(places)],
        distance=matrix,
        duration=matrix,
        stops=stops,
        vehicles=vehicles,
        profiles=list(profiles),
    )


def at_ten(location: int, demand: tuple[int, ...], group: int | None = None) -> Stop:
    """An hour's visit that must start at minute 10."""
    return Stop(location, 60, (10, 10), demand, required=False, prize=100, group=group)


def test_a_stop_takes_the_place_of_one_that_someone_else_can_do():
    # Only A may do u (skill 0); w, in A's only slot, may go to B.
    u, w = at_ten(2, (1,)), at_ten(3, (0,))
    vehicles = [Vehicle(0, 0, (0, 200), (9,)), Vehicle(1, 1, (0, 200), (0,))]
    routes = place_left_out(instance([u, w], vehicles), [[1], []], FAR)
    assert routes == [[0], [1]]


def test_a_chain_moves_as_many_stops_as_it_needs():
    # u only fits A, where w is; w fits B, where x is; x fits C.
    u, w, x = at_ten(3, (1, 0)), at_ten(4, (0, 1)), at_ten(5, (0, 0))
    vehicles = [
        Vehicle(0, 0, (0, 200), (9, 9)),
        Vehicle(1, 1, (0, 200), (0, 9)),
        Vehicle(2, 2, (0, 200), (0, 0)),
    ]
    routes = place_left_out(instance([u, w, x], vehicles), [[1], [2], []], FAR)
    assert routes == [[0], [1], [2]]


def test_nothing_moves_when_no_one_can_take_the_stop_in_the_way():
    u, w = at_ten(2, (1,)), at_ten(3, (1,))  # both need the skill only A has
    vehicles = [Vehicle(0, 0, (0, 200), (9,)), Vehicle(1, 1, (0, 200), (0,))]
    assert place_left_out(instance([u, w], vehicles), [[1], []], FAR) == [[1], []]


def test_a_stop_of_a_group_already_visited_stays_out():
    placed, other = at_ten(2, (0,), group=0), at_ten(3, (0,), group=0)
    vehicles = [Vehicle(0, 0, (0, 200), (9,)), Vehicle(1, 1, (0, 200), (9,))]
    assert place_left_out(instance([placed, other], vehicles), [[0], []], FAR) == [[0], []]


def test_each_vehicle_travels_by_its_own_profile():
    # A is slow (50 minutes a leg): she cannot be there by minute 20; B can.
    u = Stop(2, 30, (10, 20), (0,), required=False, prize=100)
    vehicles = [Vehicle(0, 0, (0, 300), (9,), profile=1), Vehicle(1, 1, (0, 300), (9,))]
    slow = np.full((3, 3), 50, dtype=np.int64)
    np.fill_diagonal(slow, 0)
    routes = place_left_out(instance([u], vehicles, profiles=[slow]), [[], []], FAR)
    assert routes == [[], [0]]


def test_nothing_changes_once_the_deadline_has_passed():
    u, w = at_ten(2, (1,)), at_ten(3, (0,))
    vehicles = [Vehicle(0, 0, (0, 200), (9,)), Vehicle(1, 1, (0, 200), (0,))]
    passed = Deadline(time.perf_counter() - 1)
    assert place_left_out(instance([u, w], vehicles), [[1], []], passed) == [[1], []]


# --- property: random small days ------------------------------------------------------------


def feasible(inst: Instance, vehicle: int, route: list[int]) -> bool:
    """Our own reading of a route: permissions, loads, windows, back by the shift's end."""
    v, m = inst.vehicles[vehicle], inst.duration
    for k, capacity in enumerate(v.capacity):
        if sum(inst.stops[s].demand[k] for s in route) > capacity:
            return False
    here, now = v.start, v.window[0]
    for s in route:
        stop = inst.stops[s]
        now = max(now + int(m[here][stop.location]), stop.window[0])
        if now > stop.window[1]:
            return False
        here, now = stop.location, now + stop.service
    return now + int(m[here][v.end]) <= v.window[1]


@st.composite
def days(draw):
    n_vehicles = draw(st.integers(2, 4))
    n_stops = draw(st.integers(2, 12))
    points = draw(
        st.lists(
            st.tuples(st.integers(0, 20), st.integers(0, 20)),
            min_size=n_vehicles + n_stops,
            max_size=n_vehicles + n_stops,
        )
    )
    matrix = np.array(
        [[abs(a[0] - b[0]) + abs(a[1] - b[1]) for b in points] for a in points], dtype=np.int64
    )
    vehicles = []
    for k in range(n_vehicles):
        start = draw(st.integers(0, 60))
        vehicles.append(
            Vehicle(
                k,
                k,
                (start, start + draw(st.integers(60, 240))),
                tuple(draw(st.sampled_from([0, 20])) for _ in range(2)),
            )
        )
    stops = []
    for i in range(n_stops):
        opens = draw(st.integers(0, 200))
        stops.append(
            Stop(
                n_vehicles + i,
                draw(st.sampled_from([10, 20, 30, 45])),
                (opens, opens + draw(st.integers(0, 60))),
                tuple(draw(st.sampled_from([0, 1])) for _ in range(2)),
                required=False,
                prize=100,
            )
        )
    inst = Instance(
        coordinates=[(float(x), float(y)) for x, y in points],
        distance=matrix,
        duration=matrix,
        stops=stops,
        vehicles=vehicles,
    )
    # a feasible start: each stop, in a drawn order, appended to a drawn vehicle where it fits
    routes: list[list[int]] = [[] for _ in vehicles]
    for s in draw(st.permutations(range(n_stops))):
        k = draw(st.integers(0, n_vehicles - 1))
        if draw(st.booleans()) and feasible(inst, k, [*routes[k], s]):
            routes[k].append(s)
    return inst, routes


@settings(max_examples=300, deadline=None)
@given(days())
def test_chains_never_break_a_route_nor_lose_a_stop(day):
    inst, routes = day
    chained = place_left_out(inst, [list(r) for r in routes], FAR)
    visited = [s for route in chained for s in route]
    assert len(visited) == len(set(visited))
    assert {s for route in routes for s in route} <= set(visited)
    for vehicle, route in enumerate(chained):
        assert feasible(inst, vehicle, route), (vehicle, route)
