"""Every write of the workforce module (STYLE.md B4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.core.models import Region
from yiyang.core.scoping import require
from yiyang.core.validators.id_number import IdNumberProblem, InvalidIdNumber, parse_id_number
from yiyang.core.validators.phone import InvalidPhone, normalise_phone
from yiyang.workforce.choices import CaregiverStatus, CertificateKind, SkillLevel
from yiyang.workforce.errors import ErrorCode, WorkforceError
from yiyang.workforce.models import Caregiver, Certificate, TrainingRecord

MANAGE = "workforce.manage_caregivers"


@dataclass(frozen=True)
class CaregiverData:
    name: str
    id_number: str
    phone: str
    region_code: str


def _id_number_message(problem: IdNumberProblem, expected: str | None) -> str:
    if problem == IdNumberProblem.CHECK_CHARACTER:
        return _("The check character is wrong: it should be {expected}.").format(expected=expected)
    if problem == IdNumberProblem.EMPTY:
        return _("Enter the identity number.")
    return _("This is not a valid 18-character identity number.")


def _checked(data: CaregiverData, *, today: date) -> tuple[str, date, str, Region, str]:
    name = (data.name or "").strip()
    if not name:
        raise WorkforceError(ErrorCode.NAME_REQUIRED, _("Enter the name."), field="name")
    try:
        parsed = parse_id_number(data.id_number, today=today)
    except InvalidIdNumber as error:
        raise WorkforceError(
            ErrorCode.ID_NUMBER_INVALID,
            _id_number_message(error.problem, error.expected),
            field="id_number",
        ) from None
    try:
        phone = normalise_phone(data.phone)
    except InvalidPhone:
        raise WorkforceError(
            ErrorCode.PHONE_INVALID, _("Enter a mobile or landline number."), field="phone"
        ) from None
    region = Region.objects.filter(code=data.region_code).first()
    if region is None:
        raise WorkforceError(
            ErrorCode.REGION_INVALID, _("Choose a region that exists."), field="region"
        )
    return name[:50], parsed.birth_date, phone, region, parsed.value


def register_caregiver(data: CaregiverData, *, actor, user=None) -> Caregiver:
    """Record a caregiver working in `data.region_code` (identity number checked, GB 11643)."""
    name, birth, phone, region, number = _checked(data, today=timezone.localdate())
    require(actor, MANAGE, region.code)
    with transaction.atomic():
        if Caregiver.objects.filter(id_number=number).exists():
            raise WorkforceError(
                ErrorCode.ID_NUMBER_TAKEN,
                _("A caregiver with this identity number is already recorded."),
                field="id_number",
            )
        caregiver = Caregiver.objects.create(
            name=name, id_number=number, birth_date=birth, phone=phone, region=region, user=user
        )
        audit.record_change(
            caregiver,
            actor=actor,
            action="create",
            fields=["name", "id_number", "phone", "region", "status"],
            region_code=region.code,
        )
    return caregiver


def set_caregiver_status(caregiver: Caregiver, *, status: str, reason: str, actor) -> Caregiver:
    """Suspend, reinstate or record the departure of a caregiver."""
    require(actor, MANAGE, caregiver.region_id)
    if status not in CaregiverStatus.values:
        raise WorkforceError(ErrorCode.REGION_INVALID, _("Choose a status."), field="status")
    with transaction.atomic():
        before = audit.snapshot(caregiver, ["status"])
        caregiver.status = status
        caregiver.updated_at = timezone.now()
        caregiver.save(update_fields=["status", "updated_at"])
        audit.record_change(
            caregiver,
            actor=actor,
            action="update",
            before=before,
            reason=reason,
            region_code=caregiver.region_id,
        )
    return caregiver


def add_certificate(
    caregiver: Caregiver,
    *,
    kind: str,
    number: str,
    issued_on: date,
    expires_on: date | None = None,
    skill_level: int | None = None,
    actor,
) -> Certificate:
    """Record a skill certificate (level 5 → 1) or a health certificate with its expiry."""
    require(actor, MANAGE, caregiver.region_id)
    if kind not in CertificateKind.values:
        raise WorkforceError(ErrorCode.CERTIFICATE_INVALID, _("Choose a kind."), field="kind")
    if kind == CertificateKind.SKILL and skill_level not in SkillLevel.values:
        raise WorkforceError(
            ErrorCode.CERTIFICATE_INVALID,
            _("A skill certificate has a level from 5 to 1."),
            field="skill_level",
        )
    if kind == CertificateKind.HEALTH:
        skill_level = None
        if expires_on is None:
            raise WorkforceError(
                ErrorCode.CERTIFICATE_INVALID,
                _("A health certificate has an expiry date."),
                field="expires_on",
            )
    if not (number or "").strip():
        raise WorkforceError(
            ErrorCode.CERTIFICATE_INVALID, _("Enter the certificate number."), field="number"
        )
    if issued_on > timezone.localdate():
        raise WorkforceError(
            ErrorCode.CERTIFICATE_INVALID,
            _("The issue date cannot be in the future."),
            field="issued_on",
        )
    if expires_on is not None and expires_on < issued_on:
        raise WorkforceError(
            ErrorCode.CERTIFICATE_INVALID,
            _("A certificate expires after it is issued."),
            field="expires_on",
        )
    with transaction.atomic():
        certificate = Certificate.objects.create(
            caregiver=caregiver,
            kind=kind,
            skill_level=skill_level,
            number=number.strip()[:50],
            issued_on=issued_on,
            expires_on=expires_on,
        )
        audit.record_change(
            certificate,
            actor=actor,
            action="create",
            fields=["kind", "skill_level", "number", "issued_on", "expires_on"],
            region_code=caregiver.region_id,
        )
    return certificate


def record_training(
    caregiver: Caregiver, *, topic: str, taken_on: date, hours: Decimal | str, actor
) -> TrainingRecord:
    """Record one training the caregiver took (topic, date, hours)."""
    require(actor, MANAGE, caregiver.region_id)
    try:
        amount = Decimal(str(hours))
    except InvalidOperation:
        amount = Decimal(0)
    if amount <= 0 or amount > 1000:
        raise WorkforceError(
            ErrorCode.TRAINING_INVALID, _("Enter the hours, more than zero."), field="hours"
        )
    if not (topic or "").strip():
        raise WorkforceError(ErrorCode.TRAINING_INVALID, _("Enter the topic."), field="topic")
    if taken_on > timezone.localdate():
        raise WorkforceError(
            ErrorCode.TRAINING_INVALID, _("The date cannot be in the future."), field="taken_on"
        )
    with transaction.atomic():
        training = TrainingRecord.objects.create(
            caregiver=caregiver, topic=topic.strip()[:100], taken_on=taken_on, hours=amount
        )
        audit.record_change(
            training,
            actor=actor,
            action="create",
            fields=["topic", "taken_on", "hours"],
            region_code=caregiver.region_id,
        )
    return training
