"""Keep a community facility's services offered and opening hours current (what families read)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.core.scoping import require
from yiyang.institutions.errors import ErrorCode, InstitutionError
from yiyang.institutions.models import Facility

MANAGE_FACILITIES = "institutions.manage_facilities"
MAX_SERVICES = 30


def update_facility(
    facility: Facility,
    *,
    services: list[str],
    opening_hours: str,
    contact_phone: str,
    is_active: bool,
    actor,
) -> Facility:
    """Replace the list of services offered (one per line, duplicates dropped) and the hours."""
    require(actor, MANAGE_FACILITIES, facility.region_id)
    cleaned: list[str] = []
    for service in services:
        name = (service or "").strip()
        if name and name not in cleaned:
            cleaned.append(name)
    if len(cleaned) > MAX_SERVICES or any(len(name) > 50 for name in cleaned):
        raise InstitutionError(
            ErrorCode.CHOICE_INVALID,
            _("List at most 30 services, each up to 50 characters."),
            field="services",
        )
    opening_hours = (opening_hours or "").strip()
    if len(opening_hours) > 100:
        raise InstitutionError(
            ErrorCode.CHOICE_INVALID,
            _("Ensure this value has at most 100 characters."),
            field="opening_hours",
        )
    with transaction.atomic():
        locked = Facility.objects.select_for_update().get(pk=facility.pk)
        fields = ["services", "opening_hours", "contact_phone", "is_active"]
        before = audit.snapshot(locked, fields)
        locked.services = cleaned
        locked.opening_hours = opening_hours
        locked.contact_phone = (contact_phone or "").strip()[:20]
        locked.is_active = is_active
        locked.save(update_fields=fields)
        audit.record_change(
            locked, actor=actor, action="update", before=before, region_code=locked.region_id
        )
    return locked
