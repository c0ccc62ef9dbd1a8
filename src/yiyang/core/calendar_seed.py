"""Put the shipped statutory calendar (2004–2026) back into a database that has no year at all.

Migration 0003 seeds the calendar once. A database emptied by `flush` (the test runner does this
after every transactional test) loses the rows, and Django then sends `post_migrate`, as it does
for content types; this receiver re-seeds the calendar only when no year exists, so a calendar an
administrator has extended is never touched.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS

DATA = Path(__file__).resolve().parent / "data" / "statutory_calendar.json"


def seed_if_empty(sender=None, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    from yiyang.core.models import CalendarYear, CalendarYearStatus, SpecialDay

    if CalendarYear.objects.using(using).exists():
        return
    document = json.loads(DATA.read_text(encoding="utf-8"))
    years = [
        CalendarYear(
            year=int(year),
            status=CalendarYearStatus.PUBLISHED,
            source_document=document["source"],
        )
        for year in document["years"]
    ]
    CalendarYear.objects.using(using).bulk_create(years)
    SpecialDay.objects.using(using).bulk_create(
        SpecialDay(calendar_year_id=int(year), day=date.fromisoformat(day), kind=kind, name=name)
        for year, days in document["years"].items()
        for kind in ("holiday", "workday")
        for day, name in days[kind]
    )
