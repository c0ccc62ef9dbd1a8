"""Benchmark a payment run: one month of the longevity allowance for a city of N elders.

    .venv/bin/python bench/payment_run.py [--elders N] [--approve] [--profile FILE]

Creates a fresh PostgreSQL database (yiyang_bench_<pid>), migrates it, loads a city's region
tree and COPYs N generated elders straight into registry_elder (a 60+ age pyramid, ~16% aged
80+; hukou = residence community; unique, not checksummed, identity numbers) with a bank
account each. Installs the default programmes from this month, then, as a city administrator,
computes the longevity allowance for the whole city and computes it again (nothing changed):
the second run must write nothing (rows, change records and computed_at are compared before
and after). With --approve a clerk submits the run and a second administrator approves it (the
ledger write is timed). Prints one JSON line; the database is dropped after.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import random
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from import_elders import (  # noqa: E402
    ETHNICITIES,
    GIVEN,
    SURNAMES,
    create_database,
    drop_database,
    region_tree,
)

# Share of the 60+ population in each five-year band (60-64 … 100+), after the 2020 census
# shape: about 16% are 80 or older.
AGE_BANDS = (
    (60, 0.285),
    (65, 0.245),
    (70, 0.180),
    (75, 0.125),
    (80, 0.085),
    (85, 0.050),
    (90, 0.022),
    (95, 0.0075),
    (100, 0.0005),
)
BANKS = (
    "宁夏黄河农村商业银行",
    "中国农业银行吴忠分行",
    "中国工商银行吴忠分行",
    "中国建设银行吴忠分行",
)
ELDER_COLUMNS = (
    "name",
    "name_initials",
    "id_number",
    "gender",
    "birth_date",
    "ethnicity",
    "phone_primary",
    "phone_secondary",
    "hukou_region_id",
    "hukou_address",
    "residence_region_id",
    "address",
    "living_arrangement",
    "status",
    "external_ids",
    "created_at",
    "updated_at",
)


def birth_dates(count: int, today: date, draw: random.Random) -> list[date]:
    """Birth dates following AGE_BANDS (uniform within a band)."""
    bands = [low for low, _share in AGE_BANDS]
    weights = [share for _low, share in AGE_BANDS]
    dates: list[date] = []
    for low in draw.choices(bands, weights=weights, k=count):
        age_days = int((low + draw.random() * 5) * 365.25)
        dates.append(today - timedelta(days=age_days))
    return dates


def load_elders(count: int, communities: list[str], today: date) -> float:
    """COPY `count` elders and their bank accounts; return the seconds it took."""
    from django.db import connection

    started = time.perf_counter()
    draw = random.Random(2026)
    names = [a + b + c for a in SURNAMES[:40] for b in GIVEN[:20] for c in GIVEN[20:40]]
    now = f"{today.isoformat()} 08:00:00+08"
    births = birth_dates(count, today, draw)
    with connection.cursor() as cursor:
        columns = ", ".join(ELDER_COLUMNS)
        with cursor.copy(f"COPY registry_elder ({columns}) FROM STDIN") as copy:
            for index, birth in enumerate(births):
                community = communities[index % len(communities)]
                copy.write_row(
                    (
                        names[index % len(names)],
                        "",
                        f"64{index:016d}",
                        "female" if index % 2 else "male",
                        birth,
                        ETHNICITIES[index % len(ETHNICITIES)],
                        f"139{index:08d}",
                        "",
                        community,
                        "",
                        community,
                        f"{index % 60 + 1}号楼",
                        "other",
                        "active",
                        "{}",
                        now,
                        now,
                    )
                )
        cursor.execute(
            """
            INSERT INTO benefits_bankaccount (elder_id, bank_name, account_number,
                account_holder, updated_at)
            SELECT id, (%s::text[])[1 + id %% %s], '6228' || lpad(id::text, 15, '0'), name, now()
            FROM registry_elder
            """,
            [list(BANKS), len(BANKS)],
        )
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def counts(run_pk: int | None) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM benefits_paymentrow")
        rows = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM core_changerecord")
        changes = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM benefits_finding")
        findings = cursor.fetchone()[0]
        cursor.execute("SELECT max(computed_at) FROM benefits_paymentrun")
        computed_at = cursor.fetchone()[0]
    return {"rows": rows, "changes": changes, "findings": findings, "computed_at": computed_at}


def timed(call, profile: cProfile.Profile | None):
    started = time.perf_counter()
    if profile is not None:
        profile.enable()
    try:
        result = call()
    finally:
        if profile is not None:
            profile.disable()
    return result, time.perf_counter() - started


def run(args, url: str) -> dict:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yiyang.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from yiyang.benefits.eligibility import month_start
    from yiyang.benefits.models import LedgerEntry, PaymentRow, Program
    from yiyang.benefits.services import approve_run, compute_run, submit_run
    from yiyang.benefits.services.defaults import install_default_programs
    from yiyang.core.models import Region, User
    from yiyang.core.roles import Role

    call_command("migrate", verbosity=0)
    tree = region_tree()
    Region.objects.bulk_create(
        [Region(code=c, name=n, level=lv, parent_id=p) for c, n, lv, p in tree]
    )
    communities = [code for code, _name, level, _parent in tree if level == 5]
    today = timezone.localdate()
    month = month_start(today)
    load_seconds = load_elders(args.elders, communities, today)

    city = Region.objects.get(code="640300000000")
    install_default_programs(city, start=month)
    program = Program.objects.get(code="longevity_allowance")
    clerk = User.objects.create(username="bench_clerk", role=Role.CITY_ADMIN, region=city)
    checker = User.objects.create(username="bench_checker", role=Role.CITY_ADMIN, region=city)
    profile = cProfile.Profile() if args.profile else None

    run_obj, first = timed(
        lambda: compute_run(program, region=city, month=month, actor=clerk), profile
    )
    before = counts(run_obj.pk)
    run_obj, second = timed(
        lambda: compute_run(program, region=city, month=month, actor=clerk), profile
    )
    after = counts(run_obj.pk)
    wrote = sum(after[k] != before[k] for k in ("rows", "changes", "findings", "computed_at"))
    assert wrote == 0, (before, after)
    rows = PaymentRow.objects.filter(run=run_obj)
    aged_80 = rows.filter(amount_fen__gt=0).count()
    result = {
        "benchmark": "payment_run",
        "database": "postgresql",
        "machine": args.machine,
        "program": program.code,
        "month": month.isoformat(),
        "elders": args.elders,
        "load_s": round(load_seconds, 1),
        "rows": after["rows"],
        "paid": aged_80,
        "share_80_plus": round(aged_80 / args.elders, 3),
        "amount_fen": run_obj.amount_fen,
        "findings": after["findings"],
        "first_run_s": round(first, 2),
        "second_run_s": round(second, 2),
        "wrote_on_second_run": wrote,
        "targets": {"first_run_s": 60, "second_run_s": 15},
    }
    if args.approve:
        run_obj, submit = timed(lambda: submit_run(run_obj, actor=clerk), None)
        run_obj, approve = timed(lambda: approve_run(run_obj, actor=checker), profile)
        assert run_obj.status == "approved", run_obj.status
        result.update(
            submit_s=round(submit, 2),
            approve_s=round(approve, 2),
            ledger_entries=LedgerEntry.objects.filter(run=run_obj).count(),
        )
    if profile is not None:
        profile.dump_stats(args.profile)
    result["peak_memory_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elders", type=int, default=1_000_000)
    parser.add_argument("--approve", action="store_true", help="submit, approve, time the ledger")
    parser.add_argument("--profile", help="write cProfile stats of the timed calls to this file")
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
        drop_database(args.server, name)


if __name__ == "__main__":
    main()
