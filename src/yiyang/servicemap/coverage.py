"""Reads of the 15-minute service circle for a region: its elders' locations and the qualifying
facilities, through the pure rule (`circle.py`), rolled up to the regions one level down, the
worst communities first and the proposed sites for new facilities.

Facilities are counted across the region's border (an elder at the edge of a street walks to
the facility of the next one): every active qualifying facility of the city near enough to the
region's elders counts, and they are public places. The elders are those of the region only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from math import cos, radians

from django.utils.translation import gettext as _

from yiyang.core.models import Region
from yiyang.registry.models import Elder
from yiyang.servicemap import regions
from yiyang.servicemap.circle import (
    KM_PER_DEGREE,
    CommunityCoverage,
    Coverage,
    Site,
    best_sites,
    cover,
    roll_up,
    worst_first,
)
from yiyang.servicemap.models import CirclePolicy
from yiyang.servicemap.places import active_facilities

CITY_PREFIX_LENGTH = 4
SITES = 3
WORST = 10
# Share bands of the map's community points: below the first is red, below the second amber.
BANDS = (0.5, 0.8)


@dataclass
class CircleRow:
    region: Region
    coverage: CommunityCoverage
    cells: list[str]  # covered, not covered, location unknown: as shown
    total: str

    @property
    def share(self) -> float | None:
        return self.coverage.share


@dataclass
class CircleView:
    policy: CirclePolicy
    facilities: list
    coverage: Coverage
    total: CommunityCoverage
    rows: list[CircleRow]
    worst: list[CircleRow]
    sites: list[Site]
    communities: dict[str, Region]
    suppressed: bool


def elder_locations(prefix: str) -> list[tuple[str, float | None, float | None]]:
    """(community code, latitude, longitude) of every elder in the registry under `prefix`."""
    return [
        (code, None if lat is None else float(lat), None if lng is None else float(lng))
        for code, lat, lng in Elder.objects.in_registry()  # scoped: a region the caller reached
        .in_region(prefix)
        .values_list("residence_region_id", "latitude", "longitude")
        .iterator(chunk_size=5000)
    ]


def qualifying_facilities(policy: CirclePolicy, prefix: str) -> list:
    return [
        facility
        for facility in active_facilities(prefix)
        if facility.latitude is not None
        and facility.longitude is not None
        and policy.counts(facility.kind, facility.services or [])
    ]


def coverage_of(prefix: str, *, on: date | None = None) -> tuple[CirclePolicy, list, Coverage]:
    """The policy in force, the facilities that may reach the region's elders, and the coverage
    of the elders under `prefix` (facilities of the whole city count)."""
    policy = CirclePolicy.objects.in_force(on)
    elders = elder_locations(prefix)
    facilities = _within_reach_of(
        qualifying_facilities(policy, prefix[:CITY_PREFIX_LENGTH]), elders, policy
    )
    result = cover(
        elders, [(float(f.latitude), float(f.longitude)) for f in facilities], policy.parameters
    )
    return policy, facilities, result


def _within_reach_of(facilities: list, elders: list, policy: CirclePolicy) -> list:
    """The facilities inside the box around the located elders widened by a reach on each
    side: the others can cover none of them (and would only crowd the region's map)."""
    latitudes = [lat for _code, lat, _lng in elders if lat is not None]
    longitudes = [lng for _code, _lat, lng in elders if lng is not None]
    if not latitudes:
        return []
    margin = policy.parameters.reach_km / KM_PER_DEGREE
    # A degree of longitude is shorter away from the equator: widen by the shortest one.
    widest = max(abs(min(latitudes)), abs(max(latitudes)))
    margin_east = margin / max(cos(radians(min(widest + margin, 89.0))), 1e-6)
    south, north = min(latitudes) - margin, max(latitudes) + margin
    west, east = min(longitudes) - margin_east, max(longitudes) + margin_east
    return [
        f
        for f in facilities
        if south <= float(f.latitude) <= north and west <= float(f.longitude) <= east
    ]


def _row(region: Region, coverage: CommunityCoverage, suppress: bool) -> CircleRow:
    counts = [coverage.covered, coverage.uncovered, coverage.unknown]
    cells = regions.shown_counts(counts, suppress=suppress)
    total = regions.shown_counts([coverage.elders], suppress=suppress)[0]
    return CircleRow(region=region, coverage=coverage, cells=cells, total=total)


def circle_view(user, region: Region) -> CircleView:
    suppress = not regions.may_see_elders(user, region)
    policy, facilities, result = coverage_of(region.code_prefix)
    kids, length = regions.table_regions(user, region)
    rolled = roll_up(result.by_community, length)
    rows = [
        _row(kid, rolled.get(kid.code[:length], CommunityCoverage(kid.code)), suppress)
        for kid in kids
    ]
    total = CommunityCoverage(region.code)
    for community in result.by_community.values():
        total.add(community)
    communities = Region.objects.in_bulk(list(result.by_community))
    worst = [
        _row(communities[c.code], c, suppress)
        for c in worst_first(result.by_community.values())[:WORST]
        if c.code in communities
    ]
    return CircleView(
        policy=policy,
        facilities=facilities,
        coverage=result,
        total=total,
        rows=rows,
        worst=worst,
        sites=best_sites(result.uncovered_points, policy.parameters, count=SITES),
        communities=communities,
        suppressed=suppress,
    )


def circle_layers(view: CircleView) -> list[dict]:
    """Communities as points sized by their elders and coloured by the share covered, the
    facilities that count, and the proposed sites."""
    bands: list[list[dict]] = [[], [], []]
    for code, community in view.coverage.by_community.items():
        region = view.communities.get(code)
        if region is None or region.latitude is None or region.longitude is None:
            continue
        share = community.share or 0.0
        band = 0 if share < BANDS[0] else 1 if share < BANDS[1] else 2
        covered, uncovered, unknown = regions.shown_counts(
            [community.covered, community.uncovered, community.unknown],
            suppress=view.suppressed,
        )
        bands[band].append(
            {
                "lat": float(region.latitude),
                "lng": float(region.longitude),
                "label": region.name,
                "lines": [
                    _("Covered: {share}%").format(share=round(share * 100)),
                    _(
                        "Covered {covered}, not covered {uncovered}, location unknown {unknown}"
                    ).format(covered=covered, uncovered=uncovered, unknown=unknown),
                ],
                "url": f"?region={code}",
                "size": regions.shown_size(community.elders, suppress=view.suppressed),
            }
        )
    facility_points = [
        {
            "lat": float(f.latitude),
            "lng": float(f.longitude),
            "label": f.name,
            "lines": [f.get_kind_display()],
            "url": None,
        }
        for f in view.facilities
    ]
    site_points = [
        {
            "lat": site.lat,
            "lng": site.lng,
            "label": _("Proposed site {number}").format(number=number),
            "lines": [
                _("Would reach {count} elders not covered now").format(
                    count=regions.shown_counts([site.gain], suppress=view.suppressed)[0]
                )
            ],
            "url": None,
        }
        for number, site in enumerate(view.sites, start=1)
    ]
    return [
        {"name": _("Under half covered"), "color": "#c92a2a", "points": bands[0]},
        {"name": _("Half to four fifths covered"), "color": "#e67700", "points": bands[1]},
        {"name": _("Four fifths or more covered"), "color": "#2b8a3e", "points": bands[2]},
        {"name": _("Facilities that count"), "color": "#0b4a8b", "points": facility_points},
        {"name": _("Proposed sites"), "color": "#ae3ec9", "points": site_points},
    ]
