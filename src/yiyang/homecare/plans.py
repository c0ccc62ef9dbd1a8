"""When a recurring care plan is due (pure; issue 5 "1 hour every day, Mon/Wed/Fri bathing")."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

# ISO weekdays: 1 Monday … 7 Sunday.
EVERY_DAY = (1, 2, 3, 4, 5, 6, 7)


def is_due(weekdays: Iterable[int], *, starts_on: date, ends_on: date | None, day: date) -> bool:
    """Say whether a plan running from `starts_on` to `ends_on` (open when None) asks for a
    visit on `day`."""
    if day < starts_on or (ends_on is not None and day > ends_on):
        return False
    return day.isoweekday() in set(weekdays)
