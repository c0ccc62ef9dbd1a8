"""Two-person teams for double-staffed visits (issue 9), e.g. bathing a bedridden elder.

The pairing happens before the solver, which sees a team as one vehicle (the issue's choice):

- a team forms only from two caregivers who may both do the visit (each has its skills), who
  travel the same way (mode), whose shifts overlap and whose breaks, if any, can be taken together (a common window long enough
  for the longer break);
- the team starts and ends at the first member's home; its shift is the overlap of theirs,
  shortened at each end by the travel between the two homes, so the second member, coming
  from her own home, is there in time and home by the end of her shift (travel times obey the
  triangle inequality: from her home to the first visit is never longer than via the first
  member's home);
- its skills are the ones both have, plus `TEAM`, a skill only teams have and every
  double-staffed visit needs: a double visit never goes to one caregiver alone;
- teams are formed one at a time, for the double visits in window order, while some double
  visit has no team able to do it or the teams' time is short of their visits' time: the pair
  chosen is the nearest to the visit among the caregivers not yet paired. A paired caregiver
  works the day with her partner (the team may also do single visits together). A re-plan
  keeps the morning's teams; a team one of whose members falls ill is off for the rest of the
  day (its started visits stay).

Pure: no Django, no PyVRP.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from yiyang.scheduling.breaks import Break
from yiyang.scheduling.travel import TravelSource

TEAM = "\x00team"  # no skill of the input can be this: skills are lower-case names
# A team's working time that goes to its double visits: the rest is travel and waiting.
TEAM_SHARE = 0.6


def _shift(travel: TravelSource, first: Any, second: Any) -> tuple[int, int]:
    apart = travel.for_mode(second.mode).minutes_between(first.home, second.home)
    start = max(first.shift[0], second.shift[0] + apart)
    end = min(first.shift[1], second.shift[1] - apart)
    return start, end


def _break(first: Any, second: Any) -> tuple[bool, Break | None]:
    """(whether their breaks can be taken together, the team's break)."""
    rests = [r for r in (first.rest_break, second.rest_break) if r is not None]
    if not rests:
        return True, None
    opens = max(r.window[0] for r in rests)
    closes = min(r.window[1] for r in rests)
    minutes = max(r.minutes for r in rests)
    if closes - opens < minutes:
        return False, None
    return True, Break((opens, closes), minutes)


def team_of(travel: TravelSource, first: Any, second: Any) -> Any | None:
    """The two as one vehicle (a caregiver keyed `first+second`), or None when they cannot
    work together (no common time, or breaks that cannot be taken together)."""
    shift = _shift(travel, first, second)
    fits, rest = _break(first, second)
    if shift[1] - shift[0] <= 0 or not fits or first.mode != second.mode:
        return None
    if rest is not None and (rest.window[0] < shift[0] or rest.window[1] > shift[1]):
        return None
    limits = [m for m in (first.max_minutes, second.max_minutes) if m is not None]
    return replace(
        first,
        key=f"{first.key}+{second.key}",
        shift=shift,
        skills=(first.skills & second.skills) | {TEAM},
        max_minutes=min(limits) if limits else None,
        rest_break=rest,
    )


def _can(team: Any, visit: Any, travel: TravelSource) -> bool:
    there = travel.for_mode(team.mode).minutes_between(team.home, visit.location)
    start = max(team.shift[0] + there, visit.window[0])
    return (
        visit.skills <= team.skills
        and start <= visit.window[1]
        and start + visit.duration + there <= team.shift[1]
    )


def form_teams(
    travel: TravelSource, caregivers: Sequence[Any], visits: Sequence[Any]
) -> tuple[list[Any], dict[str, tuple[str, str]]]:
    """The day's vehicles (single caregivers and teams) and each team's two members. `visits`
    are the double-staffed ones, their skills already including `TEAM`."""
    single = list(caregivers)
    teams: list[Any] = []
    members: dict[str, tuple[str, str]] = {}
    need = sum(v.duration for v in visits)
    for visit in sorted(visits, key=lambda v: (v.window[0], v.key)):
        time_left = sum((t.shift[1] - t.shift[0]) * TEAM_SHARE for t in teams) - need
        if any(_can(t, visit, travel) for t in teams) and time_left >= 0:
            continue
        best = None
        for i, first in enumerate(single):
            for second in single[i + 1 :]:
                team = team_of(travel, first, second)
                if team is None or not _can(team, visit, travel):
                    continue
                distance = travel.minutes_between(
                    first.home, visit.location
                ) + travel.minutes_between(second.home, visit.location)
                if best is None or distance < best[0]:
                    best = (distance, team, first, second)
        if best is None:
            continue  # no pair can do it: the planner says why
        _distance, team, first, second = best
        teams.append(team)
        members[team.key] = (first.key, second.key)
        single = [c for c in single if c.key not in (first.key, second.key)]
    return single + teams, members
