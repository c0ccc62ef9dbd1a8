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


class InstitutionError(DomainError):
    pass
