"""Error codes of the home-services module (stable; listed in docs/api/errors.md)."""

import enum

from yiyang.core.errors import DomainError


class ErrorCode(enum.StrEnum):
    CREDIT_CODE_INVALID = "provider_credit_code_invalid"
    CREDIT_CODE_TAKEN = "provider_credit_code_taken"
    PROVIDER_INVALID = "provider_invalid"
    PROVIDER_INACTIVE = "provider_inactive"
    OUTSIDE_SERVICE_AREA = "provider_outside_service_area"
    ITEM_INVALID = "service_item_invalid"
    PRICE_INVALID = "service_price_invalid"
    NO_PRICE = "service_item_no_price"
    NO_POLICY = "homecare_no_policy"
    ELDER_NOT_ACTIVE = "order_elder_not_active"
    TIME_INVALID = "order_time_invalid"
    WRONG_STATUS = "order_wrong_status"
    REASON_REQUIRED = "order_reason_required"
    NOT_QUALIFIED = "order_caregiver_not_qualified"
    CAREGIVER_INVALID = "order_caregiver_invalid"
    LOCATION_INVALID = "order_location_invalid"
    DURATION_REASON_REQUIRED = "visit_duration_reason_required"
    NOT_FLAGGED = "visit_not_flagged"
    ABSENCE_INVALID = "elder_absence_invalid"
    PLAN_INVALID = "care_plan_invalid"
    SETTLEMENT_INVALID = "settlement_month_invalid"
    SETTLEMENT_WRONG_STATUS = "settlement_wrong_status"
    LINK_INVALID = "confirmation_link_invalid"
    DAY_PLAN_INVALID = "day_plan_invalid"
    COMPLAINT_INVALID = "complaint_invalid"
    CASE_INVALID = "case_invalid"
    CASE_WRONG_STATUS = "case_wrong_status"


class HomecareError(DomainError):
    pass
