"""Error codes of the institutions module (stable; listed in docs/api/errors.md)."""

import enum

from yiyang.core.errors import DomainError


class ErrorCode(enum.StrEnum):
    REQUIRED = "required"
    CREDIT_CODE_INVALID = "institution_credit_code_invalid"
    CREDIT_CODE_TAKEN = "institution_credit_code_taken"
    REGION_OUT_OF_SCOPE = "region_out_of_scope"
    CHOICE_INVALID = "choice_invalid"
    COORDINATE_INVALID = "coordinate_invalid"
    DOCUMENTS_MISSING = "institution_documents_missing"
    FILING_OPEN = "institution_filing_open"
    FILING_WRONG_STATUS = "institution_filing_wrong_status"
    INSTITUTION_CLOSED = "institution_closed"
    DATE_INVALID = "date_invalid"
    CALENDAR_UNKNOWN = "calendar_unknown"
    BED_NOT_FREE = "institution_bed_not_free"
    BED_OCCUPIED = "institution_bed_occupied"
    ELDER_NOT_ACTIVE = "institution_elder_not_active"
    ELDER_HAS_BED = "institution_elder_has_bed"
    NOT_EXTREME_POVERTY = "institution_not_extreme_poverty"
    RESIDENCY_ENDED = "institution_residency_ended"
    ROOM_EXISTS = "institution_room_exists"
    NOT_OPERATING = "institution_not_operating"
    BED_EXISTS = "institution_bed_exists"
    ON_LEAVE = "institution_resident_on_leave"
    NOT_ON_LEAVE = "institution_resident_not_on_leave"
    AGREEMENT_ENDED = "institution_agreement_ended"
    SCORES_INVALID = "institution_grade_scores_invalid"
    NO_GRADE_SCHEME = "institution_no_grade_scheme"


class InstitutionError(DomainError):
    pass
