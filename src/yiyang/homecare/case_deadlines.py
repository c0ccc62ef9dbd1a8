"""The due days of provider cases, read with the published statutory calendar (one load for
any number of cases); the rules themselves are in `homecare/deadlines.py`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils import timezone

from yiyang.core.calendar import calendar_from
from yiyang.homecare.deadlines import CaseTiming, case_timing
from yiyang.homecare.models import ProviderCase


def _local_day(moment) -> date | None:
    return timezone.localtime(moment).date() if moment else None


def with_timing(cases: Iterable[ProviderCase], *, today: date | None = None) -> list[ProviderCase]:
    """The cases, each with `timing` (its due days and days overdue today) set."""
    cases = list(cases)
    if not cases:
        return cases
    today = today or timezone.localdate()
    starts = {case.pk: _local_day(case.cycle_started_at) for case in cases}
    calendar = calendar_from(min(day for day in starts.values() if day is not None))
    for case in cases:
        case.timing = timing_of(case, calendar=calendar, started_on=starts[case.pk], today=today)
    return cases


def timing_of(case: ProviderCase, *, calendar, started_on, today: date) -> CaseTiming:
    return case_timing(
        calendar,
        started_on=started_on,
        acknowledge_working_days=case.acknowledge_working_days,
        resolve_working_days=case.resolve_working_days,
        acknowledged_on=_local_day(case.acknowledged_at),
        resolved_on=_local_day(case.resolved_at),
        today=today,
    )
