"""Seed the statutory calendar with the years the `chinesecalendar` package knew (2004–2026).

Reads `core/data/statutory_calendar.json` (written by tools/export_statutory_calendar.py) rather
than the package itself, so every fresh database gets the same years. Later years are entered by
a city administrator from the State Council notice. The reverse removes only the seeded years.
"""

import json
from datetime import date
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "statutory_calendar.json"


def load(apps, schema_editor):
    CalendarYear = apps.get_model("core", "CalendarYear")
    SpecialDay = apps.get_model("core", "SpecialDay")
    document = json.loads(DATA.read_text(encoding="utf-8"))
    for year, days in document["years"].items():
        if CalendarYear.objects.filter(year=int(year)).exists():
            continue
        calendar_year = CalendarYear.objects.create(
            year=int(year), status="published", source_document=document["source"]
        )
        SpecialDay.objects.bulk_create(
            SpecialDay(
                calendar_year=calendar_year,
                day=date.fromisoformat(day),
                kind=kind,
                name=name,
            )
            for kind in ("holiday", "workday")
            for day, name in days[kind]
        )


def unload(apps, schema_editor):
    CalendarYear = apps.get_model("core", "CalendarYear")
    document = json.loads(DATA.read_text(encoding="utf-8"))
    CalendarYear.objects.filter(
        year__in=[int(year) for year in document["years"]], source_document=document["source"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0002_statutory_calendar")]

    operations = [migrations.RunPython(load, unload)]
