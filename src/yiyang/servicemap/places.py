"""Reads of the service map (养老服务地图, seeds 002 and 004): elders counted by community, care
institutions with their free beds by kind, community facilities and home-service providers,
for a region and the regions one level under it.

Elders are never points: each community is one point sized by its count, and counts are hidden
below the threshold from users who may not see the elders (`regions.shown_counts`). Operating
institutions, their free beds and active facilities are public places (the public institution
list shows the same), so every map user sees them; providers come through their `visible_to`.
A place without coordinates is drawn at its region's point, and says so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from yiyang.core.models import Region
from yiyang.homecare.models import Provider
from yiyang.institutions.choices import BedKind, BedState, FacilityKind, FacilityService
from yiyang.institutions.models import Bed, Facility, Institution
from yiyang.registry.models import Elder
from yiyang.servicemap import regions

ELDERS_COLOR = "#d9480f"
INSTITUTIONS_COLOR = "#0b4a8b"
FACILITIES_COLOR = "#2b8a3e"
PROVIDERS_COLOR = "#7048e8"


@dataclass
class RegionRow:
    """One row of the table under the map: a region and what lies in it."""

    region: Region
    elders: str = "0"
    institutions: int = 0
    free_beds: dict[str, int] = field(default_factory=dict)
    facilities: int = 0
    providers: int = 0

    def free(self, kind: str) -> int:
        return self.free_beds.get(kind, 0)


@dataclass
class ServiceMap:
    layers: list[dict]
    rows: list[RegionRow]
    suppressed: bool
    placed_at_region: int = 0  # places drawn at their region's point for want of coordinates


def _point(lat: Decimal | float | None, lng: Decimal | float | None) -> tuple[float, float] | None:
    if lat is None or lng is None:
        return None
    return float(lat), float(lng)


def _where(obj, region: Region) -> tuple[tuple[float, float] | None, bool]:
    """An object's own point, else its region's; and whether the region's was used."""
    own = _point(obj.latitude, obj.longitude)
    if own is not None:
        return own, False
    return _point(region.latitude, region.longitude), True


def elders_by_community(region: Region) -> list[dict[str, Any]]:
    """Elders in the registry per community under `region`, with their mean location (one
    grouped query)."""
    return [
        dict(row)
        for row in Elder.objects.in_registry()  # scoped: the region was reached by the caller
        .in_region(region.code_prefix)
        .values("residence_region_id")
        .annotate(count=Count("pk"), lat=Avg("latitude"), lng=Avg("longitude"))
        .order_by("residence_region_id")
    ]


def public_institutions(region: Region) -> list[Institution]:
    # scoped: operating institutions are public places (institutions:public_list)
    return list(
        Institution.objects.operating()  # scoped: public places
        .filter(region__code__startswith=region.code_prefix)
        .select_related("region")
    )


def active_facilities(prefix: str) -> list[Facility]:
    # scoped: community facilities are public places, open to every elder nearby
    return list(
        Facility.objects.filter(  # scoped: public places
            region__code__startswith=prefix, is_active=True
        ).select_related("region")
    )


def free_beds(institutions: list[Institution]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        Bed.objects.filter(room__institution__in=institutions)  # scoped: counts of public rows
        .values("room__institution_id", "kind")
        .annotate(free=Count("pk", filter=Q(state=BedState.FREE)))
        .order_by()
    ):
        counts[row["room__institution_id"]][row["kind"]] = row["free"]
    return counts


