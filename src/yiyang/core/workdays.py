"""Working-day arithmetic on a statutory calendar, free of Django (domain-rules.md §5.8).

A day is a working day when it is a weekday that is not a public holiday, or a weekend day the
State Council has made a working day (调休上班). The calendar knows only the years whose notice
has been entered and published; a day of any other year raises `CalendarUnknown` rather than
being guessed from weekdays, because a guessed deadline is a wrong deadline.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

# A bound on one computation: the longest statutory limit in the platform is a few months; a
# request for more is a mistake, and an unbounded loop would hold a worker.
MAX_DAYS = 1000


class CalendarUnknown(ValueError):
    """The statutory calendar of this date's year is not published yet."""

    def __init__(self, day: date) -> None:
        super().__init__(
            f"The statutory calendar of {day.year} is not published yet, so {day.isoformat()} "
            "cannot be counted."
        )
        self.day = day
        self.year = day.year


@dataclass(frozen=True)
class StatutoryCalendar:
    """The published years, their public holidays and their adjusted working days."""

    known_years: frozenset[int]
    holidays: frozenset[date]
    workdays: frozenset[date]

    @classmethod
    def of(
        cls, years: Iterable[int], holidays: Iterable[date], workdays: Iterable[date]
    ) -> StatutoryCalendar:
        return cls(frozenset(years), frozenset(holidays), frozenset(workdays))

    def is_working_day(self, day: date) -> bool:
        if day.year not in self.known_years:
            raise CalendarUnknown(day)
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def add_working_days(self, start: date, days: int) -> date:
        """The `days`-th working day after `start`; the start day itself is not counted."""
        if days < 0:
            raise ValueError("days must not be negative")
        if days > MAX_DAYS:
            raise ValueError(f"days must be at most {MAX_DAYS}")
        day, counted = start, 0
        while counted < days:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day
