"""Benchmark the director's dashboard on a city of N elders (issue 8).

    .venv/bin/python bench/dashboard.py [--elders N]

Creates a fresh PostgreSQL database (yiyang_bench_<pid>), migrates it, loads a city's region tree
and COPYs N generated elders (bench/payment_run.py's age pyramid). Times `snapshot_month` for
the running month, then the dashboard page of the city and of one district as the city
administrator (first and second request), and a cold raw SQL count of the same figures (elders,
80+, disabled, assessed and living alone per district, one grouped query). Prints one JSON line
with the timings and the ratio of the city page to the raw count; the database is dropped after.

The dashboard counts live (no pre-aggregated read yet): this shows how far it is from the
issue's "under 1 s on 1,000,000 elders". Visit records do not exist on this branch yet.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from import_elders import create_database, drop_database, region_tree  # noqa: E402
from payment_run import load_elders  # noqa: E402

RAW = """
SELECT substr(residence_region_id, 1, 6) AS district,
       count(*) AS elders,
       count(*) FILTER (WHERE birth_date <= %(eighty)s) AS advanced_age,
       count(*) FILTER (WHERE ability_level >= 1 AND ability_level_valid_until >= %(today)s)
           AS disabled,
       count(*) FILTER (WHERE ability_level IS NOT NULL AND ability_level_valid_until >= %(today)s)
           AS assessed,
       count(*) FILTER (WHERE living_arrangement = 'alone') AS living_alone
FROM registry_elder WHERE status = 'active'
GROUP BY 1 ORDER BY 1
"""


def seconds(call) -> tuple[object, float]:
    started = time.perf_counter()
    result = call()
    return result, round(time.perf_counter() - started, 3)


def run(args, url: str) -> dict:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yiyang.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from yiyang.core.models import Region, User
    from yiyang.core.roles import Role
    from yiyang.registry.models.elder import years_before
    from yiyang.stats.services import snapshot_month

    call_command("migrate", verbosity=0)
    tree = region_tree()
    Region.objects.bulk_create(
        [Region(code=c, name=n, level=lv, parent_id=p) for c, n, lv, p in tree]
    )
    communities = [code for code, _name, level, _parent in tree if level == 5]
    today = timezone.localdate()
    load_seconds = round(load_elders(args.elders, communities, today), 3)
    city = Region.objects.get(code="640300000000")
    district = next(code for code, _n, level, _p in tree if level == 3)
    admin = User.objects.create(username="bench_admin", role=Role.CITY_ADMIN, region=city)

    with connection.cursor() as cursor:
        cursor.execute("DISCARD ALL")
        _rows, raw_cold = seconds(
            lambda: cursor.execute(
                RAW, {"eighty": years_before(today, 80), "today": today}
            ).fetchall()
        )
    summary, snapshot_seconds = seconds(lambda: snapshot_month(today.replace(day=1)))

    client = Client()
    client.force_login(admin)

    def page(query: dict) -> int:
        response = client.get("/stats/", query)
        assert response.status_code == 200, response.status_code
        return len(response.content)

    _size, city_first = seconds(lambda: page({}))
    _size, city_second = seconds(lambda: page({}))
    _size, district_page = seconds(lambda: page({"region": district}))
    return {
        "bench": "dashboard",
        "machine": args.machine,
        "elders": args.elders,
        "communities": len(communities),
        "load_seconds": load_seconds,
        "snapshot_seconds": snapshot_seconds,
        "snapshots_written": summary.created,  # type: ignore[attr-defined]
        "city_page_first_seconds": city_first,
        "city_page_second_seconds": city_second,
        "district_page_seconds": district_page,
        "raw_count_cold_seconds": raw_cold,
        "city_page_over_raw": round(city_second / raw_cold, 1) if raw_cold else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elders", type=int, default=1_000_000)
    parser.add_argument("--machine", default=os.environ.get("BENCH_MACHINE", ""))
    parser.add_argument(
        "--server",
        default=os.environ.get("BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432"),
        help="PostgreSQL server URL without database name",
    )
    args = parser.parse_args()
    url, name = create_database("postgresql", args.server, Path("."))
    try:
        print(json.dumps(run(args, url), ensure_ascii=False, default=str))
    finally:
        from django.db import connections

        connections.close_all()
        if name:
            drop_database(args.server, name)


if __name__ == "__main__":
    main()
