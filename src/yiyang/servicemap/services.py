"""Writes of the service-map module: a new version of the service circle's figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.core.scoping import require
from yiyang.institutions.choices import FacilityKind, FacilityService
from yiyang.servicemap.errors import ErrorCode, ServicemapError
from yiyang.servicemap.models import MANAGE, CirclePolicy

FIELDS = [
    "effective_from",
    "minutes",
    "walking_speed_kmh",
    "detour_factor",
    "facility_kinds",
    "facility_services",
    "source",
]


@dataclass(frozen=True)
class CircleFigures:
    effective_from: date
    minutes: int
    walking_speed_kmh: Decimal
    detour_factor: Decimal
    facility_kinds: list[str]
    facility_services: list[str]
    source: str = ""


def _check(figures: CircleFigures) -> None:
    if figures.effective_from < timezone.localdate():
        raise ServicemapError(
            ErrorCode.DATE_IN_PAST,
            _("A change takes effect from today or later; the past is not rewritten."),
            field="effective_from",
        )
    if not 1 <= figures.minutes <= 120:
        raise ServicemapError(
            ErrorCode.VALUE_INVALID, _("Give between 1 and 120 minutes."), field="minutes"
        )
    if not Decimal("0.5") <= figures.walking_speed_kmh <= Decimal(10):
        raise ServicemapError(
            ErrorCode.VALUE_INVALID,
            _("Give a walking speed between 0.5 and 10 km/h."),
            field="walking_speed_kmh",
        )
    if not Decimal(1) <= figures.detour_factor <= Decimal(3):
        raise ServicemapError(
            ErrorCode.VALUE_INVALID,
            _("Give a detour factor between 1 and 3 (streets are never shorter than a line)."),
            field="detour_factor",
        )
    for field, values, choices in (
        ("facility_kinds", figures.facility_kinds, FacilityKind.values),
        ("facility_services", figures.facility_services, FacilityService.values),
    ):
        unknown = sorted(set(values) - set(choices))
        if unknown:
            raise ServicemapError(
                ErrorCode.CHOICE_INVALID,
                _("Unknown value: {values}.").format(values=", ".join(unknown)),
                field=field,
            )
    if not figures.facility_kinds and not figures.facility_services:
        raise ServicemapError(
            ErrorCode.NOTHING_QUALIFIES,
            _("Choose at least one facility kind or service that counts."),
            field="facility_kinds",
        )


def set_circle_policy(figures: CircleFigures, *, actor) -> CirclePolicy:
    """Set the service circle's figures from a day on (today or later); a second change for the
    same day replaces the first, and the audit log keeps both."""
    require(actor, MANAGE)
    _check(figures)
    with transaction.atomic():
        policy = (
            CirclePolicy.objects.select_for_update()
            .filter(effective_from=figures.effective_from)
            .first()
        )
        before = audit.snapshot(policy, FIELDS) if policy else None
        if policy is None:
            policy = CirclePolicy(effective_from=figures.effective_from, created_by=actor)
        policy.minutes = figures.minutes
        policy.walking_speed_kmh = figures.walking_speed_kmh
        policy.detour_factor = figures.detour_factor
        policy.facility_kinds = sorted(figures.facility_kinds)
        policy.facility_services = sorted(figures.facility_services)
        policy.source = figures.source[:200]
        policy.save()
        audit.record_change(
            policy,
            actor=actor,
            action="update" if before else "create",
            before=before,
            fields=FIELDS,
            region_code=actor.region_id or "",
        )
    return policy
