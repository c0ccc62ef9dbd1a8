"""Electronic visit verification rules (pure; issue 5 EVV, GB/T 43153-2023 record fields).

A visit carries six facts: service, elder, date, place, caregiver, start and end. These rules
decide, from those facts and the policy thresholds (effective-dated rows, never constants here),
whether the caregiver owes a reason for the length and which flags send it to review.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from yiyang.homecare.geo import haversine_m, valid_point


@dataclass(frozen=True)
class Thresholds:
    """The policy figures in force on the visit's date (homecare.HomecarePolicy)."""

    duration_tolerance_minutes: int
    check_in_distance_m: int
    too_short_share: float  # a visit under this share of the item's standard duration is flagged


@dataclass(frozen=True)
class VisitFacts:
    planned_minutes: int
    standard_minutes: int
    started_at: datetime
    ended_at: datetime
    home_lat: float | None = None
    home_lng: float | None = None
    check_in_lat: float | None = None
    check_in_lng: float | None = None
    # (start, end) of the caregiver's other visits that have both times
    other_visits: tuple[tuple[datetime, datetime], ...] = ()
    date_of_death: date | None = None
    absent_days: tuple[tuple[date, date | None], ...] = ()  # hospital stays (from, to or open)


@dataclass(frozen=True)
class Flag:
    kind: str
    detail: dict[str, float | int | str] = field(default_factory=dict)


def actual_minutes(started_at: datetime, ended_at: datetime) -> int:
    return max(0, round((ended_at - started_at).total_seconds() / 60))


def needs_duration_reason(*, planned_minutes: int, actual: int, thresholds: Thresholds) -> bool:
    """Say whether the visit is more than the tolerance shorter or longer than planned."""
    return abs(actual - planned_minutes) > thresholds.duration_tolerance_minutes


def check_in_distance(facts: VisitFacts) -> float | None:
    """Metres between the check-in and the home, or None when either point is unknown."""
    if not (
        valid_point(facts.home_lat, facts.home_lng)
        and valid_point(facts.check_in_lat, facts.check_in_lng)
    ):
        return None
    return haversine_m(
        float(facts.home_lat),  # type: ignore[arg-type]
        float(facts.home_lng),  # type: ignore[arg-type]
        float(facts.check_in_lat),  # type: ignore[arg-type]
        float(facts.check_in_lng),  # type: ignore[arg-type]
    )


def visit_flags(facts: VisitFacts, thresholds: Thresholds) -> list[Flag]:
    """Return the flags of a finished visit, in a fixed order; none means it needs no review."""
    flags: list[Flag] = []
    minutes = actual_minutes(facts.started_at, facts.ended_at)
    shortest = facts.standard_minutes * thresholds.too_short_share
    if minutes < shortest:
        flags.append(Flag("too_short", {"minutes": minutes, "shortest": round(shortest)}))
    distance = check_in_distance(facts)
    if distance is not None and distance > thresholds.check_in_distance_m:
        flags.append(
            Flag(
                "far_from_home",
                {"metres": round(distance), "limit": thresholds.check_in_distance_m},
            )
        )
    for start, end in facts.other_visits:
        if start < facts.ended_at and facts.started_at < end:
            flags.append(Flag("overlap", {"other_start": start.isoformat()}))
            break
    day = facts.started_at.date()
    if facts.date_of_death is not None and facts.date_of_death <= day:
        flags.append(Flag("elder_deceased", {"date_of_death": facts.date_of_death.isoformat()}))
    for first, last in facts.absent_days:
        if first <= day and (last is None or day <= last):
            flags.append(Flag("elder_in_hospital", {"since": first.isoformat()}))
            break
    return flags
