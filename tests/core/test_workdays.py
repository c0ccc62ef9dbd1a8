"""The pure working-day arithmetic (yiyang.core.workdays) on hand-made calendars."""

from datetime import date

import pytest

from yiyang.core.workdays import MAX_DAYS, CalendarUnknown, StatutoryCalendar

# A made-up year: 2030-01-01 (a Tuesday) is a holiday, Saturday 2030-01-05 is worked.
MADE_UP = StatutoryCalendar.of([2030], [date(2030, 1, 1)], [date(2030, 1, 5)])


def test_a_weekday_works_a_holiday_rests_and_a_worked_saturday_works():
    assert MADE_UP.is_working_day(date(2030, 1, 2)) is True
    assert MADE_UP.is_working_day(date(2030, 1, 1)) is False
    assert MADE_UP.is_working_day(date(2030, 1, 5)) is True
    assert MADE_UP.is_working_day(date(2030, 1, 6)) is False  # an ordinary Sunday


def test_the_start_day_is_not_counted():
    # given Monday 2030-01-07, a working day: one working day later is the Tuesday
    assert MADE_UP.add_working_days(date(2030, 1, 7), 1) == date(2030, 1, 8)


def test_zero_days_is_the_start_itself():
    assert MADE_UP.add_working_days(date(2030, 1, 1), 0) == date(2030, 1, 1)


def test_counting_skips_the_holiday_and_uses_the_worked_saturday():
    # 2030-12-31 → 01-01 holiday, 01-02 (1), 01-03 (2), 01-04 (3), Saturday 01-05 worked (4)
    calendar = StatutoryCalendar.of([2029, 2030], [date(2030, 1, 1)], [date(2030, 1, 5)])
    assert calendar.add_working_days(date(2029, 12, 31), 4) == date(2030, 1, 5)
    assert calendar.add_working_days(date(2029, 12, 31), 5) == date(2030, 1, 7)


def test_a_day_of_an_unknown_year_is_refused_not_guessed():
    with pytest.raises(CalendarUnknown) as refused:
        MADE_UP.add_working_days(date(2030, 12, 30), 3)
    assert refused.value.day == date(2031, 1, 1)
    assert refused.value.year == 2031
    assert "2031" in str(refused.value)


def test_negative_and_huge_spans_are_refused():
    with pytest.raises(ValueError, match="negative"):
        MADE_UP.add_working_days(date(2030, 1, 7), -1)
    with pytest.raises(ValueError, match=str(MAX_DAYS)):
        MADE_UP.add_working_days(date(2030, 1, 7), MAX_DAYS + 1)
