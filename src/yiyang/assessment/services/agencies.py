"""Writes of assessment agencies (评估机构), their assessors (评估员) and assessor training.

Seed 000 §(一)1 asks for contracted agencies to run assessments; seed 001 item 7 for assessor
training and examination. Every write needs `assessment.manage_agencies` in the agency's region.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yiyang.assessment.errors import AssessmentError, ErrorCode
from yiyang.assessment.models import AssessmentAgency, Assessor, AssessorTraining
from yiyang.core import audit
from yiyang.core.models import Region, User
from yiyang.core.roles import Role
from yiyang.core.scoping import require
from yiyang.core.services import create_user
from yiyang.core.validators.credit_code import (
    CreditCodeProblem,
    InvalidCreditCode,
    parse_credit_code,
)
from yiyang.core.validators.phone import InvalidPhone, normalise_phone
from yiyang.registry.errors import PHONE_MESSAGES

CAPABILITY = "assessment.manage_agencies"
AGENCY_FIELDS = [
    "name",
    "credit_code",
    "region",
    "address",
    "contact_name",
    "phone",
    "contract_start",
    "contract_end",
    "is_active",
]
ASSESSOR_FIELDS = [
    "agency",
    "user",
    "name",
    "phone",
    "certificate_number",
    "certified_on",
    "certificate_valid_until",
    "is_active",
]
# Letters and digits that cannot be mistaken for one another when read aloud or copied by hand.
READABLE_CHARACTERS = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
INITIAL_PASSWORD_LENGTH = 12

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


@dataclass(frozen=True)
class RegisteredAssessor:
    """A new assessor, and the login's initial password when one was created (shown once)."""

    assessor: Assessor
    initial_password: str | None


# --- checks -------------------------------------------------------------------------------------


def _text(value: str | None, *, field: str, label: str, max_length: int, required: bool) -> str:
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


def _phone(raw: str | None) -> str:
    if not (raw or "").strip():
        return ""
    try:
        return normalise_phone(raw)
    except InvalidPhone as error:
        raise AssessmentError(
            ErrorCode.VALUE_INVALID, str(PHONE_MESSAGES[error.problem]), field="phone"
        ) from None


def _date_order(start: date | None, end: date | None, *, field: str, message: str) -> None:
    if start is not None and end is not None and end < start:
        raise AssessmentError(ErrorCode.VALUE_INVALID, message, field=field)


def _region(region: Region | str | None) -> Region:
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


def _agency_values(
    *,
    name: str,
    credit_code: str,
    address: str,
    contact_name: str,
    phone: str,
    contract_start: date | None,
    contract_end: date | None,
    exclude_pk: int | None = None,
) -> dict:
    values = {
        "name": _text(name, field="name", label=_("agency name"), max_length=200, required=True),
        "credit_code": checked_credit_code(credit_code, exclude_pk=exclude_pk),
        "address": _text(
            address, field="address", label=_("address"), max_length=200, required=False
        ),
        "contact_name": _text(
            contact_name,
            field="contact_name",
            label=_("contact person"),
            max_length=50,
            required=False,
        ),
        "phone": _phone(phone),
        "contract_start": contract_start,
        "contract_end": contract_end,
    }
    _date_order(
        contract_start,
        contract_end,
        field="contract_end",
        message=_("The contract cannot end before it starts."),
    )
    return values


# --- agencies -----------------------------------------------------------------------------------


def register_agency(
    *,
    name: str,
    credit_code: str,
    region: Region | str,
    address: str = "",
    contact_name: str = "",
    phone: str = "",
    contract_start: date | None = None,
    contract_end: date | None = None,
    actor: User,
) -> AssessmentAgency:
    """Register an agency contracted to assess in `region` (seed 000 §(一)1)."""
    place = _region(region)
    require(actor, CAPABILITY, place.code)
    values = _agency_values(
        name=name,
        credit_code=credit_code,
        address=address,
        contact_name=contact_name,
        phone=phone,
        contract_start=contract_start,
        contract_end=contract_end,
    )
    with transaction.atomic():
        agency = AssessmentAgency.objects.create(region=place, **values)
        audit.record_change(
            agency,
            actor=actor,
            action="register_agency",
            fields=AGENCY_FIELDS,
            region_code=place.code,
        )
    return agency


