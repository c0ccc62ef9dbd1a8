"""Working days on the statutory calendar kept in the database (DESIGN.md rule 5; §5.8).

The years, holidays and adjusted working days (调休) are rows of `CalendarYear` and `SpecialDay`,
seeded for 2004–2026 and extended each December by a city administrator from the State Council
notice (`yiyang.core.calendar_services`). The counting itself is the pure `StatutoryCalendar` of
`yiyang.core.workdays`; this module only loads the published rows for it. A day of a year not
published is refused with `CalendarUnknown`, never guessed.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from django.utils.translation import gettext as _

from yiyang.core.errors import DomainError
from yiyang.core.models import CalendarYear, SpecialDay, SpecialDayKind
from yiyang.core.workdays import MAX_DAYS, CalendarUnknown, StatutoryCalendar

__all__ = [
    "MAX_DAYS",
    "CalendarError",
    "CalendarErrorCode",
    "CalendarUnknown",
    "add_working_days",
    "calendar_from",
    "is_working_day",
    "unknown_year_error",
]


class CalendarErrorCode(StrEnum):
    CALENDAR_UNKNOWN = "calendar_unknown"
    PERMISSION_DENIED = "permission_denied"
    REQUIRED = "required"
    INVALID = "invalid"
    YEAR_EXISTS = "calendar_year_exists"
    YEAR_PUBLISHED = "calendar_year_published"
    DAY_EXISTS = "calendar_day_exists"
    DAY_OUTSIDE_YEAR = "calendar_day_outside_year"
    NOT_A_WEEKEND = "calendar_not_a_weekend"
    NO_HOLIDAYS = "calendar_no_holidays"


class CalendarError(DomainError):
    pass


def unknown_year_error(error: CalendarUnknown, *, field: str | None = None) -> CalendarError:
    """The one message for a deadline that runs into a year nobody has published yet."""
    return CalendarError(
        CalendarErrorCode.CALENDAR_UNKNOWN,
        _(
            "The statutory holiday calendar for {year} is not published yet, so {day} cannot be counted; a city administrator must enter and publish {year} from the State Council notice."
        ).format(year=error.year, day=error.day.isoformat()),
        field=field,
    )


def calendar_from(start: date) -> StatutoryCalendar:
    """The published calendar from `start` on (two queries, however many days are counted)."""
    years = CalendarYear.objects.published().filter(year__gte=start.year)
    known = list(years.values_list("year", flat=True))
    rows = list(SpecialDay.objects.published().from_day(start).values_list("day", "kind"))
    holidays = [day for day, kind in rows if kind == SpecialDayKind.HOLIDAY]
    workdays = [day for day, kind in rows if kind == SpecialDayKind.WORKDAY]
    return StatutoryCalendar.of(known, holidays, workdays)


def is_working_day(day: date) -> bool:
    return calendar_from(day).is_working_day(day)


def add_working_days(start: date, days: int) -> date:
    """Return the `days`-th working day after `start` (the start day itself is not counted)."""
    return calendar_from(start).add_working_days(start, days)
