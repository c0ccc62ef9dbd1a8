"""Checks shared by the agency and assessor services: text, phone, dates, region, credit code."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yiyang.assessment.errors import AssessmentError, ErrorCode
from yiyang.assessment.models import AssessmentAgency
from yiyang.core.models import Region
from yiyang.core.validators.credit_code import (
    CreditCodeProblem,
    InvalidCreditCode,
    parse_credit_code,
)
from yiyang.core.validators.phone import InvalidPhone, normalise_phone
from yiyang.registry.errors import PHONE_MESSAGES

CAPABILITY = "assessment.manage_agencies"

CREDIT_CODE_MESSAGES = {
    CreditCodeProblem.EMPTY: gettext_lazy("Enter the unified social credit code."),
    CreditCodeProblem.LENGTH: gettext_lazy("A unified social credit code has 18 characters."),
    CreditCodeProblem.CHARACTERS: gettext_lazy(
        "A unified social credit code has only digits and capital letters, without I, O, S, V and Z."
    ),
    CreditCodeProblem.CHECK_CHARACTER: gettext_lazy(
        "The check character of the unified social credit code is wrong: the code has a typing error (the last character would be {expected})."
    ),
    CreditCodeProblem.ORGANISATION_CODE: gettext_lazy(
        "The organisation code inside the unified social credit code (characters 9 to 17) is not valid."
    ),
}


def text_field(
    value: str | None, *, field: str, label: str, max_length: int, required: bool
) -> str:
    text = (value or "").strip()
    if required and not text:
        raise AssessmentError(
            ErrorCode.REQUIRED, _("Enter the {field}.").format(field=label), field=field
        )
    if len(text) > max_length:
        raise AssessmentError(
            ErrorCode.VALUE_INVALID,
            _("The {field} is too long: at most {limit} characters.").format(
                field=label, limit=max_length
            ),
            field=field,
        )
    return text


def checked_credit_code(raw: str | None, *, exclude_pk: int | None = None) -> str:
    """Return the normalised code (GB 32100-2015), refusing a wrong or already registered one."""
    try:
        code = parse_credit_code(raw)
    except InvalidCreditCode as error:
        message = str(CREDIT_CODE_MESSAGES[error.problem]).format(expected=error.expected or "")
        raise AssessmentError(ErrorCode.CREDIT_CODE_INVALID, message, field="credit_code") from None
    taken = AssessmentAgency.objects.filter(credit_code=code)  # scoped: uniqueness is city-wide
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise AssessmentError(
            ErrorCode.CREDIT_CODE_TAKEN,
            _("An agency with the unified social credit code {code} is already registered.").format(
                code=code
            ),
            field="credit_code",
        )
    return code


def phone_field(raw: str | None) -> str:
    if not (raw or "").strip():
        return ""
    try:
        return normalise_phone(raw)
    except InvalidPhone as error:
        raise AssessmentError(
            ErrorCode.VALUE_INVALID, str(PHONE_MESSAGES[error.problem]), field="phone"
        ) from None


def check_date_order(start: date | None, end: date | None, *, field: str, message: str) -> None:
    if start is not None and end is not None and end < start:
        raise AssessmentError(ErrorCode.VALUE_INVALID, message, field=field)


def region_of(region: Region | str | None) -> Region:
    if isinstance(region, Region):
        return region
    if not region:
        raise AssessmentError(ErrorCode.REQUIRED, _("Choose the service region."), field="region")
    found = Region.objects.filter(code=region).first()
    if found is None:
        raise AssessmentError(
            ErrorCode.VALUE_INVALID,
            _("“{code}” is not a known region.").format(code=region),
            field="region",
        )
    return found
