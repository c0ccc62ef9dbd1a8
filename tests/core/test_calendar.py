"""Working days on the statutory calendar (domain-rules.md §5.8, computed examples)."""

from datetime import date

import pytest

from yiyang.core.calendar import CalendarUnknown, add_working_days, is_working_day


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (date(2025, 9, 22), 20, date(2025, 10, 24)),  # across the National Day holiday
        (date(2026, 2, 9), 20, date(2026, 3, 13)),  # across the Spring Festival
        (date(2025, 12, 31), 20, date(2026, 1, 29)),  # across New Year
        (date(2026, 9, 18), 10, date(2026, 10, 9)),
    ],
)
def test_adds_working_days_around_holidays(start, days, due):
    assert add_working_days(start, days) == due


def test_adjusted_weekend_is_a_working_day_and_a_holiday_weekday_is_not():
    assert is_working_day(date(2025, 9, 28)) is True  # a Sunday worked (调休)
    assert is_working_day(date(2025, 10, 1)) is False


def test_refuses_a_year_the_calendar_does_not_know():
    with pytest.raises(CalendarUnknown):
        add_working_days(date(2026, 12, 20), 30)