def update_agency(
    agency: AssessmentAgency,
    *,
    name: str,
    credit_code: str,
    region: Region | str,
    address: str = "",
    contact_name: str = "",
    phone: str = "",
    contract_start: date | None = None,
    contract_end: date | None = None,
    actor: User,
) -> AssessmentAgency:
    """Change an agency's record; moving it needs the capability in both regions."""
    require(actor, CAPABILITY, agency.region_id)
    place = _region(region)
    require(actor, CAPABILITY, place.code)
    values = _agency_values(
        name=name,
        credit_code=credit_code,
        address=address,
        contact_name=contact_name,
        phone=phone,
        contract_start=contract_start,
        contract_end=contract_end,
        exclude_pk=agency.pk,
    )
    with transaction.atomic():
        before = audit.snapshot(agency, AGENCY_FIELDS)
        for field, value in values.items():
            setattr(agency, field, value)
        agency.region = place
        agency.save(update_fields=[*values, "region"])
        audit.record_change(
            agency, actor=actor, action="update", before=before, region_code=place.code
        )
    return agency


def deactivate_agency(
    agency: AssessmentAgency, *, reason: str = "", actor: User
) -> AssessmentAgency:
    """Stop an agency from taking new assessments (its history stays)."""
    require(actor, CAPABILITY, agency.region_id)
    with transaction.atomic():
        before = audit.snapshot(agency, ["is_active"])
        agency.is_active = False
        agency.save(update_fields=["is_active"])
        audit.record_change(
            agency,
            actor=actor,
            action="deactivate_agency",
            before=before,
            reason=reason,
            region_code=agency.region_id,
        )
    return agency


# --- assessors ----------------------------------------------------------------------------------


def generate_password() -> str:
    return "".join(secrets.choice(READABLE_CHARACTERS) for _ in range(INITIAL_PASSWORD_LENGTH))


def _assessor_values(
    *,
    name: str,
    phone: str,
    certificate_number: str,
    certified_on: date | None,
    certificate_valid_until: date | None,
) -> dict:
    values = {
        "name": _text(name, field="name", label=_("name"), max_length=50, required=True),
        "phone": _phone(phone),
        "certificate_number": _text(
            certificate_number,
            field="certificate_number",
            label=_("certificate number"),
            max_length=50,
            required=False,
        ),
        "certified_on": certified_on,
        "certificate_valid_until": certificate_valid_until,
    }
    if certified_on is not None and certified_on > timezone.localdate():
        raise AssessmentError(
            ErrorCode.VALUE_INVALID,
            _("The certificate date is in the future."),
            field="certified_on",
        )
    if certificate_valid_until is not None and certified_on is None:
        raise AssessmentError(
            ErrorCode.REQUIRED,
            _("Enter the date the certificate was issued."),
            field="certified_on",
        )
    _date_order(
        certified_on,
        certificate_valid_until,
        field="certificate_valid_until",
        message=_("The certificate cannot expire before it was issued."),
    )
    return values


def register_assessor(
    agency: AssessmentAgency,
    *,
    name: str,
    phone: str = "",
    certificate_number: str = "",
    certified_on: date | None = None,
    certificate_valid_until: date | None = None,
    username: str | None = None,
    actor: User,
) -> RegisteredAssessor:
    """Register an assessor of `agency`; with `username`, also a login (role assessor, home
    region the agency's) whose generated initial password is returned once and stored hashed.
    """
    require(actor, CAPABILITY, agency.region_id)
    values = _assessor_values(
        name=name,
        phone=phone,
        certificate_number=certificate_number,
        certified_on=certified_on,
        certificate_valid_until=certificate_valid_until,
    )
    login_name = (username or "").strip()
    if login_name:
        _text(login_name, field="username", label=_("user name"), max_length=150, required=True)
        if User.objects.filter(username__iexact=login_name).exists():
            raise AssessmentError(
                ErrorCode.USERNAME_TAKEN,
                _("The user name “{username}” is taken; choose another.").format(
                    username=login_name
                ),
                field="username",
            )
    password = generate_password() if login_name else None
    with transaction.atomic():
        user = None
        if login_name and password:
            # `assessment.manage_agencies` (checked above) is what lets a district create an
            # assessor's login; `core.manage_users` belongs to the city's account managers.
            user = create_user(
                username=login_name,
                password=password,
                role=Role.ASSESSOR,
                region=agency.region,
                display_name=values["name"],
                actor=None,
            )
        assessor = Assessor.objects.create(agency=agency, user=user, **values)
        audit.record_change(
            assessor,
            actor=actor,
            action="register_assessor",
            fields=ASSESSOR_FIELDS,
            region_code=agency.region_id,
        )
    return RegisteredAssessor(assessor=assessor, initial_password=password)


