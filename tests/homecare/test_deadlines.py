"""The pure deadline rules of provider cases (homecare/deadlines.py), on a small calendar."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from yiyang.core.workdays import StatutoryCalendar
from yiyang.homecare.deadlines import case_timing, due_on, late_by, resolved_in_time

# 2026 only: National Day 1–7 October off, Saturday 10 October worked
CALENDAR = StatutoryCalendar.of(
    [2026], [date(2026, 10, day) for day in range(1, 8)], [date(2026, 10, 10)]
)


def test_a_deadline_skips_the_holiday_and_counts_the_worked_saturday():
    assert due_on(CALENDAR, date(2026, 9, 30), 2) == date(2026, 10, 9)
    assert due_on(CALENDAR, date(2026, 9, 30), 3) == date(2026, 10, 10)


def test_a_deadline_into_an_unpublished_year_is_unknown():
    assert due_on(CALENDAR, date(2026, 12, 30), 5) is None


def test_lateness_counts_calendar_days_past_the_due_day_until_done():
    due = date(2026, 3, 9)
    assert late_by(due, None, date(2026, 3, 12)) == 3
    assert late_by(due, date(2026, 3, 10), date(2026, 3, 30)) == 1
    assert late_by(due, date(2026, 3, 9), date(2026, 3, 30)) == 0
    assert late_by(None, None, date(2026, 3, 30)) == 0


def test_only_outstanding_steps_make_a_case_overdue():
    args = {
        "started_on": date(2026, 3, 2),
        "acknowledge_working_days": 1,
        "resolve_working_days": 5,
        "today": date(2026, 3, 6),
    }
    open_case = case_timing(CALENDAR, acknowledged_on=None, resolved_on=None, **args)
    acknowledged = case_timing(CALENDAR, acknowledged_on=date(2026, 3, 5), resolved_on=None, **args)
    resolved = case_timing(
        CALENDAR, acknowledged_on=date(2026, 3, 5), resolved_on=date(2026, 3, 6), **args
    )
    assert (open_case.days_overdue, acknowledged.days_overdue, resolved.days_overdue) == (3, 0, 0)
    assert resolved_in_time(resolved.resolve_due, date(2026, 3, 6)) is True
    assert resolved_in_time(None, date(2026, 3, 6)) is None


@given(
    start=st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 11, 30)),
    first=st.integers(min_value=0, max_value=10),
    more=st.integers(min_value=0, max_value=10),
)
def test_a_longer_deadline_never_falls_earlier_and_lands_on_a_working_day(start, first, more):
    shorter = due_on(CALENDAR, start, first)
    longer = due_on(CALENDAR, start, first + more)
    assert shorter is not None
    assert longer is not None
    assert shorter <= longer
    if first:
        assert CALENDAR.is_working_day(shorter)
        assert shorter > start
    else:
        assert shorter == start
    assert (longer - start) <= timedelta(days=3 * (first + more) + 10)
