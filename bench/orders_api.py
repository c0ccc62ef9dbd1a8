"""Benchmark the order API: create, accept, assign, check in and check out over HTTP for 60 s.

    .venv/bin/python bench/orders_api.py [--elders N] [--seconds S] [--clients C] [--workers W]
                                          [--worker-class sync|gthread] [--threads T]
                                          [--keep] [--reuse URL]

Creates a fresh PostgreSQL database (yiyang_bench_<pid>), migrates it and loads the demo city
(N elders, the home services of 胜利街道 included), issues API tokens for the demo street clerk,
the provider's dispatcher and the caregiver, and serves the platform with gunicorn (W workers of
the class given: `sync` closes the connection after each answer, `gthread` keeps it open with T
threads a worker) on localhost. `--keep` keeps the database and prints its URL; `--reuse URL`
runs on such a database without loading the city again (the orders of earlier runs stay). C client threads then each run orders through their life: POST
/service-orders/ (a clerk, with a request key), /accept and /assign (the dispatcher), /check-in
and /check-out (the caregiver, with a location and the duration reason the instant check-out
needs). Prints one JSON line: requests/s overall, and count, p50 and p99 latency (ms) per step,
and where the machine's CPU went per request: the gunicorn workers, this database's PostgreSQL
backends and the load generator itself (from /proc; on a shared machine, the other tenants'
work is not in these figures, only in the latencies). The database is dropped after.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from import_elders import create_database, drop_database  # noqa: E402

STEPS = ("create", "accept", "assign", "check_in", "check_out")
RUN = f"{time.time_ns():x}"


def prepare(url: str, elders: int) -> dict:
    """Migrate, load the demo city and return the tokens, elders, provider and caregiver."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yiyang.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from yiyang.demo.loader import load_demo_city

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    load_demo_city(elders, seed=1)
    load_seconds = time.perf_counter() - started
    return subjects() | {"load_seconds": round(load_seconds, 1)}


def subjects() -> dict:
    """Tokens for the clerk, the dispatcher and the caregiver; the elders, provider, caregiver."""
    from django.db import connections

    from yiyang.core.services import issue_token
    from yiyang.demo.accounts import ensure_demo_accounts
    from yiyang.homecare.models import Provider
    from yiyang.registry.models import Elder
    from yiyang.workforce.models import Caregiver

    users = ensure_demo_accounts()
    tokens = {
        role: issue_token(users[name], name="bench", actor=users[name], days=2)
        for role, name in (("clerk", "shengli"), ("dispatcher", "fuwu"), ("caregiver", "huli1"))
    }
    provider = Provider.objects.order_by("pk").first()
    assert provider is not None
    elder_pks = list(
        Elder.objects.in_region("640302001")  # scoped: benchmark set-up
        .in_registry()
        .exclude(address="")
        .values_list("pk", flat=True)[:200]
    )
    caregiver = Caregiver.objects.get(user__username="huli1")  # scoped: benchmark set-up
    connections.close_all()
    return {
        "tokens": tokens,
        "elders": elder_pks,
        "provider": provider.pk,
        "caregiver": caregiver.pk,
    }


def setup_reused(url: str) -> dict:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yiyang.settings")
    import django

    django.setup()
    return subjects() | {"load_seconds": 0.0}


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User plus system CPU seconds each process has used so far (gone processes left out)."""
    tick = os.sysconf("SC_CLK_TCK")
    seconds = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / tick
    return seconds


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if parent == pid:
                found.append(int(entry.name))
    return found


def backends(server: str, database: str) -> list[int]:
    """The PostgreSQL server processes serving this database's connections."""
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", (database,)
        ).fetchall()
    return [pid for (pid,) in rows]


class Client:
    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def post(self, path: str, token: str, body: dict) -> tuple[int, dict, float]:
        payload = json.dumps(body)
        started = time.perf_counter()
        self.connection.request(
            "POST",
            "/api/v1" + path,
            body=payload,
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json",
            },
        )
        response = self.connection.getresponse()
        data = response.read()
        elapsed = time.perf_counter() - started
        return response.status, json.loads(data or b"{}"), elapsed


def client_loop(number: int, port: int, setup: dict, deadline: float, out: dict) -> None:
    client = Client(port)
    tokens = setup["tokens"]
    sequence = 0
    while time.perf_counter() < deadline:
        sequence += 1
        elder = setup["elders"][(number * 7919 + sequence) % len(setup["elders"])]
        hour = 6 + (sequence % 14)
        calls = (
            (
                "create",
                "/service-orders/",
                "clerk",
                {
                    "elder_pk": elder,
                    "provider_pk": setup["provider"],
                    "item_code": "cleaning_60",
                    "planned_start": time.strftime(f"%Y-%m-%dT{hour:02d}:00:00+08:00"),
                    # Unique across runs on a reused database (a repeated key answers the old order).
                    "request_key": f"bench-{RUN}-{number}-{sequence}",
                },
            ),
            ("accept", "/service-orders/{pk}/accept", "dispatcher", {}),
            ("assign", "/service-orders/{pk}/assign", "dispatcher", {"caregiver_pk": setup["caregiver"]}),
            ("check_in", "/service-orders/{pk}/check-in", "caregiver", {"latitude": "37.98", "longitude": "106.19"}),
            ("check_out", "/service-orders/{pk}/check-out", "caregiver", {"note": "bench", "duration_reason": "bench"}),
        )  # fmt: skip
        pk = None
        for step, path, who, body in calls:
            status, answer, elapsed = client.post(path.format(pk=pk), tokens[who], body)
            if status >= 400:
                out["errors"].append(f"{step} {status} {answer.get('code')}")
                break
            pk = answer.get("pk", pk)
            out[step].append(elapsed)


