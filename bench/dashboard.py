"""Benchmark the director's dashboard on a city of N elders and M visit records (issue 8).

    .venv/bin/python bench/dashboard.py [--elders 1000000] [--visits 10000000]

Creates a fresh PostgreSQL database (yiyang_bench_<pid>), migrates it, loads a city's region tree
(600 communities), COPYs N generated elders (bench/payment_run.py's age pyramid; a third given an
ability level, one in eight living alone) and generates M delivered home-care visits over the last
twelve months in SQL. Times `snapshot_month` for the running month (the daily task: every
indicator for every region, and the population tables), then the dashboard page of the city,
a district and a street as the city administrator (first and second request), and a cold raw
SQL count of the figures the page shows (the five registry shares, the age bands and the
ability levels per district, one grouped query over the elders). Prints one JSON line with the
timings and the ratio of the city page to that raw count; the database is dropped after.

The dashboard reads the snapshots (IndicatorSnapshot, BreakdownSnapshot): it counts no elder and
no visit, so its time does not grow with either; the visits are read by the snapshot task only.
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
       count(*) FILTER (WHERE living_arrangement = 'alone') AS living_alone,
       count(*) FILTER (WHERE birth_date > %(seventy)s) AS age_60_69,
       count(*) FILTER (WHERE birth_date <= %(seventy)s AND birth_date > %(eighty)s) AS age_70_79,
       count(*) FILTER (WHERE birth_date <= %(eighty)s AND birth_date > %(ninety)s) AS age_80_89,
       count(*) FILTER (WHERE birth_date <= %(ninety)s) AS age_90,
       count(*) FILTER (WHERE ability_level = 0 AND ability_level_valid_until >= %(today)s) AS l0,
       count(*) FILTER (WHERE ability_level = 1 AND ability_level_valid_until >= %(today)s) AS l1,
       count(*) FILTER (WHERE ability_level = 2 AND ability_level_valid_until >= %(today)s) AS l2,
       count(*) FILTER (WHERE ability_level = 3 AND ability_level_valid_until >= %(today)s) AS l3,
       count(*) FILTER (WHERE ability_level = 4 AND ability_level_valid_until >= %(today)s) AS l4
FROM registry_elder WHERE status = 'active'
GROUP BY 1 ORDER BY 1
"""

# Ability levels and living arrangements the generated elders lack, spread deterministically.
VARIETY = """
UPDATE registry_elder SET
    ability_level = CASE WHEN id %% 3 = 0 THEN id %% 5 END,
    ability_level_valid_until = CASE WHEN id %% 3 = 0 THEN %(valid)s::date END,
    living_arrangement = CASE WHEN id %% 8 = 0 THEN 'alone' ELSE living_arrangement END
"""

# M delivered visits over the last 12 months, spread over the elders, in one statement.
VISITS = """
INSERT INTO homecare_serviceorder (elder_id, provider_id, item_id, source, planned_start,
    planned_minutes, address, needs_note, status, checked_in_at, actual_minutes,
    duration_reason, visit_note, is_auto_confirmed, rating_comment, review_status,
    review_reason, closing_reason, request_key, created_at, updated_at)
SELECT e.first + (g %% e.n), %(provider)s, %(item)s, 'plan', t, 60, '', '', 'settled', t, 55,
       '', '', false, '', '', '', '', '', t, t
FROM generate_series(1, %(visits)s) AS g,
     LATERAL (SELECT %(now)s::timestamptz - (g %% 525600) * interval '1 minute' AS t) AS moment,
     (SELECT min(id) AS first, count(*) AS n FROM registry_elder) AS e
"""


def seconds(call) -> tuple[object, float]:
    started = time.perf_counter()
    result = call()
    return result, round(time.perf_counter() - started, 3)


def load_visits(count: int, city, admin) -> float:
    """Generate `count` delivered visits in SQL (one provider, one item); return the seconds."""
    from datetime import date

    from django.db import connection
    from django.utils import timezone

    from yiyang.homecare.models import Provider, ServiceItem

    started = time.perf_counter()
    provider = Provider.objects.create(  # the bench builds its own world
        name="颐养到家",
        credit_code="91640300MA7700001X",
        kind="company",
        region=city,
        contract_starts_on=date(2020, 1, 1),
        contract_ends_on=date(2030, 12, 31),
        contact_name="王经理",
        contact_phone="13900000000",
        status="active",
    )
    item = ServiceItem.objects.create(
        code="clean_60", name="居家保洁", category="cleaning", unit="visit", standard_minutes=60
    )
    with connection.cursor() as cursor:
        # A bench's own database: the foreign keys are known good, so their per-row checks
        # (triggers) are skipped while the rows go in.
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            VISITS,
            {"provider": provider.pk, "item": item.pk, "visits": count, "now": timezone.now()},
        )
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("ANALYZE homecare_serviceorder")
    return time.perf_counter() - started


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
    with connection.cursor() as cursor:
        cursor.execute(VARIETY, {"valid": today.replace(year=today.year + 1)})
    city = Region.objects.get(code="640300000000")
    district = next(code for code, _n, level, _p in tree if level == 3)
    street = next(code for code, _n, level, _p in tree if level == 4)
    admin = User.objects.create(username="bench_admin", role=Role.CITY_ADMIN, region=city)
    visits_seconds = round(load_visits(args.visits, city, admin), 3) if args.visits else 0.0

    with connection.cursor() as cursor:
        cursor.execute("DISCARD ALL")
        _rows, raw_cold = seconds(
            lambda: cursor.execute(
                RAW,
                {
                    "seventy": years_before(today, 70),
                    "eighty": years_before(today, 80),
                    "ninety": years_before(today, 90),
                    "today": today,
                },
            ).fetchall()
        )
    summary, snapshot_seconds = seconds(lambda: snapshot_month(today.replace(day=1)))
    _again, snapshot_again_seconds = seconds(lambda: snapshot_month(today.replace(day=1)))

    client = Client()
    client.force_login(admin)

    def page(query: dict) -> int:
        response = client.get("/stats/", query)
        assert response.status_code == 200, response.status_code
        return len(response.content)

    _size, city_first = seconds(lambda: page({}))
    _size, city_second = seconds(lambda: page({}))
    _size, district_page = seconds(lambda: page({"region": district}))
    _size, street_page = seconds(lambda: page({"region": street}))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM homecare_serviceorder")
        visits = cursor.fetchone()[0]
    return {
        "bench": "dashboard",
        "machine": args.machine,
        "elders": args.elders,
        "communities": len(communities),
        "visits": visits,
        "load_seconds": load_seconds,
        "visits_load_seconds": visits_seconds,
        "snapshot_seconds": snapshot_seconds,
        "snapshot_again_seconds": snapshot_again_seconds,
        "snapshots_written": summary.created,  # type: ignore[attr-defined]
        "city_page_first_seconds": city_first,
        "city_page_second_seconds": city_second,
        "district_page_seconds": district_page,
        "street_page_seconds": street_page,
        "raw_count_cold_seconds": raw_cold,
        "city_page_over_raw": round(city_second / raw_cold, 1) if raw_cold else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elders", type=int, default=1_000_000)
    parser.add_argument("--visits", type=int, default=10_000_000)
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
