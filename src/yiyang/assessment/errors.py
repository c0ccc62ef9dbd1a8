"""Error codes of the assessment module (stable; listed in docs/api/errors.md)."""

import enum

from yiyang.core.errors import DomainError


class ErrorCode(enum.StrEnum):
    SCALE_UNKNOWN = "scale_unknown"
    SCALE_UNVERIFIED = "scale_unverified"
    SCALE_IN_USE = "scale_in_use"
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


class AssessmentError(DomainError):
    pass
