"""Benchmark the 15-minute service circle (yiyang.servicemap.circle) on a synthetic city.

    .venv/bin/python bench/service_circle.py [--elders 1000000] [--facilities 3000]
        [--communities 1000] [--sites 3] [--seed 0]

Places the elders in --communities clusters over a 40 × 40 km city around Wuzhong (each
community a ~1 km blob; 2 % have no known location), the facilities at random over the same
area, then runs `cover` and `best_sites` as the page does and prints one JSON line: elders,
facilities, seconds for each step, peak memory of the process (with the
input held in memory, which is also given alone) and the coverage found. Pure functions: no database is needed.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from yiyang.servicemap.circle import CircleParameters, best_sites, cover

CENTRE = (37.9976, 106.1987)
HALF_SIDE_DEGREES = (0.18, 0.23)  # about 20 km each way at this latitude


def synthetic_city(elders: int, facilities: int, communities: int, seed: int):
    rng = random.Random(seed)
    centres = [
        (
            CENTRE[0] + rng.uniform(-HALF_SIDE_DEGREES[0], HALF_SIDE_DEGREES[0]),
            CENTRE[1] + rng.uniform(-HALF_SIDE_DEGREES[1], HALF_SIDE_DEGREES[1]),
        )
        for _ in range(communities)
    ]
    codes = [f"640302{index:06d}" for index in range(communities)]
    rows: list[tuple[str, float | None, float | None]] = []
    for _ in range(elders):
        index = rng.randrange(communities)
        if rng.random() < 0.02:
            rows.append((codes[index], None, None))
            continue
        lat, lng = centres[index]
        rows.append((codes[index], lat + rng.gauss(0, 0.004), lng + rng.gauss(0, 0.005)))
    sites = [
        (
            CENTRE[0] + rng.uniform(-HALF_SIDE_DEGREES[0], HALF_SIDE_DEGREES[0]),
            CENTRE[1] + rng.uniform(-HALF_SIDE_DEGREES[1], HALF_SIDE_DEGREES[1]),
        )
        for _ in range(facilities)
    ]
    return rows, sites


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--elders", type=int, default=1_000_000)
    parser.add_argument("--facilities", type=int, default=3000)
    parser.add_argument("--communities", type=int, default=1000)
    parser.add_argument("--sites", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rows, facilities = synthetic_city(args.elders, args.facilities, args.communities, args.seed)
    parameters = CircleParameters()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    coverage = cover(rows, facilities, parameters)
    covered_seconds = time.perf_counter() - started
    started = time.perf_counter()
    sites = best_sites(coverage.uncovered_points, parameters, count=args.sites)
    sites_seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    covered = sum(c.covered for c in coverage.by_community.values())
    unknown = sum(c.unknown for c in coverage.by_community.values())
    print(
        json.dumps(
            {
                "elders": args.elders,
                "facilities": args.facilities,
                "communities": args.communities,
                "reach_km": round(parameters.reach_km, 3),
                "cover_seconds": round(covered_seconds, 2),
                "best_sites_seconds": round(sites_seconds, 2),
                "seconds": round(covered_seconds + sites_seconds, 2),
                "peak_memory_mb": round(peak / 1024, 1),
                "input_memory_mb": round(before / 1024, 1),
                "covered_share": round(covered / args.elders, 4),
                "unknown": unknown,
                "site_gains": [site.gain for site in sites],
            }
        )
    )


if __name__ == "__main__":
    main()
