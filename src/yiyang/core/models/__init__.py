"""Tables of the core app: regions, accounts, audit."""

from yiyang.core.models.accounts import ApiToken, LoginFailure, User
from yiyang.core.models.audit import AccessRecord, ChangeRecord
from yiyang.core.models.region import Region, RegionLevel

__all__ = [
    "AccessRecord",
    "ApiToken",
    "ChangeRecord",
    "LoginFailure",
    "Region",
    "RegionLevel",
    "User",
]
