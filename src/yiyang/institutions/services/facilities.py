"""Community facilities (社区养老服务设施): registering one and keeping its services and opening
hours current (families read them; the service map and the 15-minute circle count by them)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.core.models import Region
from yiyang.core.scoping import require
from yiyang.institutions.choices import FacilityKind, FacilityService
from yiyang.institutions.errors import ErrorCode, InstitutionError
from yiyang.institutions.models import Facility
from yiyang.institutions.services.filings import _coordinate

MANAGE = MANAGE_FACILITIES = "institutions.manage_facilities"
FIELDS = ["name", "kind", "region", "address", "latitude", "longitude", "services"]


def register_facility(data: dict[str, Any], *, actor) -> Facility:
    """Register a community facility in a region the actor may manage."""
    region_code = str(data.get("region_code") or "")
    require(actor, MANAGE, region_code or None)
    for field in ("name", "address"):
        if not str(data.get(field) or "").strip():
            raise InstitutionError(ErrorCode.REQUIRED, _("This field is required."), field=field)
    if data.get("kind") not in FacilityKind.values:
        raise InstitutionError(ErrorCode.CHOICE_INVALID, _("Choose a valid kind."), field="kind")
    services = list(data.get("services") or [])
    if set(services) - set(FacilityService.values):
        raise InstitutionError(
            ErrorCode.CHOICE_INVALID, _("Choose valid services."), field="services"
        )
    region = Region.objects.filter(code=region_code).first()  # scoped: checked by `require`
    if region is None:
        raise InstitutionError(
            ErrorCode.REGION_OUT_OF_SCOPE, _("Choose a region you manage."), field="region_code"
        )
    with transaction.atomic():
        facility = Facility.objects.create(
            name=str(data["name"]).strip()[:100],
            kind=data["kind"],
            region=region,
            address=str(data["address"]).strip()[:200],
            latitude=_coordinate(data.get("latitude"), -90, 90, "latitude"),
            longitude=_coordinate(data.get("longitude"), -180, 180, "longitude"),
            operator=str(data.get("operator") or "")[:100],
            services=sorted(set(services)),
            opening_hours=str(data.get("opening_hours") or "")[:100],
            contact_phone=str(data.get("contact_phone") or "")[:20],
        )
        audit.record_change(
            facility, actor=actor, action="create", fields=FIELDS, region_code=region.code
        )
    return facility


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
    # Codes, not free text: the 15-minute service circle decides by them which facilities count.
    if set(services) - set(FacilityService.values):
        raise InstitutionError(
            ErrorCode.CHOICE_INVALID, _("Choose valid services."), field="services"
        )
    cleaned = sorted(set(services))
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
