"""The day's input for the planner (issue 9): caregivers, visits, travel, weights and locks as
typed values, and `read_day`, which checks the day's JSON and refuses bad input naming the
field. Pure: no Django."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from yiyang.scheduling.breaks import Break
from yiyang.scheduling.travel import TravelError, TravelModel, TravelSource, read_source

SKILL = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
TIME = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")

# Objective weights (issue 9: "weights as data"), in minutes of travel: what leaving a visit out
# costs, what leaving out a visit locked to a caregiver costs, and what giving a visit to someone
# other than the elder's usual caregiver costs (continuity of care).
DEFAULT_WEIGHTS = {"travel": 1, "unplaced": 10_000, "locked": 100_000, "continuity": 30}


class DayInputError(ValueError):
    """The day's input is refused: `field` names where (e.g. `visits[3].window`)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Caregiver:
    key: str
    home: tuple[float, float]
    shift: tuple[int, int]
    skills: frozenset[str]
    max_minutes: int | None = None
    rest_break: Break | None = None  # JSON "break"
    mode: str | None = None  # walking, ebike, car…: None travels at the day's default speed


@dataclass(frozen=True)
class Visit:
    key: str
    location: tuple[float, float]
    window: tuple[int, int]
    duration: int
    skills: frozenset[str]
    preferred_caregiver: str | None = None
    priority: int = 1
    target: int | None = None  # the minute the elder expects her; starts move toward it
    staff: int = 1  # 2: a double-staffed visit, for a two-person team


@dataclass(frozen=True)
class Day:
    caregivers: list[Caregiver]
    visits: list[Visit]
    travel: TravelSource = field(default_factory=TravelModel)
    weights: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    locks: dict[str, str] = field(default_factory=dict)  # visit -> the caregiver it stays with


# --- reading -------------------------------------------------------------------------------


def minutes(text: Any, where: str) -> int:
    """Minutes after midnight of "HH:MM" (00:00–24:00)."""
    match = TIME.match(text) if isinstance(text, str) else None
    if not match or (match[1] == "24" and match[2] != "00"):
        raise DayInputError(where, 'a time is written "HH:MM", 00:00 to 24:00')
    return int(match[1]) * 60 + int(match[2])


def clock(value: int) -> str:
    return f"{value // 60:02d}:{value % 60:02d}"


