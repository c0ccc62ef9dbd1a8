"""Profile one request of each order step in-process: CPU milliseconds and queries per step.

    .venv/bin/python bench/orders_profile.py [--elders N] [--orders K] [--keep] [--reuse URL]
                                              [--cprofile STEP]

The HTTP benchmark (`orders_api.py`) measures wall time through gunicorn, which on a shared
machine mostly measures the other tenants. This one runs the same API calls through Django's
test client in one process (middleware, token authentication, the handler, the service and the
answer's serialization all included; no socket, no server) and reports, per step, the median
CPU time of the process (`time.process_time`, not wall time: less sensitive to load) and the
number of SQL queries. PostgreSQL; a fresh database with the demo city unless `--reuse` names
one prepared by an earlier `--keep` run. `--cprofile STEP` prints the 25 most expensive
functions (cumulative) of that step to stderr.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from import_elders import create_database, drop_database  # noqa: E402

STEPS = ("create", "accept", "assign", "check_in", "check_out", "confirm", "read")


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yiyang.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def prepare_reused() -> dict:
    """Tokens and pks from a database an earlier run prepared."""
    from yiyang.core.services import issue_token
    from yiyang.demo.accounts import ensure_demo_accounts
    from yiyang.homecare.models import Provider
    from yiyang.registry.models import Elder
    from yiyang.workforce.models import Caregiver

    users = ensure_demo_accounts()
    tokens = {
        role: issue_token(users[name], name="profile", actor=users[name], days=7)
        for role, name in (("clerk", "shengli"), ("dispatcher", "fuwu"), ("caregiver", "huli1"))
    }
    return {
        "tokens": tokens,
        "elders": list(
            Elder.objects.in_region("640302001")  # scoped: benchmark set-up
            .in_registry()
            .exclude(address="")
            .values_list("pk", flat=True)[:200]
        ),
        "provider": Provider.objects.order_by("pk").first().pk,  # type: ignore[union-attr]
        "caregiver": Caregiver.objects.get(user__username="huli1").pk,  # scoped: set-up
    }


def run(setup: dict, orders: int, profile_step: str | None) -> dict:
    import time_machine
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    client = Client()
    tokens = setup["tokens"]
    cpu: dict[str, list[float]] = {step: [] for step in STEPS}
    queries: dict[str, list[int]] = {step: [] for step in STEPS}
    # CPU time, like the figures: a profile in wall time shows the waits on PostgreSQL's answers.
    profiler = cProfile.Profile(time.process_time)
    errors: list[str] = []
    # Plan tomorrow and let the clock pass the visit, so the check-out is the planned length
    # (no duration reason asked) and the confirmation is the elder's, not the 48 h rule's.
    start = timezone.localtime() + timedelta(days=1)
    for number in range(orders):
        elder = setup["elders"][number % len(setup["elders"])]
        # One after the other, so no visit overlaps another of the caregiver's (no flags).
        planned = start.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(
            minutes=61 * number
        )
        calls = (
            ("create", "post", "/service-orders/", "clerk", {
                "elder_pk": elder, "provider_pk": setup["provider"], "item_code": "cleaning_60",
                "planned_start": planned.isoformat(), "request_key": f"profile-{time.time_ns()}",
            }),
            ("accept", "post", "/service-orders/{pk}/accept", "dispatcher", {}),
            ("assign", "post", "/service-orders/{pk}/assign", "dispatcher",
             {"caregiver_pk": setup["caregiver"]}),
            ("check_in", "post", "/service-orders/{pk}/check-in", "caregiver",
             {"latitude": "37.98", "longitude": "106.19"}),
            ("check_out", "post", "/service-orders/{pk}/check-out", "caregiver",
             {"note": "profile", "duration_reason": "profile"}),
            ("confirm", "post", "/service-orders/{pk}/confirm", "clerk", {"rating": 5}),
            ("read", "get", "/service-orders/{pk}", "clerk", None),
        )  # fmt: skip
        pk = None
        for step, method, path, who, body in calls:
            moment = {"check_in": planned, "check_out": planned + timedelta(minutes=60)}.get(step)
            traveller = time_machine.travel(moment, tick=True) if moment else None
            if traveller:
                traveller.start()
            headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens[who]}"}
            url = "/api/v1" + path.format(pk=pk)
            with CaptureQueriesContext(connection) as captured:
                # The first order warms caches (imports, URL resolver): not profiled either.
                if profile_step == step and number:
                    profiler.enable()
                began = time.process_time()
                if method == "get":
                    response = client.get(url, **headers)
                else:
                    response = client.post(
                        url, json.dumps(body), content_type="application/json", **headers
                    )
                spent = time.process_time() - began
                if profile_step == step and number:
                    profiler.disable()
            if traveller:
                traveller.stop()
            if response.status_code >= 400:
                errors.append(f"{step} {response.status_code} {response.content[:120]!r}")
                break
            pk = response.json().get("pk", pk)
            # The first order warms caches (translations, URL resolver, permissions): not counted.
            if os.environ.get("PROFILE_SQL") and number == 1:
                for query in captured.captured_queries:
                    print(step, query["sql"][:300], file=sys.stderr)
            if number:
                cpu[step].append(spent)
                queries[step].append(len(captured.captured_queries))
    if profile_step:
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats(
            os.environ.get("PROFILE_SORT", "cumulative")
        ).print_stats(int(os.environ.get("PROFILE_TOP", "25")))
        print(stream.getvalue(), file=sys.stderr)
    return {
        "orders": orders,
        "errors": len(errors),
        "first_errors": errors[:3],
        "steps": {
            step: {
                "cpu_ms_median": round(1000 * statistics.median(cpu[step]), 2) if cpu[step] else 0,
                "queries": max(queries[step]) if queries[step] else 0,
            }
            for step in STEPS
        },
        "cpu_ms_per_order_median": round(
            sum(1000 * statistics.median(cpu[step]) for step in STEPS if cpu[step]), 1
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elders", type=int, default=2_000)
    parser.add_argument("--orders", type=int, default=60)
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--keep", action="store_true", help="keep the database; print its URL")
    parser.add_argument("--reuse", help="a database URL prepared by an earlier --keep run")
    parser.add_argument("--cprofile", choices=STEPS)
    args = parser.parse_args()
    name = None
    if args.reuse:
        url = args.reuse
        setup_django(url)
        setup = prepare_reused()
    else:
        from orders_api import prepare

        url, name = create_database("postgresql", args.server, ROOT / "var")
        prepare(url, args.elders)
        setup = prepare_reused()  # tokens that outlive the days the visits are planned on
    try:
        line = {"benchmark": "orders_profile", "elders": args.elders} | run(
            setup, args.orders, args.cprofile
        )
        if args.keep:
            line["database_url"] = url
        print(json.dumps(line, ensure_ascii=False))
    finally:
        if name and not args.keep:
            from django.db import connections

            connections.close_all()
            drop_database(args.server, name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
