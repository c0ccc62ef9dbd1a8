"""Writes of providers, their staff and the caregivers they employ."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.core.models import Region
from yiyang.core.roles import Role
from yiyang.core.scoping import require
from yiyang.core.validators.credit_code import (
    CreditCodeProblem,
    InvalidCreditCode,
    parse_credit_code,
)
from yiyang.core.validators.phone import InvalidPhone, normalise_phone
from yiyang.homecare.choices import ProviderKind
from yiyang.homecare.errors import ErrorCode, HomecareError
from yiyang.homecare.models import Employment, Provider, ProviderStaff
from yiyang.homecare.services.common import require_provider_staff
from yiyang.workforce.models import Caregiver
from yiyang.workforce.services import CaregiverData, register_caregiver


@dataclass(frozen=True)
class ProviderData:
    name: str
    credit_code: str
    kind: str
    region_code: str
    contract_starts_on: date
    contract_ends_on: date
    contact_name: str
    contact_phone: str
    service_area_codes: list[str] = field(default_factory=list)


def _credit_code(raw: str) -> str:
    try:
        return parse_credit_code(raw)
    except InvalidCreditCode as error:
        if error.problem == CreditCodeProblem.CHECK_CHARACTER:
            message = _("The check character is wrong: it should be {expected}.").format(
                expected=error.expected
            )
        elif error.problem == CreditCodeProblem.EMPTY:
            message = _("Enter the unified social credit code.")
        else:
            message = _("This is not a valid 18-character unified social credit code.")
        raise HomecareError(ErrorCode.CREDIT_CODE_INVALID, message, field="credit_code") from None


def register_provider(data: ProviderData, *, actor) -> Provider:
    """Record a provider under contract with the bureau, with its service area (issue 5)."""
    code = _credit_code(data.credit_code)
    name = (data.name or "").strip()
    if not name:
        raise HomecareError(ErrorCode.PROVIDER_INVALID, _("Enter the name."), field="name")
    if data.kind not in ProviderKind.values:
        raise HomecareError(ErrorCode.PROVIDER_INVALID, _("Choose a kind."), field="kind")
    if data.contract_ends_on < data.contract_starts_on:
        raise HomecareError(
            ErrorCode.PROVIDER_INVALID,
            _("The contract ends after it starts."),
            field="contract_ends_on",
        )
    try:
        phone = normalise_phone(data.contact_phone)
    except InvalidPhone:
        raise HomecareError(
            ErrorCode.PROVIDER_INVALID,
            _("Enter a mobile or landline number."),
            field="contact_phone",
        ) from None
    region = Region.objects.filter(code=data.region_code).first()
    if region is None:
        raise HomecareError(
            ErrorCode.PROVIDER_INVALID, _("Choose a region that exists."), field="region"
        )
    require(actor, "homecare.manage_providers", region.code)
    areas = list(Region.objects.filter(code__in=data.service_area_codes or [region.code]))
    if len(areas) != len(set(data.service_area_codes or [region.code])):
        raise HomecareError(
            ErrorCode.PROVIDER_INVALID,
            _("Choose service-area regions that exist."),
            field="service_areas",
        )
    for area in areas:
        require(actor, "homecare.manage_providers", area.code)
    with transaction.atomic():
        if Provider.objects.filter(credit_code=code).exists():
            raise HomecareError(
                ErrorCode.CREDIT_CODE_TAKEN,
                _("A provider with this credit code is already recorded."),
                field="credit_code",
            )
        provider = Provider.objects.create(
            name=name[:100],
            credit_code=code,
            kind=data.kind,
            region=region,
            contract_starts_on=data.contract_starts_on,
            contract_ends_on=data.contract_ends_on,
            contact_name=(data.contact_name or "").strip()[:50],
            contact_phone=phone,
        )
        provider.service_areas.set(areas)
        audit.record_change(
            provider,
            actor=actor,
            action="create",
            fields=[
                "name",
                "credit_code",
                "kind",
                "region",
                "contract_starts_on",
                "contract_ends_on",
            ],
            region_code=region.code,
        )
    return provider


def add_provider_staff(provider: Provider, *, user, is_manager: bool, actor) -> ProviderStaff:
    """Link a provider-staff account to its provider: it then sees only that provider."""
    require(actor, "homecare.manage_providers", provider.region_id)
    if user.role != Role.PROVIDER_STAFF:
        raise HomecareError(
            ErrorCode.PROVIDER_INVALID,
            _("Only a provider-staff account can work for a provider."),
            field="user",
        )
    with transaction.atomic():
        staff, _created = ProviderStaff.objects.update_or_create(
            user=user, defaults={"provider": provider, "is_manager": is_manager}
        )
        audit.record_change(
            staff,
            actor=actor,
            action="create",
            fields=["user", "provider", "is_manager"],
            region_code=provider.region_id,
        )
    return staff


def hire_caregiver(
    provider: Provider, data: CaregiverData, *, actor, user=None, started_on: date | None = None
) -> Caregiver:
    """Record a caregiver employed by `provider` (workforce record plus the employment)."""
    require_provider_staff(actor, provider, "workforce.manage_caregivers")
    with transaction.atomic():
        caregiver = register_caregiver(data, actor=actor, user=user)
        Employment.objects.create(
            caregiver=caregiver,
            provider=provider,
            started_on=started_on or timezone.localdate(),
        )
    return caregiver
