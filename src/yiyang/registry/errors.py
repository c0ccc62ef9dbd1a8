"""Error codes of the registry (stable; documented in docs/api/errors.md)."""

import enum

from django.utils.translation import gettext_lazy as _

from yiyang.core.errors import DomainError
from yiyang.core.validators.id_number import IdNumberProblem
from yiyang.core.validators.phone import PhoneProblem


class ErrorCode(enum.StrEnum):
    REQUIRED = "required"
    ID_NUMBER_INVALID = "elder_id_number_invalid"
    ID_NUMBER_TAKEN = "elder_id_number_taken"
    TOO_YOUNG = "elder_too_young"
    PHONE_INVALID = "phone_invalid"
    REGION_UNKNOWN = "region_unknown"
    REGION_AMBIGUOUS = "region_ambiguous"
    REGION_NOT_COMMUNITY = "region_not_community"
    REGION_OUT_OF_SCOPE = "region_out_of_scope"
    CHOICE_INVALID = "choice_invalid"
    DATE_INVALID = "date_invalid"
    COORDINATE_INVALID = "coordinate_invalid"
    TOO_LONG = "too_long"
    CATEGORY_DERIVED = "category_derived"
    CATEGORY_NEEDS_APPROVAL = "category_needs_approval"
    CATEGORY_SAME_PERSON = "category_same_person"
    CATEGORY_NOT_PENDING = "category_not_pending"
    CATEGORY_NOT_HELD = "category_not_held"
    ELDER_NOT_ACTIVE = "elder_not_active"
    MERGE_SAME_RECORD = "merge_same_record"
    DUPLICATE_DECIDED = "duplicate_decided"
    FILE_UNREADABLE = "import_file_unreadable"
    IMPORT_RUNNING = "import_already_running"


class RegistryError(DomainError):
    pass


ID_NUMBER_MESSAGES = {
    IdNumberProblem.EMPTY: _("Enter the identity number."),
    IdNumberProblem.LENGTH: _("An identity number has 18 characters (or 15 for an old one)."),
    IdNumberProblem.CHARACTERS: _(
        "An identity number has only digits, and X as its last character."
    ),
    IdNumberProblem.BIRTH_DATE: _("The birth date in the identity number is not a real date."),
    IdNumberProblem.FUTURE_BIRTH_DATE: _("The birth date in the identity number is in the future."),
    IdNumberProblem.CHECK_CHARACTER: _(
        "The check character is wrong: the number has a typing error (the last character would be {expected})."
    ),
}

PHONE_MESSAGES = {
    PhoneProblem.EMPTY: _("Enter a phone number."),
    PhoneProblem.FORMAT: _(
        "Not a phone number: a mobile has 11 digits starting with 1; a landline has an area code."
    ),
    PhoneProblem.NEEDS_AREA_CODE: _("Add the area code to the landline number."),
}