def run_clients(
    clients: int, port: int, setup: dict, seconds: float, out: dict, *, offset: int = 0
) -> None:
    deadline = time.perf_counter() + seconds
    threads = [
        threading.Thread(target=client_loop, args=(offset + n, port, setup, deadline, out))
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def wait_until_serving(port: int, *, workers: int) -> None:
    """Wait until every worker has booted (each answers a request), so boot is not measured."""
    for _attempt in range(240):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/api/v1/me")
            connection.getresponse().read()
            break
        except OSError:
            time.sleep(0.5)
    for _round in range(workers * 4):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", "/api/v1/me")
        connection.getresponse().read()


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elders", type=int, default=20_000)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--warmup", type=float, default=5, help="seconds of load not measured")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--worker-class", choices=("sync", "gthread"), default="sync")
    parser.add_argument("--threads", type=int, default=1, help="threads a gthread worker")
    parser.add_argument("--keep-alive", type=int, default=5, help="seconds (gthread only)")
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument(
        "--redis",
        default="redis://127.0.0.1:6379/0",
        help="the shared cache the workers use, as in production ('' for none)",
    )
    parser.add_argument(
        "--prepared",
        action="store_true",
        help="server-side binding and prepared statements (DB_SERVER_SIDE_BINDING)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database; print its URL")
    parser.add_argument("--reuse", help="a database URL prepared by an earlier --keep run")
    args = parser.parse_args()
    if args.reuse:
        url, name = args.reuse, None
    else:
        url, name = create_database("postgresql", args.server, ROOT / "var")
    database = url.rsplit("/", 1)[1]
    server = None
    try:
        setup = setup_reused(url) if args.reuse else prepare(url, args.elders)
        env = os.environ | {"DATABASE_URL": url, "LOG_LEVEL": "WARNING", "DB_CONN_MAX_AGE": "600"}
        if args.redis:
            env["REDIS_URL"] = args.redis
        if args.prepared:
            env["DB_SERVER_SIDE_BINDING"] = "1"
        server = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "yiyang.wsgi",
                "--workers",
                str(args.workers),
                "--worker-class",
                args.worker_class,
                "--threads",
                str(args.threads),
                "--keep-alive",
                str(args.keep_alive),
                "--bind",
                f"127.0.0.1:{args.port}",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        wait_until_serving(args.port, workers=args.workers)
        # Every worker takes every step a few times first (imports, connections to PostgreSQL
        # and the cache, prepared statements), as a server that has been up a while has.
        warm: dict[str, list] = {step: [] for step in STEPS} | {"errors": []}
        run_clients(args.clients, args.port, setup, args.warmup, warm, offset=1000)
        results: dict[str, list] = {step: [] for step in STEPS} | {"errors": []}
        workers = children(server.pid)
        cpu_before = {
            "server": cpu_seconds(workers),
            "postgresql": cpu_seconds(backends(args.server, database)),
        }
        own_before = time.process_time()
        started = time.perf_counter()
        run_clients(args.clients, args.port, setup, args.seconds, results)
        wall = time.perf_counter() - started
        own = time.process_time() - own_before
        requests = sum(len(results[step]) for step in STEPS)
        cpu_after = {
            "server": cpu_seconds(workers),
            "postgresql": cpu_seconds(backends(args.server, database)),
        }
        spent = {
            part: sum(after - cpu_before[part].get(pid, 0.0) for pid, after in pids.items())
            for part, pids in cpu_after.items()
        } | {"load_generator": own}
        line = {
            "benchmark": "orders_api",
            "elders": args.elders,
            "seconds": round(wall, 1),
            "warmup_seconds": args.warmup,
            "clients": args.clients,
            "gunicorn_workers": args.workers,
            "worker_class": args.worker_class,
            "threads": args.threads,
            "redis": bool(args.redis),
            "prepared_statements": args.prepared,
            "requests": requests,
            "requests_per_second": round(requests / wall, 1),
            "orders_completed": len(results["check_out"]),
            "errors": len(results["errors"]),
            "first_errors": results["errors"][:3],
            "demo_load_seconds": setup["load_seconds"],
            "steps": {
                step: {
                    "count": len(results[step]),
                    "p50_ms": round(1000 * percentile(results[step], 0.5), 1),
                    "p99_ms": round(1000 * percentile(results[step], 0.99), 1),
                    "mean_ms": round(1000 * statistics.fmean(results[step]), 1)
                    if results[step]
                    else 0.0,
                }
                for step in STEPS
            },
            "cpu_ms_per_request": {
                part: round(1000 * seconds / max(requests, 1), 2) for part, seconds in spent.items()
            }
            | {"total": round(1000 * sum(spent.values()) / max(requests, 1), 2)},
            "cpus": os.cpu_count(),
            "load_average": [round(value, 2) for value in os.getloadavg()],
        }
        if args.keep:
            line["database_url"] = url
        print(json.dumps(line, ensure_ascii=False))
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                # A worker still busy past gunicorn's graceful shutdown: stop it, so the
                # database below can be dropped instead of left behind.
                server.kill()
                server.wait()
        if name and not args.keep:
            from django.db import connections

            connections.close_all()
            drop_database(args.server, name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
