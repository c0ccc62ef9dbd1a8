"""Write src/yiyang/core/data/statutory_calendar.json from the `chinesecalendar` package.

The core migration 0002 seeds the statutory calendar from that file, so a fresh database gets the
same years whatever version of the package is installed; later years are entered by a city
administrator from the State Council notice (core calendar pages), not by re-running this.

    .venv/bin/python tools/export_statutory_calendar.py  [first-year]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import chinese_calendar

OUT = Path(__file__).resolve().parent.parent / "src/yiyang/core/data/statutory_calendar.json"
NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def main(first_year: int) -> None:
    years: dict[str, dict[str, list[list[str]]]] = {}
    for kind, table in (
        ("holiday", chinese_calendar.holidays),
        ("workday", chinese_calendar.workdays),
    ):
        for day, name in sorted(table.items()):
            if day.year < first_year:
                continue
            entry = years.setdefault(str(day.year), {"holiday": [], "workday": []})
            entry[kind].append([day.isoformat(), NAMES.get(name, name)])
    document = {
        "source": f"chinesecalendar {chinese_calendar.__version__} (PyPI)",
        "years": dict(sorted(years.items())),
    }
    OUT.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT}: years {min(years)}–{max(years)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2004)
