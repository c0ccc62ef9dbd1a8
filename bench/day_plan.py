"""Benchmark a seeded synthetic day of one district (issue 9).

    .venv/bin/python bench/day_plan.py [--visits 1000] [--caregivers 120] [--seconds 60]
        [--long 300] [--seed 7]

1,000 visits (windows 1–3 h, 15–90 min) and 120 caregivers starting at home with 8-hour shifts
and 1–3 of 4 skills, in a 12 km square around 利通区. Plans the day through `plan_day` in
`--seconds`, checks it with the independent validator, compares its travel with a greedy
nearest-caregiver plan of the same day, then plans it again with `--long` seconds (0 skips) to
compare costs. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from yiyang.scheduling.dayplan import (  # noqa: E402
    Plan,
    clock,
    plan_day,
    read_day,
    schedule,
    travel_of,
)
from yiyang.scheduling.validate import violations  # noqa: E402

SKILLS = ["bathing", "nursing", "rehab", "meals"]
CENTRE = (37.98, 106.19)
KM_LAT, KM_LNG = 1 / 111.2, 1 / 87.6  # degrees per km at 38°N


def synthetic_day(visits: int, caregivers: int, seed: int) -> dict:
    rng = random.Random(seed)

    def point():
        return [
            round(CENTRE[0] + rng.uniform(-6, 6) * KM_LAT, 6),
            round(CENTRE[1] + rng.uniform(-6, 6) * KM_LNG, 6),
        ]

    people = []
    for index in range(caregivers):
        start = rng.choice([7 * 60, 7 * 60 + 30, 8 * 60, 8 * 60 + 30, 9 * 60])
        people.append(
            {
                "id": f"c{index:03d}",
                "home": point(),
                "shift": [clock(start), clock(start + 480)],
                "skills": rng.sample(SKILLS, rng.randint(1, 3)),
            }
        )
    items = []
    for index in range(visits):
        width = rng.choice([60, 90, 120, 180])
        opens = rng.randrange(8 * 60, 17 * 60 - width, 15)
        items.append(
            {
                "id": f"v{index:04d}",
                "location": point(),
                "window": [clock(opens), clock(opens + width)],
                "duration_min": rng.choice([15, 30, 45, 60, 90]),
                "skills": [rng.choice(SKILLS)] if rng.random() < 0.6 else [],
            }
        )
    return {"travel": {"speed_kmh": 15, "detour": 1.3}, "caregivers": people, "visits": items}


def greedy(day) -> Plan:
    """Each visit, in window order, goes to the caregiver nearest to where she last was among
    those who can still fit it at the end of their day."""
    routes: dict[str, list] = {c.key: [] for c in day.caregivers}
    taken: dict[str, list] = {c.key: [] for c in day.caregivers}
    where = {c.key: c.home for c in day.caregivers}
    unplaced = {}
    for visit in sorted(day.visits, key=lambda v: (v.window[0], v.window[1])):
        best = None
        for caregiver in day.caregivers:
            if not visit.skills <= caregiver.skills:
                continue
            timed = schedule(day.travel, caregiver, [*taken[caregiver.key], visit])
            if timed is None:
                continue
            distance = day.travel.minutes_between(where[caregiver.key], visit.location)
            if best is None or distance < best[0]:
                best = (distance, caregiver, timed)
        if best is None:
            unplaced[visit.key] = "greedy: nobody fits it"
            continue
        _distance, caregiver, timed = best
        taken[caregiver.key].append(visit)
        routes[caregiver.key] = timed
        where[caregiver.key] = visit.location
    return Plan(routes, unplaced, travel_of(day, routes))


def per_visit(plan: Plan, visits: int) -> float:
    placed = visits - len(plan.unplaced)
    return round(plan.travel_minutes / placed, 2) if placed else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=1000)
    parser.add_argument("--caregivers", type=int, default=120)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--short", type=float, default=30)
    parser.add_argument("--long", type=float, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--machine", default=os.environ.get("BENCH_MACHINE", platform.node()))
    args = parser.parse_args()
    data = synthetic_day(args.visits, args.caregivers, args.seed)
    day = read_day(data)

    began, cpu = time.perf_counter(), time.process_time()
    plan = plan_day(day, seconds=args.seconds, seed=args.seed)
    used, cpu_used = time.perf_counter() - began, time.process_time() - cpu
    result = plan.as_json()
    problems = violations(data, result)
    baseline = greedy(day)
    figures = {
        "benchmark": "day_plan",
        "machine": args.machine,
        "visits": args.visits,
        "caregivers": args.caregivers,
        "seconds_limit": args.seconds,
        "plan_seconds": round(used, 1),
        # On a shared machine the wall-clock limit buys less search: the CPU seconds say how much.
        "plan_cpu_seconds": round(cpu_used, 1),
        "violations": len(problems),
        "placed": args.visits - len(plan.unplaced),
        "unplaced": len(plan.unplaced),
        "unplaced_reasons": sorted(set(plan.unplaced.values())),
        "travel_minutes": plan.travel_minutes,
        "greedy_placed": args.visits - len(baseline.unplaced),
        "greedy_travel_minutes": baseline.travel_minutes,
        "travel_vs_greedy": round(plan.travel_minutes / baseline.travel_minutes, 3),
        # The optimiser places more visits than greedy, and each placed visit adds travel: the
        # fair comparison is also per placed visit.
        "travel_per_visit": per_visit(plan, args.visits),
        "greedy_travel_per_visit": per_visit(baseline, args.visits),
        "travel_per_visit_vs_greedy": round(
            per_visit(plan, args.visits) / per_visit(baseline, args.visits), 3
        ),
    }
    if args.long:
        # The cost is the solver's objective with the day's weights: travel plus the `unplaced`
        # weight per visit left out (every visit has priority 1 here).
        unplaced_weight = day.weights["unplaced"]
        runs = {}
        for seconds in (args.short, args.long):
            began, cpu = time.perf_counter(), time.process_time()
            other = plan_day(day, seconds=seconds, seed=args.seed)
            runs[seconds] = {
                "seconds": round(time.perf_counter() - began, 1),
                "cpu_seconds": round(time.process_time() - cpu, 1),
                "unplaced": len(other.unplaced),
                "travel_minutes": other.travel_minutes,
                "cost": other.travel_minutes + unplaced_weight * len(other.unplaced),
            }
        figures["cost_short_over_long"] = round(
            runs[args.short]["cost"] / runs[args.long]["cost"], 4
        )
        figures["short_long_seconds"] = [args.short, args.long]
        figures["short_long_runs"] = [runs[args.short], runs[args.long]]
    figures["load_average"] = [round(x, 2) for x in os.getloadavg()]
    figures["peak_memory_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    figures["targets"] = {
        "violations": 0,
        "plan_seconds": 60,
        "peak_memory_mib": 2048,
        "cost_short_over_long": 1.03,
        "travel_vs_greedy": 0.7,
    }
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
