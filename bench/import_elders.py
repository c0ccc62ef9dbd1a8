"""Benchmark the elder import: N generated rows through the real import service.

    .venv/bin/python bench/import_elders.py [--rows N] [--database postgresql|sqlite]

Creates a fresh database (PostgreSQL: yiyang_bench_<pid>; SQLite: a temporary file), migrates
it, loads a city's region tree, writes N rows as CSV, imports them with
`registry.services.imports.import_elders` (what `yiyang import_elders` calls), and prints one
JSON line: rows/s, peak memory, and the ratio of our time to a raw load of the same file into a
bare table (PostgreSQL: COPY; SQLite: csv.reader + executemany). The database is dropped after.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "秀英兰桂芳玉珍华明国建军文德福贵荣富海平志成永春梅凤霞红丽琴云秋月香金银宝山林生发喜祥瑞庆兴旺忠义礼智信仁和善美丰泉"
ETHNICITIES = ["汉族"] * 8 + ["回族"] * 2
LIVING = ["独居", "空巢", "与子女同住", "其他"]
HEADER = [
    "姓名",
    "身份证号码",
    "出生日期",
    "联系电话",
    "民族",
    "街道",
    "社区",
    "现住址",
    "居住状况",
]


def region_tree() -> list[tuple[str, str, int, str | None]]:
    """A city of 3 districts × 10 streets × 20 communities; community names repeat across streets."""
    tree: list[tuple[str, str, int, str | None]] = [
        ("640000000000", "宁夏回族自治区", 1, None),
        ("640300000000", "吴忠市", 2, "640000000000"),
    ]
    for district_index, district in enumerate(["640302", "640303", "640381"]):
        tree.append((district + "000000", f"区{district_index}", 3, "640300000000"))
        for street in range(1, 11):
            street_code = f"{district}{street:03d}000"
            tree.append((street_code, f"街道{district_index}-{street}", 4, district + "000000"))
            for community in range(1, 21):
                code = f"{district}{street:03d}{community:03d}"
                tree.append((code, f"{community}号社区", 5, street_code))
    return tree


def id_number(area: str, birth: date, sequence: int) -> str:
    first17 = f"{area}{birth:%Y%m%d}{sequence:03d}"
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def write_csv(path: Path, rows: int, communities: list[tuple[str, str, str]]) -> None:
    """Write `rows` valid, distinct elders (streamed; the file is never held in memory)."""
    draw = random.Random(2026)
    start = date(1926, 1, 1)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for index in range(rows):
            birth = start + timedelta(days=index % 14600)
            number = id_number("640302", birth, index // 14600)
            code, name, street = communities[draw.randrange(len(communities))]
            # Most offices write the community's name with the street; some the 12-digit code.
            community = code if index % 3 == 0 else name
            writer.writerow(
                [
                    draw.choice(SURNAMES) + draw.choice(GIVEN) + draw.choice(GIVEN),
                    number,
                    birth.isoformat() if index % 2 else "",
                    f"1{draw.randrange(30, 99)}{draw.randrange(10**8):08d}",
                    draw.choice(ETHNICITIES),
                    street,
                    community,
                    f"{name}{draw.randrange(1, 60)}号楼{draw.randrange(1, 30)}单元",
                    draw.choice(LIVING),
                ]
            )


def create_database(kind: str, server: str, workdir: Path) -> tuple[str, str | None]:
    if kind == "sqlite":
        return f"sqlite:///{workdir / 'bench.sqlite3'}", None
    import psycopg

    name = f"yiyang_bench_{os.getpid()}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}", name


def drop_database(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def raw_load(kind: str, path: Path) -> float:
    """Seconds to load the file into a bare table, the floor any import is measured against."""
    from django.db import connection

    columns = ", ".join(f"c{index} text" for index in range(len(HEADER)))
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE bench_bare ({columns})")
        started = time.perf_counter()
        if kind == "postgresql":
            with (
                cursor.copy("COPY bench_bare FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
                path.open("rb") as handle,
            ):
                while chunk := handle.read(1 << 20):
                    copy.write(chunk)
        else:
            placeholders = ", ".join(["%s"] * len(HEADER))
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.reader(handle)
                next(reader)
                batch: list[list[str]] = []
                for row in reader:
                    batch.append(row)
                    if len(batch) == 10_000:
                        cursor.executemany(f"INSERT INTO bench_bare VALUES ({placeholders})", batch)
                        batch = []
                if batch:
                    cursor.executemany(f"INSERT INTO bench_bare VALUES ({placeholders})", batch)
            connection.commit() if not connection.get_autocommit() else None
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_bare")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument(
        "--server",
        default=os.environ.get("BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432"),
        help="PostgreSQL server URL without database name",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="yiyang-bench-") as workdir:
        url, pg_name = create_database(args.database, args.server, Path(workdir))
        try:
            print(json.dumps(run(args, url, Path(workdir))))
        finally:
            if pg_name is not None:
                from django.db import connections

                connections.close_all()
                drop_database(args.server, pg_name)


def run(args, url: str, workdir: Path) -> dict:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yiyang.settings")
    os.environ.setdefault("MEDIA_ROOT", str(workdir / "media"))
    import django

    django.setup()
    from django.core.management import call_command

    from yiyang.core.models import Region
    from yiyang.registry.models import Elder
    from yiyang.registry.services.imports import import_elders

    call_command("migrate", verbosity=0)
    tree = region_tree()
    Region.objects.bulk_create(
        [Region(code=c, name=n, level=lv, parent_id=p) for c, n, lv, p in tree]
    )
    names = {code: name for code, name, _level, _parent in tree}
    communities = [(c, n, names[p]) for c, n, level, p in tree if level == 5 and p]
    path = workdir / "elders.csv"
    write_csv(path, args.rows, communities)

    raw_seconds = raw_load(args.database, path)
    started = time.perf_counter()
    result = import_elders(path, actor=None, name=path.name)
    seconds = time.perf_counter() - started
    assert result.created == args.rows == Elder.objects.count(), result.summary()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "benchmark": "import_elders",
        "database": args.database,
        "rows": args.rows,
        "seconds": round(seconds, 2),
        "rows_per_second": round(args.rows / seconds),
        "raw_load": "copy" if args.database == "postgresql" else "executemany",
        "raw_rows_per_second": round(args.rows / raw_seconds),
        "ratio_to_raw": round(seconds / raw_seconds, 2),
        "peak_memory_mib": round(peak),
        **result.summary(),
    }


if __name__ == "__main__":
    main()
