"""Benchmark the planning core on the 56 Solomon VRPTW instances (issue 9).

    .venv/bin/python bench/solomon.py [--seconds 10] [--seed 1] [--only C101,R201]

Each instance goes through the project's own wrapper (`yiyang.scheduling.vrptw.solve`) with the
distance-only objective of the best-known solutions beside them (distances ×10, truncated; see
shared/bench/solomon/README.md), on one core with a fixed seed. Our own validator checks every
solution (each customer once, capacity, time windows, return to the depot in time) before its
gap to the `.sol` cost is counted. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from yiyang.scheduling.vrptw import Instance, Stop, Vehicle, solve  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "bench" / "solomon"


def read_instance(path: Path) -> tuple[Instance, list[int]]:
    """The instance, and each location's demand (index 0 is the depot)."""
    lines = path.read_text().splitlines()
    vehicles_at = next(i for i, line in enumerate(lines) if line.strip().startswith("NUMBER"))
    count, capacity = (int(v) for v in lines[vehicles_at + 1].split())
    rows = [
        [int(float(v)) for v in line.split()]
        for line in lines[vehicles_at + 2 :]
        if line.strip() and line.split()[0].isdigit()
    ]
    coordinates = [(float(r[1]), float(r[2])) for r in rows]
    distance = [
        [int(math.hypot(a[0] - b[0], a[1] - b[1]) * 10) for b in coordinates] for a in coordinates
    ]
    depot = rows[0]
    stops = [
        Stop(location=r[0], service=r[6] * 10, window=(r[4] * 10, r[5] * 10), demand=(r[3],))
        for r in rows[1:]
    ]
    vehicle = Vehicle(
        start=0, end=0, window=(depot[4] * 10, depot[5] * 10), capacity=(capacity,), count=count
    )
    instance = Instance(coordinates, distance, distance, stops, [vehicle])
    return instance, [r[3] for r in rows]


def best_known(path: Path) -> float:
    last = [line for line in path.read_text().splitlines() if line.startswith("Cost")][-1]
    return float(last.split()[1])


def violations(instance: Instance, routes) -> list[str]:
    """Our own check of a solution, independent of the solver's feasibility flag."""
    found = []
    seen = [0] * len(instance.stops)
    vehicle = instance.vehicles[0]
    if len(routes.routes) > vehicle.count:
        found.append(f"{len(routes.routes)} routes for {vehicle.count} vehicles")
    for number, route in enumerate(routes.routes):
        load = sum(instance.stops[s].demand[0] for s in route.stops)
        if load > vehicle.capacity[0]:
            found.append(f"route {number}: load {load} > {vehicle.capacity[0]}")
        here, now = vehicle.start, vehicle.window[0]
        for s in route.stops:
            stop = instance.stops[s]
            seen[s] += 1
            arrive = now + instance.duration[here][stop.location]
            start = max(arrive, stop.window[0])
            if start > stop.window[1]:
                found.append(f"route {number}: customer {stop.location} starts after its window")
            here, now = stop.location, start + stop.service
        if now + instance.duration[here][vehicle.end] > vehicle.window[1]:
            found.append(f"route {number}: back at the depot too late")
    found += [f"customer {i + 1} served {n} times" for i, n in enumerate(seen) if n != 1]
    return found


def route_distance(instance: Instance, routes) -> int:
    total = 0
    for route in routes.routes:
        path = [instance.vehicles[0].start, *(instance.stops[s].location for s in route.stops)]
        path.append(instance.vehicles[0].end)
        total += sum(instance.distance[a][b] for a, b in itertools.pairwise(path))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", default="", help="comma-separated instance names")
    parser.add_argument("--directory", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--machine", default=os.environ.get("BENCH_MACHINE", platform.node()))
    args = parser.parse_args()
    names = sorted(p.stem for p in args.directory.glob("*.txt"))
    if args.only:
        names = [n for n in names if n in args.only.split(",")]
    results = {}
    started = time.perf_counter()
    for name in names:
        instance, _demand = read_instance(args.directory / f"{name}.txt")
        began = time.perf_counter()
        routes = solve(instance, seconds=args.seconds, seed=args.seed)
        used = time.perf_counter() - began
        problems = violations(instance, routes)
        cost = route_distance(instance, routes) / 10
        best = best_known(args.directory / f"{name}.sol")
        results[name] = {
            "cost": cost,
            "best_known": best,
            "gap_pct": round((cost - best) / best * 100, 3),
            "seconds": round(used, 2),
            "routes": len(routes.routes),
            "feasible": not problems,
            "violations": problems[:3],
        }
    gaps = [r["gap_pct"] for r in results.values() if r["feasible"]]
    print(
        json.dumps(
            {
                "benchmark": "solomon",
                "machine": args.machine,
                "seconds_per_instance": args.seconds,
                "seed": args.seed,
                "instances": len(results),
                "feasible": sum(r["feasible"] for r in results.values()),
                "mean_gap_pct": round(sum(gaps) / len(gaps), 3) if gaps else None,
                "worst_gap_pct": max(gaps) if gaps else None,
                "targets": {"mean_gap_pct": 1.0, "worst_gap_pct": 2.5},
                "total_seconds": round(time.perf_counter() - started, 1),
                "per_instance": results,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
