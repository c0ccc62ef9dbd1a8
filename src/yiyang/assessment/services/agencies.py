"""Writes of assessment agencies (评估机构).

Seed 000 §(一)1 asks for contracted agencies to run assessments. Every write needs
`assessment.manage_agencies` in the agency's region.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from yiyang.assessment.models import AssessmentAgency
from yiyang.assessment.services.fields import (
    CAPABILITY,
    check_date_order,
    checked_credit_code,
    phone_field,
    region_of,
    text_field,
)
from yiyang.core import audit
from yiyang.core.models import Region, User
from yiyang.core.scoping import require

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
        "name": text_field(
            name, field="name", label=_("agency name"), max_length=200, required=True
        ),
        "credit_code": checked_credit_code(credit_code, exclude_pk=exclude_pk),
        "address": text_field(
            address, field="address", label=_("address"), max_length=200, required=False
        ),
        "contact_name": text_field(
            contact_name,
            field="contact_name",
            label=_("contact person"),
            max_length=50,
            required=False,
        ),
        "phone": phone_field(phone),
        "contract_start": contract_start,
        "contract_end": contract_end,
    }
    check_date_order(
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
    place = region_of(region)
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
    place = region_of(region)
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
