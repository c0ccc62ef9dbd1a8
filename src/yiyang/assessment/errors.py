"""Error codes of the assessment module (stable; listed in docs/api/errors.md)."""

import enum

from yiyang.core.errors import DomainError


class ErrorCode(enum.StrEnum):
    SCALE_UNKNOWN = "scale_unknown"
    SCALE_UNVERIFIED = "scale_unverified"
    SCALE_IN_USE = "scale_in_use"
    SCALE_WRONG_STATUS = "scale_wrong_status"
    SCALE_DEFINITION_INVALID = "scale_definition_invalid"
    ANSWER_MISSING = "assessment_answer_missing"
    ANSWER_OUT_OF_RANGE = "assessment_answer_out_of_range"
    ANSWER_UNKNOWN_ITEM = "assessment_answer_unknown_item"
    DIAGNOSIS_INVALID = "assessment_diagnosis_invalid"
    RISK_EVENT_INVALID = "assessment_risk_event_invalid"
    WRONG_STATUS = "assessment_wrong_status"
    ASSESSOR_UNQUALIFIED = "assessor_unqualified"
    ASSESSORS_SAME = "assessors_same"
    ASSESSORS_NOT_OF_AGENCY = "assessors_not_of_agency"
    AGENCY_NOT_SERVING = "agency_not_serving"
    CREDIT_CODE_INVALID = "credit_code_invalid"
    REQUIRED = "required"
    PUBLICITY_OVER = "publicity_period_over"
    RECHECK_TEAM_OVERLAP = "recheck_team_overlap"
    RECHECK_ROUND_EXISTS = "recheck_round_exists"
    CALENDAR_UNKNOWN = "calendar_unknown"
    CREDIT_CODE_TAKEN = "credit_code_taken"
    USERNAME_TAKEN = "username_taken"
    VALUE_INVALID = "assessment_value_invalid"
    ALREADY_OPEN = "assessment_already_open"
    REASSESSMENT_SAME_ASSESSORS = "reassessment_same_assessors"
    ELDER_NOT_ACTIVE = "assessment_elder_not_active"
    BASIC_INFO_INVALID = "assessment_basic_info_invalid"


class AssessmentError(DomainError):
    pass
