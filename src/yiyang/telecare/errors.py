"""Error codes of the telecare module (stable; listed in docs/api/errors.md)."""

import enum

from yiyang.core.errors import DomainError


class ErrorCode(enum.StrEnum):
    SERIAL_TAKEN = "telecare_serial_taken"
    SERIAL_INVALID = "telecare_serial_invalid"
    ELDER_NOT_ACTIVE = "telecare_elder_not_active"
    DEVICE_UNBOUND = "telecare_device_unbound"
    VALUE_INVALID = "telecare_value_invalid"
    ALARM_WRONG_STATUS = "telecare_alarm_wrong_status"
    REASON_REQUIRED = "telecare_reason_required"
    MESSAGE_REJECTED = "telecare_message_rejected"
    BED_EXISTS = "telecare_bed_exists"
    BED_WRONG_STATUS = "telecare_bed_wrong_status"
    BED_NOT_READY = "telecare_bed_not_ready"


class TelecareError(DomainError):
    pass
