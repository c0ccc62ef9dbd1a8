"""How the day's visits become the solver's stops and the caregivers' capacities (issue 9).

Shared by the day plan and the re-plan, so both weigh the same things:

- a skill is a load dimension (demand 1, capacity only for caregivers who have it);
- every caregiver who owns a visit (it is locked to her, or she is its preferred caregiver) gets a
  dimension of her own, in which only she has capacity;
- a locked visit demands 1 in its owner's dimension, so no one else can take it, and its prize is
  the `locked` weight, far above any other, so the solver leaves it out only when it cannot fit;
- a visit with a preferred caregiver is offered twice, as alternatives of one group: once in her
  dimension at the full prize, once to anyone for `continuity` less. Giving the visit to someone
  else therefore costs `continuity` travel minutes: a real term of the objective, with the weight
  as data.

Pure: no Django, no PyVRP (the solver's input types only).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from yiyang.scheduling.vrptw import Stop


class VisitLike(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def window(self) -> tuple[int, int]: ...
    @property
    def duration(self) -> int: ...
    @property
    def skills(self) -> frozenset[str]: ...
    @property
    def preferred_caregiver(self) -> str | None: ...
    @property
    def priority(self) -> int: ...


class CaregiverLike(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def skills(self) -> frozenset[str]: ...


@dataclass(frozen=True)
class Dimensions:
    """The load dimensions of one solve: the skills, then one per owning caregiver."""

    skills: list[str]
    owners: list[str]

    def capacity(self, caregiver: CaregiverLike, visits: int) -> tuple[int, ...]:
        """A caregiver's capacities: room for every visit where she may, none elsewhere."""
        return tuple(visits if s in caregiver.skills else 0 for s in self.skills) + tuple(
            visits if owner == caregiver.key else 0 for owner in self.owners
        )

    def demand(self, visit: VisitLike, owner: str | None) -> tuple[int, ...]:
        return tuple(1 if s in visit.skills else 0 for s in self.skills) + tuple(
            1 if o == owner else 0 for o in self.owners
        )


def dimensions(
    visits: Sequence[VisitLike],
    caregivers: Iterable[CaregiverLike],
    locks: Mapping[str, str],
) -> Dimensions:
    skills = sorted({skill for visit in visits for skill in visit.skills})
    owners = sorted({owner for visit in visits if (owner := _owner(visit, caregivers, locks))})
    return Dimensions(skills, owners)


def _owner(
    visit: VisitLike, caregivers: Iterable[CaregiverLike], locks: Mapping[str, str]
) -> str | None:
    """The caregiver the visit is locked to, else its preferred caregiver if she may do it."""
    if visit.key in locks:
        return locks[visit.key]
    preferred = visit.preferred_caregiver
    if preferred is None:
        return None
    able = any(c.key == preferred and visit.skills <= c.skills for c in caregivers)
    return preferred if able else None


def solver_stops(
    visits: Sequence[VisitLike],
    caregivers: Sequence[CaregiverLike],
    *,
    locks: Mapping[str, str],
    weights: Mapping[str, int],
    first_location: int,
    dims: Dimensions,
    not_before: int = 0,
) -> tuple[list[Stop], list[int]]:
    """The stops for `visits` (location `first_location + i` for visit i) and, per stop, the
    index of its visit. Windows open no earlier than `not_before` (the re-plan's "now")."""
    stops: list[Stop] = []
    visit_of: list[int] = []
    group = 0
    for index, visit in enumerate(visits):
        prize = weights["unplaced"] * visit.priority
        owner = _owner(visit, caregivers, locks)
        offers: list[tuple[str | None, int, int | None]]  # (owner, prize, group)
        if visit.key in locks:
            offers = [(owner, weights["locked"] * visit.priority, None)]
        elif owner is not None:
            offers = [(owner, prize, group), (None, prize - weights["continuity"], group)]
            group += 1
        else:
            offers = [(None, prize, None)]
        for only, worth, in_group in offers:
            stops.append(
                Stop(
                    location=first_location + index,
                    service=visit.duration,
                    window=(max(visit.window[0], not_before), visit.window[1]),
                    demand=dims.demand(visit, only),
                    required=False,
                    prize=max(worth, 1),
                    group=in_group,
                )
            )
            visit_of.append(index)
    return stops, visit_of
