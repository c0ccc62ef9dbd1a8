"""Community facilities (社区养老服务设施): registering one with its services and opening hours.
The service map and the 15-minute service circle read them (issue 8)."""

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

MANAGE = "institutions.manage_facilities"
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
