"""Benchmark the alarm path: MQTT publish → alarm row committed → pushed to an open console.

    .venv/bin/python bench/alarm_latency.py [--heartbeats 5000] [--alarms 20] [--seconds 120]
        [--devices 300000] [--restart-at S] [--consumers 1] [--no-alarm-consumer]
        [--publishers 2] [--max-pending 1000] [--no-push]
        [--server postgresql://postgres@127.0.0.1:5432]

Creates a fresh PostgreSQL database (yiyang_bench_<pid>), migrates it, bulk-inserts the devices
(bench data: one elder, one signing key), starts `yiyang telecare_consumer` subprocesses on a
tenant of their own (one for the alarm kinds alone, on its own session, unless
--no-alarm-consumer; --consumers of all kinds, on a shared subscription when more than one),
waits until each is subscribed, and publishes heartbeats at --heartbeats messages a second
round-robin over the devices from --publishers processes, plus SOS presses at --alarms a second
from this one (QoS 1, with back-pressure at --max-pending unacknowledged messages). With
--restart-at every consumer is killed (SIGKILL) after that many seconds and started again two
seconds later: their persistent sessions must deliver what was published meanwhile. After publishing, waits until every alarm is saved (or 60 s), then prints
one JSON line: messages/s published and handled, consumer lag at the end, p50/p99/max latency
from publish to the committed alarm row, and alarms saved ÷ alarms sent.

Unless --no-push, the platform is also served as in production (uvicorn, one worker), an alarm
operator of the bench street logs in through the login form and keeps the console's event
stream open over HTTP in a thread, reconnecting as EventSource does (bench/console_client.py);
push_p50/p99/max are publish → the first event whose count of unresolved alarms includes the
alarm (the k-th alarm saved, in primary-key order, is pushed by the first event counting k).
The database is dropped.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from console_client import ConsoleStream, free_port, log_in, start_web  # noqa: E402
from import_elders import create_database, drop_database  # noqa: E402

ALARM_KINDS = "sos,fall,smoke,gas,water_leak"


def _consumer(env: dict, tenant: str, client_id: str, *extra: str) -> subprocess.Popen:
    # Output to a file: a pipe nobody reads would block the consumer once full.
    log = tempfile.NamedTemporaryFile("w+", prefix="consumer-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "yiyang"),
            "telecare_consumer",
            "--tenant",
            tenant,
            "--client-id",
            client_id,
            "--check-every",
            "0",
            *extra,
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    process.log_path = log.name  # type: ignore[attr-defined]
    return process


def _received(process: subprocess.Popen) -> int:
    process.wait(timeout=30)
    output = Path(process.log_path).read_text(encoding="utf-8")  # type: ignore[attr-defined]
    for line in output.splitlines():
        if line.startswith("received "):
            return int(line.split()[1].rstrip(","))
    return 0


def _publish_heartbeats(devices, tenant: str, rate: float, seconds: float, max_pending: int,
                        results) -> None:  # fmt: skip
    """One publisher process: heartbeats round-robin over its devices at `rate` a second."""
    from yiyang.telecare.simulation import Simulator

    simulator = Simulator(devices, host="127.0.0.1", port=1883, tenant=tenant, event_share=0,
                          max_pending=max_pending)  # fmt: skip
    stats = simulator.run(rate=rate, seconds=seconds)
    simulator.close(timeout=60)
    results.put((stats.published, stats.waits))


def main() -> int:
    # Started in the background by a script, this process (and so every consumer it starts)
    # would ignore SIGINT, and the consumers would never stop to print their counts.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    parser = argparse.ArgumentParser()
    parser.add_argument("--heartbeats", type=float, default=5000)
    parser.add_argument("--alarms", type=float, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--devices", type=int, default=300_000)
    parser.add_argument("--restart-at", type=float, default=None)
    parser.add_argument(
        "--consumers",
        type=int,
        default=1,
        help="consumers of all kinds on one shared subscription, besides the alarm consumer",
    )
    parser.add_argument(
        "--no-alarm-consumer",
        action="store_true",
        help="no consumer of the alarm kinds alone (the design before the fast path)",
    )
    parser.add_argument("--max-pending", type=int, default=1000)
    parser.add_argument(
        "--publishers",
        type=int,
        default=2,
        help="processes publishing the heartbeats (one Python process signs and publishes a "
        "few thousand a second at most); the alarms come from the main process",
    )
    parser.add_argument(
        "--no-push", action="store_true", help="no web server and console: rows only"
    )
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    args = parser.parse_args()

    workdir = Path(tempfile.gettempdir())
    url, name = create_database("postgresql", args.server, workdir)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yiyang.settings")
    try:
        return run(args, url)
    finally:
        if name:
            drop_database(args.server, name)


def seed(total: int):
    """Migrate the bench database and bulk-insert `total` devices of one elder, one key."""
    from datetime import date

    from django.core.management import call_command

    from yiyang.core.models import Region, User
    from yiyang.registry.models import Elder
    from yiyang.telecare.messages import signing_key
    from yiyang.telecare.models import Device

    call_command("migrate", verbosity=0)
    codes = [("640000000000", 1, None), ("640300000000", 2, "640000000000"),
             ("640302000000", 3, "640300000000"), ("640302001000", 4, "640302000000"),
             ("640302001001", 5, "640302001000")]  # fmt: skip
    for code, level, parent in codes:
        Region.objects.create(code=code, name=code, level=level, parent_id=parent)
    user = User.objects.create(username="bench", role="street_staff", region_id="640302001000")
    elder = Elder.objects.create(
        name="压测", name_initials="yc", id_number="640302194001010011", gender="male",
        birth_date=date(1940, 1, 1), residence_region_id="640302001001",
    )  # fmt: skip
    key = signing_key("bench-secret")
    batch = []
    for number in range(total):
        batch.append(
            Device(
                serial=f"B{number:07}",
                kind="sos_button",
                elder=elder,
                region_code="640302001001",
                address="-",
                installed_on=date(2026, 1, 1),
                heartbeat_seconds=60,
                signing_key=key,
                created_by=user,
            )
        )
        if len(batch) == 10_000:
            Device.objects.bulk_create(batch)
            batch = []
    Device.objects.bulk_create(batch)
    return user, key


def run(args, url: str) -> int:
    import django

    django.setup()
    from yiyang.telecare.models import Alarm
    from yiyang.telecare.simulation import SimDevice, Simulator

    alarm_devices = 200
    _user, key = seed(args.devices + alarm_devices)
    web = stream = None
    if not args.no_push:
        from yiyang.core.models import User

        operator = User(username="bench-operator", role="alarm_operator",
                        region_id="640302001000", display_name="bench")  # fmt: skip
        operator.set_password("Bench-Operator-9")
        operator.save()
        port = free_port()
        web = start_web(dict(os.environ), port)
        atexit.register(web.terminate)  # also when the bench fails half-way
        stream = ConsoleStream(port, log_in(port, "bench-operator", "Bench-Operator-9"))
        stream.start()
        if not stream.ready.wait(30):
            raise SystemExit("the console's stream sent nothing")

    tenant = f"bench{os.getpid()}"
    env = dict(os.environ)

    def start_consumers() -> list[subprocess.Popen]:
        # The alarm kinds on a session of their own (never queued behind heartbeats), and
        # all kinds on a shared subscription split between --consumers processes.
        started = []
        if not args.no_alarm_consumer:
            started.append(_consumer(env, tenant, f"yiyang-bench-{os.getpid()}-alarms",
                                     "--kinds", ALARM_KINDS))  # fmt: skip
        for number in range(args.consumers):
            extra = ("--share", f"bench{os.getpid()}") if args.consumers > 1 else ()
            started.append(_consumer(env, tenant, f"yiyang-bench-{os.getpid()}-{number}", *extra))
        return started

    def wait_subscribed(processes: list[subprocess.Popen]) -> None:
        deadline = time.monotonic() + 180
        for process in processes:
            log = Path(process.log_path)  # type: ignore[attr-defined]
            # Subscribed, and the devices' keys loaded: the steady state is what is measured
            # (a restart, below, is not waited for).
            while "devices loaded" not in log.read_text(encoding="utf-8"):
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit(f"consumer not subscribed: {log.read_text()}")
                time.sleep(0.2)

    consumers = start_consumers()
    wait_subscribed(consumers)
    import multiprocessing

    heartbeat = [SimDevice(f"B{n:07}", "sos_button", key) for n in range(args.devices)]
    sos = [SimDevice(f"B{args.devices + n:07}", "sos_button", key) for n in range(alarm_devices)]
    results: multiprocessing.Queue = multiprocessing.Queue()
    publishers = [
        multiprocessing.Process(
            target=_publish_heartbeats,
            args=(
                heartbeat[number :: args.publishers],
                tenant,
                args.heartbeats / args.publishers,
                args.seconds,
                args.max_pending,
                results,
            ),
        )
        for number in range(args.publishers)
    ]
    for publisher in publishers:
        publisher.start()
    simulator = Simulator(sos, host="127.0.0.1", port=1883, tenant=tenant,
                          event_share=0, max_pending=args.max_pending)  # fmt: skip
    sent_at: dict[tuple[str, int], float] = {}
    restarted = False
    started = time.monotonic()
    alarms_sent = 0
    index = 0
    while (elapsed := time.monotonic() - started) < args.seconds:
        if args.restart_at is not None and not restarted and elapsed >= args.restart_at:
            for consumer in consumers:
                consumer.send_signal(signal.SIGKILL)
                consumer.wait()
            time.sleep(2)
            consumers = start_consumers()
            restarted = True
        while alarms_sent < int(elapsed * args.alarms) + 1:
            device = sos[index % alarm_devices]
            index += 1
            simulator.publish(device, "sos")
            sent_at[(device.serial, device.seq)] = time.time()
            alarms_sent += 1
        time.sleep(0.005)
    heartbeats_sent = waits = 0
    for _publisher in publishers:
        published, waited = results.get(timeout=120)
        heartbeats_sent += published
        waits += waited
    for publisher in publishers:
        publisher.join()
    publish_seconds = time.monotonic() - started
    simulator.close(timeout=60)
    ended = time.monotonic()
    while Alarm.objects.count() < alarms_sent and time.monotonic() - ended < 60:
        time.sleep(0.05)
    lag = time.monotonic() - ended
    if stream is not None:
        waited = time.monotonic()
        while stream.pushed_at(alarms_sent) is None and time.monotonic() - waited < 10:
            time.sleep(0.05)
        stream.stop()
    if web is not None:
        web.terminate()
        web.wait(timeout=30)
    time.sleep(1)
    for consumer in consumers:
        consumer.send_signal(signal.SIGINT)
    received = sum(_received(consumer) for consumer in consumers)
    rows = list(Alarm.objects.order_by("pk").values_list("device__serial", "sequence", "raised_at"))
    pushes = []
    if stream is not None:
        for rank, (serial, seq, _raised) in enumerate(rows, start=1):
            pushed = stream.pushed_at(rank)
            if pushed is not None and (serial, seq) in sent_at:
                pushes.append(pushed - sent_at[(serial, seq)])
        pushes.sort()
    latencies = sorted(
        raised.timestamp() - sent_at[(serial, seq)]
        for serial, seq, raised in rows
        if (serial, seq) in sent_at
    )

    def pick(share: float, values: list[float] | None = None) -> float | None:
        values = latencies if values is None else values
        return round(values[min(len(values) - 1, int(share * len(values)))], 3) if values else None

    print(
        json.dumps(
            {
                "bench": "alarm_latency",
                "devices": args.devices,
                "seconds": round(publish_seconds, 1),
                "published_per_second": round((heartbeats_sent + alarms_sent) / publish_seconds),
                "handled_per_second_last_consumers": round(received / max(publish_seconds, 1)),
                "consumers": args.consumers + (0 if args.no_alarm_consumer else 1),
                "restart_at": args.restart_at,
                "alarms_sent": alarms_sent,
                "alarms_saved": len(rows),
                "saved_over_sent": round(len(rows) / alarms_sent, 3) if alarms_sent else None,
                "lag_seconds": round(lag, 2),
                "latency_p50": pick(0.5),
                "latency_p99": pick(0.99),
                "latency_max": round(latencies[-1], 3) if latencies else None,
                "pushed": len(pushes) if stream is not None else None,
                "push_p50": pick(0.5, pushes),
                "push_p99": pick(0.99, pushes),
                "push_max": round(pushes[-1], 3) if pushes else None,
                "stream_connections": stream.connections if stream is not None else None,
                "backpressure_waits": waits + simulator.stats.waits,
                "publishers": args.publishers,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
