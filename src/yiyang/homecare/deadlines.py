"""When a provider case is due, and how late it is: pure rules, no Django (STYLE.md B1).

A case's cycle starts when it is opened (or reopened). It is to be acknowledged within the
policy's working days and resolved within its other figure, both counted on the statutory
calendar from the day after the start (GB/T 43153's own numbers were not read: the figures are
policy data, domain-rules.md §4). A deadline that runs into a year whose calendar is not
published yet is unknown (None), never guessed; it appears once the year is published.
Lateness is counted in calendar days after the due day, as a manager reads "3 days overdue".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from yiyang.core.workdays import CalendarUnknown, StatutoryCalendar


@dataclass(frozen=True)
class CaseTiming:
    acknowledge_due: date | None
    resolve_due: date | None
    days_overdue: int  # 0 when nothing outstanding is late

    @property
    def is_overdue(self) -> bool:
        return self.days_overdue > 0


def due_on(calendar: StatutoryCalendar, start: date, working_days: int) -> date | None:
    """The last day of a deadline of `working_days` counted after `start`, or None when the
    calendar of a year it reaches is not published."""
    try:
        return calendar.add_working_days(start, working_days)
    except CalendarUnknown:
        return None


def late_by(due: date | None, done_on: date | None, today: date) -> int:
    """Calendar days past the due day: until it was done, or until today when it is not."""
    if due is None:
        return 0
    return max(((done_on or today) - due).days, 0)


def case_timing(
    calendar: StatutoryCalendar,
    *,
    started_on: date,
    acknowledge_working_days: int,
    resolve_working_days: int,
    acknowledged_on: date | None,
    resolved_on: date | None,
    today: date,
) -> CaseTiming:
    """The due days of a cycle and how many days its outstanding steps are overdue today."""
    acknowledge_due = due_on(calendar, started_on, acknowledge_working_days)
    resolve_due = due_on(calendar, started_on, resolve_working_days)
    outstanding = []
    if resolved_on is None:
        outstanding.append(late_by(resolve_due, None, today))
        if acknowledged_on is None:
            outstanding.append(late_by(acknowledge_due, None, today))
    return CaseTiming(acknowledge_due, resolve_due, max(outstanding, default=0))


def resolved_in_time(resolve_due: date | None, resolved_on: date) -> bool | None:
    """Whether a case was resolved by its due day (None when the due day is unknown)."""
    if resolve_due is None:
        return None
    return resolved_on <= resolve_due
