"""Benchmark the device directory's refresh (`yiyang.telecare.directory`) at scale.

    .venv/bin/python bench/directory_refresh.py [--devices 300000] [--repeat 20]
        [--server postgresql://postgres@127.0.0.1:5432]

Creates a fresh PostgreSQL database (yiyang_bench_<pid>), inserts the devices as
bench/alarm_latency.py does, loads the directory once (`warm`, what a consumer does before it
subscribes), then times the refresh a consumer runs every 30 s and within a second of any write
(`directory.changed()`), --repeat times with nothing changed and once after one device was
unbound. Prints one JSON line (milliseconds) and drops the database.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from alarm_latency import seed  # noqa: E402
from import_elders import create_database, drop_database  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    args = parser.parse_args()
    url, name = create_database("postgresql", args.server, Path(tempfile.gettempdir()))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yiyang.settings")
    try:
        return run(args)
    finally:
        if name:
            drop_database(args.server, name)


def run(args) -> int:
    import django

    django.setup()
    from django.db import connection

    from yiyang.telecare import directory, services
    from yiyang.telecare.models import Device

    user, _key = seed(args.devices)
    # Devices installed long ago, as in a running city: a refresh rereads the last seconds'
    # changes (its safety margin), which would otherwise be every row just inserted.
    stamps = [f.column for f in Device._meta.fields if f.name in ("created_at", "updated_at")]
    with connection.cursor() as cursor:
        assignments = ", ".join(f"{column} = now() - interval '1 hour'" for column in stamps)
        cursor.execute(f"UPDATE telecare_device SET {assignments}")
        cursor.execute("VACUUM ANALYZE telecare_device")
    started = time.perf_counter()
    directory.devices.warm()
    warm = time.perf_counter() - started

    def refresh() -> float:
        began = time.perf_counter()
        directory.devices._refresh(time.monotonic())
        return (time.perf_counter() - began) * 1000

    idle = [refresh() for _ in range(args.repeat)]
    # One unbinding through the service, as the street office would (the city admin may).
    user.role = "city_admin"
    user.region_id = "640000000000"
    user.save(update_fields=["role", "region"])
    device = Device.objects.order_by("pk").last()
    services.unbind_device(device, reason="bench", actor=user)
    after_write = refresh()
    forgot = directory.devices.lookup(device.serial) is None
    print(
        json.dumps(
            {
                "bench": "directory_refresh",
                "devices": args.devices,
                "warm_ms": round(warm * 1000),
                "refresh_ms_median": round(statistics.median(idle), 2),
                "refresh_ms_max": round(max(idle), 2),
                "refresh_after_unbind_ms": round(after_write, 2),
                "unbound_device_forgotten": forgot,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