def update_assessor(
    assessor: Assessor,
    *,
    name: str,
    phone: str = "",
    certificate_number: str = "",
    certified_on: date | None = None,
    certificate_valid_until: date | None = None,
    actor: User,
) -> Assessor:
    """Change an assessor's record: name, phone, certificate (a renewal is a new expiry date)."""
    require(actor, CAPABILITY, assessor.agency.region_id)
    values = _assessor_values(
        name=name,
        phone=phone,
        certificate_number=certificate_number,
        certified_on=certified_on,
        certificate_valid_until=certificate_valid_until,
    )
    with transaction.atomic():
        before = audit.snapshot(assessor, ASSESSOR_FIELDS)
        for field, value in values.items():
            setattr(assessor, field, value)
        assessor.save(update_fields=list(values))
        audit.record_change(
            assessor,
            actor=actor,
            action="update",
            before=before,
            region_code=assessor.agency.region_id,
        )
    return assessor


def deactivate_assessor(assessor: Assessor, *, reason: str = "", actor: User) -> Assessor:
    """Stop an assessor from signing; their login is closed too, so they no longer see cases."""
    require(actor, CAPABILITY, assessor.agency.region_id)
    with transaction.atomic():
        before = audit.snapshot(assessor, ["is_active"])
        assessor.is_active = False
        assessor.save(update_fields=["is_active"])
        if assessor.user is not None and assessor.user.is_active:
            user = assessor.user
            user.is_active = False
            user.save(update_fields=["is_active"])
        audit.record_change(
            assessor,
            actor=actor,
            action="deactivate_assessor",
            before=before,
            reason=reason,
            region_code=assessor.agency.region_id,
        )
    return assessor


def record_training(
    assessor: Assessor,
    *,
    topic: str,
    taken_on: date,
    hours: Decimal | int | str,
    exam_score: int | None = None,
    passed: bool,
    actor: User,
) -> AssessorTraining:
    """Record a training course or examination an assessor took (seed 001 item 7)."""
    require(actor, CAPABILITY, assessor.agency.region_id)
    text = _text(topic, field="topic", label=_("topic"), max_length=200, required=True)
    if taken_on is None:
        raise AssessmentError(
            ErrorCode.REQUIRED, _("Enter the date of the training."), field="taken_on"
        )
    if taken_on > timezone.localdate():
        raise AssessmentError(
            ErrorCode.VALUE_INVALID, _("The training date is in the future."), field="taken_on"
        )
    try:
        amount = Decimal(str(hours))
    except InvalidOperation:
        amount = Decimal(-1)
    if (
        not amount.is_finite()
        or amount < 0
        or amount > Decimal("999.9")
        or amount != amount.quantize(Decimal("0.1"))
    ):
        raise AssessmentError(
            ErrorCode.VALUE_INVALID,
            _("Training hours are a number from 0 to 999.9, with at most one decimal."),
            field="hours",
        )
    if exam_score is not None and not 0 <= exam_score <= 100:
        raise AssessmentError(
            ErrorCode.VALUE_INVALID,
            _("An examination score is from 0 to 100."),
            field="exam_score",
        )
    with transaction.atomic():
        training = AssessorTraining.objects.create(
            assessor=assessor,
            topic=text,
            taken_on=taken_on,
            hours=amount,
            exam_score=exam_score,
            passed=passed,
        )
        audit.record_change(
            training,
            actor=actor,
            action="record_training",
            fields=["assessor", "topic", "taken_on", "hours", "exam_score", "passed"],
            region_code=assessor.agency.region_id,
        )
    return training
