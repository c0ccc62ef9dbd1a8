"""The 15-minute service circle (15 分钟养老服务圈, seed 000 §(二)3 and 附件一, seed 002, seed 003
§(一)): which elders live within reach of a qualifying facility, and where one new facility
would reach the most of those who do not. Pure: no Django, so it runs on a million points
without a database (bench/service_circle.py).

An elder is covered when the straight-line (haversine) distance to some qualifying facility,
times the detour factor of real streets over the straight line, divided by the walking speed,
is at most the circle's minutes. Elders without coordinates are "location unknown": never
covered, never uncovered.

Speed comes from a grid: points are bucketed into cells at least one reach wide, so an elder
is compared only with the facilities of its own and the eight neighbouring cells, never with
the whole city.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from math import cos, floor, radians

from yiyang.scheduling.travel import EARTH_RADIUS_KM, haversine_km

Point = tuple[float, float]  # (latitude, longitude)
# km along a meridian per degree of latitude (the same sphere as haversine_km).
KM_PER_DEGREE = radians(1) * EARTH_RADIUS_KM
# Pairs whose flat-earth distance is within this share of the reach are measured with the
# haversine (77 cm on a 770 m reach; the flat distance errs by under 1 mm at that range, and
# by a few cm from taking the cosine at the cell's middle rather than at the elder).
MARGIN = 1e-3
# The boundary itself is within reach (float rounding must not drop an elder exactly on it).
EXACT = 1 + 1e-12
# Candidate sites for a new facility sit on a grid this many cells per reach: finer finds a
# slightly better site and costs more (the stencil grows with its square).
SITE_CELLS_PER_REACH = 4
# The best candidates by the grid count are re-counted exactly, elder by elder.
SITE_RECOUNT = 8


@dataclass(frozen=True)
class CircleParameters:
    """The circle's figures (policy data, `CirclePolicy`): minutes, walking speed, detour."""

    minutes: float = 15.0
    walking_speed_kmh: float = 4.0
    detour: float = 1.3

    @property
    def reach_km(self) -> float:
        """The straight-line distance that takes exactly `minutes` to walk."""
        return self.minutes / 60 * self.walking_speed_kmh / self.detour

    def walking_minutes(self, a: Point, b: Point) -> float:
        return haversine_km(a, b) * self.detour / self.walking_speed_kmh * 60


@dataclass
class CommunityCoverage:
    """One community's elders: covered, not covered, and with no known location."""

    code: str
    elders: int = 0
    covered: int = 0
    unknown: int = 0

    @property
    def located(self) -> int:
        return self.elders - self.unknown

    @property
    def uncovered(self) -> int:
        return self.located - self.covered

    @property
    def share(self) -> float | None:
        """Covered over all elders: an elder of unknown location counts as not covered."""
        return self.covered / self.elders if self.elders else None

    def add(self, other: CommunityCoverage) -> None:
        self.elders += other.elders
        self.covered += other.covered
        self.unknown += other.unknown


@dataclass
class Coverage:
    by_community: dict[str, CommunityCoverage]
    uncovered_points: list[Point] = field(default_factory=list)


@dataclass(frozen=True)
class Site:
    """A proposed site for one new facility and the uncovered elders it would reach."""

    lat: float
    lng: float
    gain: int


class _Grid:
    """Cells of at least `reach_km` on each side: a point within reach of another lies in the
    same cell or one of the eight around it."""

    def __init__(self, reach_km: float, latitudes: Iterable[float]) -> None:
        # A degree of longitude is shortest at the latitude farthest from the equator: sizing
        # the cells there keeps them at least one reach wide everywhere (1 % margin for the
        # sphere against the plane).
        widest = max((abs(lat) for lat in latitudes), default=0.0)
        self.height = reach_km * 1.01 / KM_PER_DEGREE
        self.width = reach_km * 1.01 / (KM_PER_DEGREE * max(cos(radians(min(widest, 89.0))), 1e-6))

    def cell(self, point: Point) -> tuple[int, int]:
        return floor(point[0] / self.height), floor(point[1] / self.width)


def _bucket(grid: _Grid, points: Iterable[Point]) -> dict[tuple[int, int], list[Point]]:
    buckets: dict[tuple[int, int], list[Point]] = defaultdict(list)
    for point in points:
        buckets[grid.cell(point)].append(point)
    return buckets


def _around(buckets: dict[tuple[int, int], list[Point]], cell: tuple[int, int]) -> list[Point]:
    row, column = cell
    near: list[Point] = []
    for d_row in (-1, 0, 1):
        for d_column in (-1, 0, 1):
            near.extend(buckets.get((row + d_row, column + d_column), ()))
    return near


