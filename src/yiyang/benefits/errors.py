"""Error codes of the benefits module (stable; listed in docs/api/errors.md)."""

import enum

from yiyang.core.errors import DomainError


class ErrorCode(enum.StrEnum):
    RULES_INVALID = "benefit_rules_invalid"
    VERSION_WRONG_STATUS = "benefit_version_wrong_status"
    VERSION_DATE_INVALID = "benefit_version_date_invalid"
    NO_PUBLISHED_VERSION = "benefit_no_published_version"
    PROGRAM_INACTIVE = "benefit_program_inactive"
    NO_APPLICATION_NEEDED = "benefit_no_application_needed"
    APPLICATION_OPEN = "benefit_application_open"
    ALREADY_ENTITLED = "benefit_already_entitled"
    APPLICATION_WRONG_STATUS = "benefit_application_wrong_status"
    WRONG_LEVEL = "benefit_wrong_approval_level"
    REASON_REQUIRED = "benefit_reason_required"
    ELDER_NOT_ACTIVE = "benefit_elder_not_active"
    MONTH_INVALID = "benefit_month_invalid"
    REGION_OUTSIDE_PROGRAM = "benefit_region_outside_program"
    PREVIOUS_RUN_OPEN = "benefit_previous_run_open"
    RUN_WRONG_STATUS = "benefit_run_wrong_status"
    RUN_FROZEN = "benefit_run_frozen"
    FINDINGS_OPEN = "benefit_findings_open"
    SAME_PERSON = "benefit_same_person_approves"
    BUDGET_EXCEEDED = "benefit_budget_exceeded"
    FINDING_WRONG_STATUS = "benefit_finding_wrong_status"
    ACCOUNT_INVALID = "benefit_bank_account_invalid"
    AMOUNT_INVALID = "benefit_amount_invalid"
    VALUE_INVALID = "benefit_value_invalid"
    NOTHING_TO_BANK = "benefit_nothing_to_bank"


class BenefitsError(DomainError):
    pass