def _point(value: Any, where: str) -> tuple[float, float]:
    if (
        not isinstance(value, list | tuple)
        or len(value) != 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        raise DayInputError(where, "a place is [latitude, longitude]")
    lat, lng = float(value[0]), float(value[1])
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise DayInputError(where, "latitude is -90 to 90 and longitude -180 to 180")
    return lat, lng


def _span(value: Any, where: str) -> tuple[int, int]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise DayInputError(where, 'a span is ["HH:MM", "HH:MM"]')
    start, end = minutes(value[0], where), minutes(value[1], where)
    if end <= start:
        raise DayInputError(where, "the span ends before it starts")
    return start, end


def _skills(value: Any, where: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(s, str) and SKILL.match(s) for s in value):
        raise DayInputError(where, 'skills are a list of names like "bathing" (a-z, 0-9, _ and -)')
    return frozenset(value)


def _positive(value: Any, where: str, *, default: int | None = None) -> int:
    if value is None and default is not None:
        return default
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise DayInputError(where, "a whole number above 0")
    return value


def _key(value: Any, where: str, seen: set[str]) -> str:
    if not isinstance(value, str | int) or isinstance(value, bool) or str(value) == "":
        raise DayInputError(where, "an id is a non-empty string")
    key = str(value)
    if key in seen:
        raise DayInputError(where, f"the id {key} is used twice")
    seen.add(key)
    return key


def read_day(data: Any) -> Day:
    """Check the day's JSON and return it typed; raise `DayInputError` naming the first problem."""
    if not isinstance(data, dict):
        raise DayInputError("$", "the day is a JSON object")
    travel = data.get("travel") or {}
    if not isinstance(travel, dict):
        raise DayInputError("travel", "an object with speed_kmh and detour")
    speed, detour = travel.get("speed_kmh", 15), travel.get("detour", 1.3)
    for name, value in (("speed_kmh", speed), ("detour", detour)):
        if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
            raise DayInputError(f"travel.{name}", "a number above 0")
    if detour < 1:
        raise DayInputError("travel.detour", "a detour factor is at least 1")
    modes = travel.get("modes") or {}
    if not isinstance(modes, dict):
        raise DayInputError("travel.modes", 'an object of mode to km/h, e.g. {"ebike": 15}')
    for name, value in modes.items():
        if not SKILL.match(str(name)):
            raise DayInputError(f"travel.modes.{name}", "a mode is a lower-case name")
        if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
            raise DayInputError(f"travel.modes.{name}", "a speed in km/h above 0")
    if travel.get("matrix") is not None and not isinstance(travel.get("matrix"), str):
        raise DayInputError("travel.matrix", "the path of a travel matrix file")
    try:
        source = read_source(travel)
    except TravelError as error:
        raise DayInputError("travel.matrix", str(error)) from error
    weights = dict(DEFAULT_WEIGHTS)
    for name, value in (data.get("weights") or {}).items():
        if name not in DEFAULT_WEIGHTS:
            raise DayInputError(f"weights.{name}", "unknown weight")
        weights[name] = _positive(value, f"weights.{name}")
    caregivers = _caregivers(data.get("caregivers"), source.modes())
    visits = _visits(data.get("visits"), caregivers)
    locks = _locks(data.get("locks"), caregivers, visits)
    day = Day(caregivers, visits, source, weights, locks)
    try:  # every place must be known to the source (a matrix file may lack some)
        source.matrix([c.home for c in caregivers] + [v.location for v in visits])
    except TravelError as error:
        raise DayInputError("travel.matrix", str(error)) from error
    return day


def _locks(value: Any, caregivers: list[Caregiver], visits: list[Visit]) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise DayInputError("locks", "an object of visit id to caregiver id")
    known = {c.key for c in caregivers}
    visit_keys = {v.key for v in visits}
    for visit, caregiver in value.items():
        if visit not in visit_keys:
            raise DayInputError(f"locks.{visit}", "no visit with this id")
        if str(caregiver) not in known:
            raise DayInputError(f"locks.{visit}", "no caregiver with this id")
    return {visit: str(caregiver) for visit, caregiver in value.items()}


def _caregivers(items: Any, modes: frozenset[str]) -> list[Caregiver]:
    if not isinstance(items, list):
        raise DayInputError("caregivers", "a list of caregivers")
    seen: set[str] = set()
    found = []
    for index, item in enumerate(items):
        where = f"caregivers[{index}]"
        if not isinstance(item, dict):
            raise DayInputError(where, "a caregiver is an object")
        shift = _span(item.get("shift"), f"{where}.shift")
        max_minutes = item.get("max_minutes")
        rest = _break(item.get("break"), f"{where}.break", shift)
        found.append(
            Caregiver(
                key=_key(item.get("id"), f"{where}.id", seen),
                home=_point(item.get("home"), f"{where}.home"),
                shift=shift,
                skills=_skills(item.get("skills"), f"{where}.skills"),
                max_minutes=None
                if max_minutes is None
                else _positive(max_minutes, f"{where}.max_minutes"),
                rest_break=rest,
                mode=_mode(item.get("mode"), f"{where}.mode", modes),
            )
        )
    return found


def _mode(value: Any, where: str, modes: frozenset[str]) -> str | None:
    if value is None:
        return None
    if value not in modes:
        raise DayInputError(where, f"a travel mode of the day: {', '.join(sorted(modes))}")
    return str(value)


def _staff(value: Any, where: str) -> int:
    if value is None:
        return 1
    if value not in (1, 2) or isinstance(value, bool):
        raise DayInputError(where, "a visit needs 1 or 2 caregivers")
    return int(value)


def _break(value: Any, where: str, shift: tuple[int, int]) -> Break | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise DayInputError(where, 'a break is {"window": ["HH:MM", "HH:MM"], "minutes": 30}')
    window = _span(value.get("window"), f"{where}.window")
    if window[0] < shift[0] or window[1] > shift[1]:
        raise DayInputError(f"{where}.window", "the break window lies outside the shift")
    minutes = _positive(value.get("minutes"), f"{where}.minutes")
    if minutes > window[1] - window[0]:
        raise DayInputError(f"{where}.minutes", "the break is longer than its window")
    return Break(window, minutes)


def _visits(items: Any, caregivers: list[Caregiver]) -> list[Visit]:
    if not isinstance(items, list):
        raise DayInputError("visits", "a list of visits")
    keys = {caregiver.key for caregiver in caregivers}
    earliest = min((c.shift[0] for c in caregivers), default=0)
    latest = max((c.shift[1] for c in caregivers), default=24 * 60)
    seen: set[str] = set()
    found = []
    for index, item in enumerate(items):
        where = f"visits[{index}]"
        if not isinstance(item, dict):
            raise DayInputError(where, "a visit is an object")
        window = _span(item.get("window"), f"{where}.window")
        if window[0] >= latest or window[1] < earliest:
            raise DayInputError(
                f"{where}.window", "the window lies outside every caregiver's shift"
            )
        preferred = item.get("preferred_caregiver")
        if preferred is not None and str(preferred) not in keys:
            raise DayInputError(f"{where}.preferred_caregiver", "no caregiver with this id")
        found.append(
            Visit(
                key=_key(item.get("id"), f"{where}.id", seen),
                location=_point(item.get("location"), f"{where}.location"),
                window=window,
                duration=_positive(item.get("duration_min"), f"{where}.duration_min"),
                skills=_skills(item.get("skills"), f"{where}.skills"),
                preferred_caregiver=None if preferred is None else str(preferred),
                priority=_positive(item.get("priority"), f"{where}.priority", default=1),
                staff=_staff(item.get("staff"), f"{where}.staff"),
                target=None
                if item.get("target") is None
                else minutes(item.get("target"), f"{where}.target"),
            )
        )
    return found
