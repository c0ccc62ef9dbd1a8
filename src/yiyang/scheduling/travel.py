"""Travel time between two points (issue 9), per travel mode, from a pluggable source.

The planner, the re-plan and the validator ask a `TravelSource` for whole minutes between two
(latitude, longitude) points for a caregiver's mode (walking, e-bike, car; None is the day's
default speed), one pair at a time or as a matrix for the solver. Two sources ship:

- `TravelModel` (the default): great-circle distance × detour factor ÷ the mode's speed, the
  speeds and the detour as data (the day's `travel`, the city's policy);
- `MatrixFile`: minutes read from a JSON file that a routing server (OSRM's `table`, a GIS
  office's export) produced for the day's places: a city with real road times plugs them in
  without the planner knowing. `read_source` picks the source from the day's `travel`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from math import asin, ceil, cos, radians, sin, sqrt
from pathlib import Path
from typing import Any, Protocol

import numpy as np

EARTH_RADIUS_KM = 6371.0
Point = tuple[float, float]

# Working speeds per mode, km/h: the project's values until a city sets its own (the day's
# `travel.modes`, or the policy); walking as in urban walking studies, e-bikes at the 25 km/h
# legal cap less stops, cars in district traffic.
DEFAULT_MODES: Mapping[str, float] = {"walking": 4.5, "ebike": 15.0, "car": 25.0}


class TravelSource(Protocol):
    """Where minutes between places come from."""

    def for_mode(self, mode: str | None) -> TravelSource:
        """The same source for one travel mode (None: the default)."""
        ...

    def minutes_between(self, a: Point, b: Point) -> int: ...

    def matrix(self, points: Sequence[Point]) -> np.ndarray:
        """Minutes between every pair of `points`, as integers."""
        ...

    def modes(self) -> frozenset[str]: ...


def haversine_km(a: Point, b: Point) -> float:
    """Great-circle distance in km between two (latitude, longitude) points."""
    lat1, lng1, lat2, lng2 = map(radians, (*a, *b))
    h = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lng2 - lng1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(sqrt(h))


@dataclass(frozen=True)
class TravelModel:
    """Speed in km/h (the default mode's), the detour factor of streets over the straight
    line, and the speed of each named mode."""

    speed_kmh: float = 15.0
    detour: float = 1.3
    speeds: tuple[tuple[str, float], ...] = field(
        default_factory=lambda: tuple(sorted(DEFAULT_MODES.items()))
    )

    def for_mode(self, mode: str | None) -> TravelModel:
        if mode is None:
            return self
        return replace(self, speed_kmh=dict(self.speeds)[mode])

    def modes(self) -> frozenset[str]:
        return frozenset(name for name, _speed in self.speeds)

    def minutes_between(self, a: Point, b: Point) -> int:
        """Whole minutes from a to b, rounded up so a plan never relies on a partial minute."""
        if a == b:
            return 0
        return ceil(haversine_km(a, b) * self.detour / self.speed_kmh * 60 - 1e-9)

    def matrix(self, points: Sequence[Point]) -> np.ndarray:
        """`minutes_between` for every pair of `points` at once (the same formula in numpy): a
        1,120-place day took 1.4 s pair by pair, a few hundredths of that this way."""
        if not points:
            return np.zeros((0, 0), dtype=np.int64)
        lat, lng = np.radians(np.asarray(points, dtype=float)).T
        h = (
            np.sin((lat[None, :] - lat[:, None]) / 2) ** 2
            + np.cos(lat[:, None])
            * np.cos(lat[None, :])
            * np.sin((lng[None, :] - lng[:, None]) / 2) ** 2
        )
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(h))
        minutes = np.ceil(km * self.detour / self.speed_kmh * 60 - 1e-9).astype(np.int64)
        same = (lat[:, None] == lat[None, :]) & (lng[:, None] == lng[None, :])
        minutes[same] = 0
        return minutes


class TravelError(ValueError):
    """The travel source cannot answer (a place not in the matrix, a malformed file)."""


def _place(point: Sequence[float]) -> tuple[float, float]:
    # Places match to 1e-6 degrees (about 0.1 m): the files round coordinates to 6 decimals.
    return round(float(point[0]), 6), round(float(point[1]), 6)


@dataclass(frozen=True)
class MatrixFile:
    """Minutes between known places, per mode, from a JSON file:

    {"points": [[lat, lng], ...], "minutes": {"default": [[0, 7, ...], ...], "car": [...]}}

    Each table is square, one row and column per point, whole minutes. Asking for a place not
    in the file is an error naming it, never a guess."""

    index: Mapping[tuple[float, float], int]
    tables: Mapping[str, np.ndarray]
    mode: str = "default"

    @classmethod
    def load(cls, path: str | Path) -> MatrixFile:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise TravelError(f"cannot read the travel matrix {path}: {error}") from error
        return cls.from_json(data)

    @classmethod
    def from_json(cls, data: Any) -> MatrixFile:
        points = data.get("points") if isinstance(data, dict) else None
        tables = data.get("minutes") if isinstance(data, dict) else None
        if not isinstance(points, list) or not isinstance(tables, dict) or "default" not in tables:
            raise TravelError('a travel matrix is {"points": [...], "minutes": {"default": ...}}')
        index = {_place(p): i for i, p in enumerate(points)}
        loaded = {}
        for mode, rows in tables.items():
            table = np.asarray(rows, dtype=np.int64)
            if table.shape != (len(points), len(points)) or (table < 0).any():
                raise TravelError(f"minutes.{mode}: one row of whole minutes ≥ 0 per point")
            loaded[str(mode)] = table
        return cls(index, loaded)

    def for_mode(self, mode: str | None) -> MatrixFile:
        return replace(self, mode=mode or "default")

    def modes(self) -> frozenset[str]:
        return frozenset(self.tables) - {"default"}

    def _at(self, point: Point) -> int:
        try:
            return self.index[_place(point)]
        except KeyError:
            raise TravelError(f"the place {list(point)} is not in the travel matrix") from None

    def minutes_between(self, a: Point, b: Point) -> int:
        return int(self.tables[self.mode][self._at(a), self._at(b)])

    def matrix(self, points: Sequence[Point]) -> np.ndarray:
        rows = np.asarray([self._at(p) for p in points], dtype=np.int64)
        return self.tables[self.mode][np.ix_(rows, rows)].copy()


def read_source(travel: Mapping[str, Any]) -> TravelSource:
    """The source a day's `travel` names: a `matrix` file, else great-circle with its speeds.
    (Checked by `day.read_day`, which names the field at fault.)"""
    if travel.get("matrix"):
        return MatrixFile.load(travel["matrix"])
    speeds = {**DEFAULT_MODES, **(travel.get("modes") or {})}
    return TravelModel(
        float(travel.get("speed_kmh", 15)),
        float(travel.get("detour", 1.3)),
        tuple(sorted((str(k), float(v)) for k, v in speeds.items())),
    )
