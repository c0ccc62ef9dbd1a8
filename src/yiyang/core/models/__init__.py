"""Tables of the core app: regions, accounts, audit, the statutory calendar."""

from yiyang.core.models.accounts import ApiToken, LoginFailure, User
from yiyang.core.models.audit import AccessRecord, ChangeRecord
from yiyang.core.models.calendar import (
    CalendarYear,
    CalendarYearStatus,
    SpecialDay,
    SpecialDayKind,
)
from yiyang.core.models.region import Region, RegionLevel

__all__ = [
    "AccessRecord",
    "ApiToken",
    "CalendarYear",
    "CalendarYearStatus",
    "ChangeRecord",
    "LoginFailure",
    "Region",
    "RegionLevel",
    "SpecialDay",
    "SpecialDayKind",
    "User",
]
