"""Writes of assessors (评估员) and their training (seed 001 item 7: assessor training and
examination). Every write needs `assessment.manage_agencies` in the agency's region.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.assessment.errors import AssessmentError, ErrorCode
from yiyang.assessment.models import AssessmentAgency, Assessor, AssessorTraining
from yiyang.assessment.services.fields import (
    CAPABILITY,
    check_date_order,
    phone_field,
    text_field,
)
from yiyang.core import audit
from yiyang.core.models import User
from yiyang.core.roles import Role
from yiyang.core.scoping import require
from yiyang.core.services import create_user, forget_tokens

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


@dataclass(frozen=True)
class RegisteredAssessor:
    """A new assessor, and the login's initial password when one was created (shown once)."""

    assessor: Assessor
    initial_password: str | None


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
        "name": text_field(name, field="name", label=_("name"), max_length=50, required=True),
        "phone": phone_field(phone),
        "certificate_number": text_field(
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
    check_date_order(
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
        text_field(
            login_name, field="username", label=_("user name"), max_length=150, required=True
        )
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
            forget_tokens(user)
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
    text = text_field(topic, field="topic", label=_("topic"), max_length=200, required=True)
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