def cover(
    elders: Iterable[tuple[str, float | None, float | None]],
    facilities: Iterable[Point],
    parameters: CircleParameters,
) -> Coverage:
    """Count, per community, the elders within the circle of some facility.

    `elders` yields (community code, latitude, longitude), the coordinates None when unknown;
    `facilities` the locations of the qualifying facilities. Returns the counts by community
    and the locations of the elders not covered (for `best_sites`).

    Each elder is compared with the facilities of its grid cell and the eight around it. A
    flat-earth distance (a few multiplications, no function call) settles the clear cases; the
    haversine rule decides every pair within `MARGIN` of the reach, so the answer is the one
    the haversine gives (at this scale the flat distance is off by far less than the margin).
    """
    facility_points = list(facilities)
    reach = parameters.reach_km
    inner, outer = (reach * (1 - MARGIN)) ** 2, (reach * (1 + MARGIN)) ** 2
    elder_rows = elders if isinstance(elders, list) else list(elders)
    grid = _Grid(
        reach,
        [lat for lat, _lng in facility_points]
        + [row[1] for row in elder_rows if row[1] is not None],
    )
    buckets = _bucket(grid, facility_points)
    near_cache: dict[tuple[int, int], tuple[float, list[Point]]] = {}
    by_community: dict[str, CommunityCoverage] = {}
    uncovered: list[Point] = []
    height, width = grid.height, grid.width
    for code, lat, lng in elder_rows:
        community = by_community.get(code)
        if community is None:
            community = by_community[code] = CommunityCoverage(code)
        community.elders += 1
        if lat is None or lng is None:
            community.unknown += 1
            continue
        cell = (floor(lat / height), floor(lng / width))
        cached = near_cache.get(cell)
        if cached is None:
            scale = KM_PER_DEGREE * cos(radians((cell[0] + 0.5) * height))
            cached = near_cache[cell] = (scale, _around(buckets, cell))
        scale, near = cached
        for f_lat, f_lng in near:
            d_north = (lat - f_lat) * KM_PER_DEGREE
            d_east = (lng - f_lng) * scale
            flat = d_north * d_north + d_east * d_east
            if flat <= inner or (
                flat <= outer and haversine_km((lat, lng), (f_lat, f_lng)) <= reach * EXACT
            ):
                community.covered += 1
                break
        else:
            uncovered.append((lat, lng))
    return Coverage(by_community=by_community, uncovered_points=uncovered)


def best_sites(
    uncovered: list[Point], parameters: CircleParameters, *, count: int = 1
) -> list[Site]:
    """Pick up to `count` sites for new facilities, greedily: each reaches the most elders not
    reached by the facilities or the sites picked before it (maximum coverage).

    Candidates are the cells of a grid a quarter of a reach wide that hold uncovered elders,
    each placed at the mean location of its elders. A candidate is first scored by the elders
    of the cells whose centres lie within reach of it (a fixed stencil of cells, cheap); the
    best `SITE_RECOUNT` are then counted exactly, elder by elder, with the haversine rule, and
    the gain reported is that exact count.
    """
    if not uncovered or count < 1:
        return []
    reach = parameters.reach_km * EXACT
    grid = _Grid(parameters.reach_km, (lat for lat, _lng in uncovered))
    fine_height = grid.height / SITE_CELLS_PER_REACH
    fine_width = grid.width / SITE_CELLS_PER_REACH
    # Offsets of the fine cells whose centres lie within reach of a cell's centre (cells are
    # at least reach / SITE_CELLS_PER_REACH wide, so the stencil never reaches past it).
    span = SITE_CELLS_PER_REACH + 1
    stencil = [
        (d_row, d_column)
        for d_row in range(-span, span + 1)
        for d_column in range(-span, span + 1)
        if (d_row**2 + d_column**2) <= (SITE_CELLS_PER_REACH / 1.01) ** 2
    ]
    remaining = list(uncovered)
    sites: list[Site] = []
    for _round in range(count):
        cells: dict[tuple[int, int], list[Point]] = defaultdict(list)
        for point in remaining:
            cells[(floor(point[0] / fine_height), floor(point[1] / fine_width))].append(point)
        if not cells:
            break
        sizes = {cell: len(points) for cell, points in cells.items()}
        scored = sorted(
            (
                (
                    sum(
                        sizes.get((row + d_row, column + d_column), 0)
                        for d_row, d_column in stencil
                    ),
                    (row, column),
                )
                for row, column in cells
            ),
            reverse=True,
        )[:SITE_RECOUNT]
        coarse = _bucket(grid, remaining)
        best: tuple[int, Point] | None = None
        for _score, cell in scored:
            points = cells[cell]
            centre = (
                sum(lat for lat, _lng in points) / len(points),
                sum(lng for _lat, lng in points) / len(points),
            )
            gain = sum(
                1
                for point in _around(coarse, grid.cell(centre))
                if haversine_km(centre, point) <= reach
            )
            if best is None or gain > best[0]:
                best = (gain, centre)
        if best is None or best[0] == 0:
            break
        gain, centre = best
        sites.append(Site(lat=centre[0], lng=centre[1], gain=gain))
        remaining = [point for point in remaining if haversine_km(centre, point) > reach]
    return sites


def roll_up(
    by_community: dict[str, CommunityCoverage], prefix_length: int
) -> dict[str, CommunityCoverage]:
    """Add communities up to the regions whose codes are their first `prefix_length` digits."""
    totals: dict[str, CommunityCoverage] = {}
    for code, community in by_community.items():
        prefix = code[:prefix_length]
        total = totals.get(prefix)
        if total is None:
            total = totals[prefix] = CommunityCoverage(prefix)
        total.add(community)
    return totals


def worst_first(communities: Iterable[CommunityCoverage]) -> list[CommunityCoverage]:
    """Communities by share of elders covered, lowest first (an elder of unknown location is
    not covered); among equal shares, more elders not covered first."""

    def key(community: CommunityCoverage) -> tuple[float, int, str]:
        share = community.share if community.share is not None else 1.0
        return (share, community.covered - community.elders, community.code)

    return sorted(communities, key=key)