def service_map(user, region: Region) -> ServiceMap:
    """The four layers of the map and the table of the regions under `region`."""
    suppress = not regions.may_see_elders(user, region)
    kids, length = regions.table_regions(user, region)
    rows = {kid.code[:length]: RegionRow(kid) for kid in kids}

    def row_of(code: str) -> RegionRow | None:
        return rows.get(code[:length])

    placed_at_region = 0
    elder_counts = elders_by_community(region)
    community_regions = Region.objects.in_bulk([row["residence_region_id"] for row in elder_counts])
    elder_points = []
    per_row: dict[str, int] = defaultdict(int)
    for row in elder_counts:
        community = community_regions.get(row["residence_region_id"])
        per_row[row["residence_region_id"][:length]] += row["count"]
        point = _point(community.latitude, community.longitude) if community else None
        point = point or _point(row["lat"], row["lng"])
        if point is None:
            continue
        shown = regions.shown_counts([row["count"]], suppress=suppress)[0]
        elder_points.append(
            {
                "lat": point[0],
                "lng": point[1],
                "label": community.name if community else row["residence_region_id"],
                "lines": [_("Elders: {count}").format(count=shown)],
                "url": f"?region={row['residence_region_id']}",
                "size": regions.shown_size(row["count"], suppress=suppress),
            }
        )
    for prefix, count in per_row.items():
        if prefix in rows:
            rows[prefix].elders = regions.shown_counts([count], suppress=suppress)[0]

    institutions = public_institutions(region)
    beds = free_beds(institutions)
    readable = set(
        Institution.objects.visible_to(user)
        .filter(pk__in=[i.pk for i in institutions])
        .values_list("pk", flat=True)
    )
    bed_labels = dict(BedKind.choices)
    institution_points = []
    for institution in institutions:
        free = beds.get(institution.pk, {})
        target = row_of(institution.region_id)
        if target is not None:
            target.institutions += 1
            for kind, count in free.items():
                target.free_beds[kind] = target.free_beds.get(kind, 0) + count
        point, fallback = _where(institution, institution.region)
        if point is None:
            continue
        placed_at_region += fallback
        lines = [institution.get_kind_display(), institution.address]
        lines += [
            _("Free {kind}: {count}").format(kind=bed_labels[kind], count=free[kind])
            for kind in BedKind.values
            if kind in free
        ]
        if fallback:
            lines.append(_("Drawn at its region: no coordinates recorded."))
        institution_points.append(
            {
                "lat": point[0],
                "lng": point[1],
                "label": institution.name,
                "lines": lines,
                "url": reverse("institutions:institution_detail", args=[institution.pk])
                if institution.pk in readable
                else None,
            }
        )

    service_labels = dict(FacilityService.choices)
    facility_points = []
    for facility in active_facilities(region.code_prefix):
        target = row_of(facility.region_id)
        if target is not None:
            target.facilities += 1
        point, fallback = _where(facility, facility.region)
        if point is None:
            continue
        placed_at_region += fallback
        offered = "、".join(str(service_labels.get(s, s)) for s in facility.services)
        lines = [str(FacilityKind(facility.kind).label), facility.address]
        if offered:
            lines.append(_("Services: {services}").format(services=offered))
        if facility.opening_hours:
            lines.append(_("Open: {hours}").format(hours=facility.opening_hours))
        if fallback:
            lines.append(_("Drawn at its region: no coordinates recorded."))
        facility_points.append(
            {"lat": point[0], "lng": point[1], "label": facility.name, "lines": lines, "url": None}
        )

    providers = list(
        Provider.objects.visible_to(user)
        .active()
        .filter(
            Q(region__code__startswith=region.code_prefix)
            | Q(service_areas__code__startswith=region.code_prefix)
            | Q(service_areas__code__in=[step.code for step in region.path()])
        )
        .distinct()
        .select_related("region")
        .prefetch_related("service_areas")
    )
    provider_points = []
    for provider in providers:
        areas = list(provider.service_areas.all())
        for prefix, region_row in rows.items():
            if any(
                prefix.startswith(area.code_prefix) or area.code_prefix.startswith(prefix)
                for area in areas
            ):
                region_row.providers += 1
        # A provider has no address of its own on record: it is drawn where it is registered.
        point = _point(provider.region.latitude, provider.region.longitude)
        if point is None:
            continue
        provider_points.append(
            {
                "lat": point[0],
                "lng": point[1],
                "label": provider.name,
                "lines": [
                    provider.get_kind_display(),
                    _("Serves: {areas}").format(areas="、".join(a.name for a in areas)),
                    _("Drawn at the region it is registered in."),
                ],
                "url": None,
            }
        )

    layers = [
        {"name": _("Elders by community"), "color": ELDERS_COLOR, "points": elder_points},
        {"name": _("Care institutions"), "color": INSTITUTIONS_COLOR, "points": institution_points},
        {"name": _("Community facilities"), "color": FACILITIES_COLOR, "points": facility_points},
        {"name": _("Home-service providers"), "color": PROVIDERS_COLOR, "points": provider_points},
    ]
    return ServiceMap(
        layers=layers,
        rows=list(rows.values()),
        suppressed=suppress,
        placed_at_region=placed_at_region,
    )
