"""Error codes of the statistics module (stable; listed in docs/api/errors.md)."""

import enum

from yiyang.core.errors import DomainError


class ErrorCode(enum.StrEnum):
    NOT_MANUAL = "stats_indicator_not_manual"
    VALUE_INVALID = "stats_value_invalid"
    SOURCE_REQUIRED = "stats_source_required"
    MONTH_INVALID = "stats_month_invalid"
    YEAR_INVALID = "stats_year_invalid"
    REGION_INVALID = "stats_region_invalid"


class StatsError(DomainError):
    pass
