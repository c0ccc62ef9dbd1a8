"""Working-day arithmetic on the statutory calendar (DESIGN.md rule 5; domain-rules.md §5.8).

Weekends, public holidays and the State Council's adjusted working days (调休) come from the
`chinesecalendar` package, which is updated each December when the next year is published. A date
beyond the years it knows is refused, never guessed.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar


class CalendarUnknown(ValueError):
    """The statutory calendar of this date's year is not published (or not installed) yet."""

    def __init__(self, day: date) -> None:
        super().__init__(day.isoformat())
        self.day = day


def is_working_day(day: date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        raise CalendarUnknown(day) from None


def add_working_days(start: date, days: int) -> date:
    """Return the `days`-th working day after `start` (the start day itself is not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day
