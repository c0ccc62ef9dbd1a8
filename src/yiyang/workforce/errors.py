"""Error codes of the workforce module (stable; listed in docs/api/errors.md)."""

import enum

from yiyang.core.errors import DomainError


class ErrorCode(enum.StrEnum):
    ID_NUMBER_INVALID = "caregiver_id_number_invalid"
    ID_NUMBER_TAKEN = "caregiver_id_number_taken"
    PHONE_INVALID = "caregiver_phone_invalid"
    NAME_REQUIRED = "caregiver_name_required"
    REGION_INVALID = "caregiver_region_invalid"
    CERTIFICATE_INVALID = "caregiver_certificate_invalid"
    TRAINING_INVALID = "caregiver_training_invalid"


class WorkforceError(DomainError):
    pass
