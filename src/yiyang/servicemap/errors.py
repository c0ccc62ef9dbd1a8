"""Error codes of the service-map module (stable; listed in docs/modules/servicemap.md)."""

import enum

from yiyang.core.errors import DomainError


class ErrorCode(enum.StrEnum):
    DATE_IN_PAST = "circle_policy_date_in_past"
    VALUE_INVALID = "circle_policy_value_invalid"
    NOTHING_QUALIFIES = "circle_policy_nothing_qualifies"
    CHOICE_INVALID = "choice_invalid"


class ServicemapError(DomainError):
    pass
