"""Writing an elder's response plan (the contact cascade, home access, conditions)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.core.scoping import require
from yiyang.registry.models import Elder
from yiyang.telecare.choices import ResponderRole
from yiyang.telecare.errors import ErrorCode, TelecareError
from yiyang.telecare.models import PlanContact, ResponsePlan

_PHONE = re.compile(r"\+?[0-9][0-9-]{6,19}")
MAX_CONTACTS = 10


@dataclass(frozen=True)
class PlanContactData:
    role: str
    name: str
    phone: str
    has_consented: bool = False
    consented_on: date | None = None
    is_keyholder: bool = False


def _check(index: int, contact: PlanContactData) -> None:
    where = f"contacts.{index}"
    if contact.role not in ResponderRole.values:
        raise TelecareError(
            ErrorCode.VALUE_INVALID, _("Choose the contact's role."), field=f"{where}.role"
        )
    if not contact.name.strip():
        raise TelecareError(
            ErrorCode.VALUE_INVALID, _("Give the contact's name."), field=f"{where}.name"
        )
    if not _PHONE.fullmatch(contact.phone.strip()):
        raise TelecareError(
            ErrorCode.VALUE_INVALID, _("Give a phone number of digits."), field=f"{where}.phone"
        )
    if contact.has_consented and contact.consented_on is None:
        raise TelecareError(
            ErrorCode.VALUE_INVALID,
            _("Record the date the contact agreed to be called."),
            field=f"{where}.consented_on",
        )


def set_response_plan(
    elder: Elder,
    *,
    home_access: str,
    conditions: str,
    contacts: list[PlanContactData],
    actor,
) -> ResponsePlan:
    """Replace the elder's response plan; contacts are called in the order given."""
    require(actor, "telecare.manage_devices", elder.residence_region_id)
    if len(contacts) > MAX_CONTACTS:
        raise TelecareError(ErrorCode.VALUE_INVALID, _("At most ten contacts."), field="contacts")
    for index, contact in enumerate(contacts):
        _check(index, contact)
    with transaction.atomic():
        plan, created = ResponsePlan.objects.select_for_update().get_or_create(
            elder=elder, defaults={"updated_by": actor}
        )
        fields = ["home_access", "conditions"]
        before = None if created else audit.snapshot(plan, fields)
        plan.home_access = home_access.strip()[:300]
        plan.conditions = conditions.strip()[:500]
        plan.updated_by = actor
        plan.updated_at = timezone.now()
        plan.save(update_fields=[*fields, "updated_by", "updated_at"])
        plan.contacts.all().delete()
        PlanContact.objects.bulk_create(
            PlanContact(
                plan=plan,
                position=position,
                role=contact.role,
                name=contact.name.strip()[:50],
                phone=contact.phone.strip()[:20],
                has_consented=contact.has_consented,
                consented_on=contact.consented_on,
                is_keyholder=contact.is_keyholder,
            )
            for position, contact in enumerate(contacts, start=1)
        )
        audit.record_change(
            plan,
            actor=actor,
            action="create" if created else "update",
            before=before,
            fields=fields,
            reason=f"{len(contacts)} contacts",
            region_code=elder.residence_region_id,
        )
    return plan
