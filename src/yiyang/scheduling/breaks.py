"""A caregiver's break inside her shift (issue 9), e.g. 30 minutes between 11:30 and 13:30.

A break is taken "wherever she is": after a visit, at that elder's door (or at home before the
first visit), before travelling on. Travel does not change, only the time. PyVRP cannot say
"a stop at the previous stop's place" (a break client would need a travel time to and from it
equal to the travel between its neighbours), so the break stays out of the solver:

- the solver sees the caregiver's working minutes shortened by the break, a necessary
  condition (she needs that much time free somewhere);
- once the solver has chosen the order of her visits, `fit_break` tries the break at every
  gap, in order, as a pseudo-visit at the place she just left, with the break's window, and
  keeps the first gap where every visit still starts inside its window and she is home by the
  end of her shift;
- when no gap works the day plan drops visits from the route until one does (`with_break`),
  and the dropped visits are listed as unplaced ("no room in the day").

Pure: no Django, no PyVRP.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

BREAK_KEY = "\x00break"  # no visit id can be this: ids come from JSON strings of the day

V = TypeVar("V", bound=Any)
Timer = Callable[[list[V]], list[tuple[str, int]] | None]


@dataclass(frozen=True)
class Break:
    """`minutes` off, starting no earlier than `window[0]` and ending by `window[1]`."""

    window: tuple[int, int]
    minutes: int


@dataclass(frozen=True)
class Placed:
    """A timed route and its break: the minute it starts and the visit it follows (None: at
    home, before the first visit)."""

    timed: list[tuple[str, int]]
    start: int
    after: str | None


def fit_break(
    visits: Sequence[V],
    origin: tuple[float, float],
    rest: Break,
    timer: Timer,
    *,
    at_origin: bool = True,
) -> Placed | None:
    """The first gap of `visits` (in this order) where the break fits, timed by `timer` (which
    returns the starts of an order or None when it breaks a rule); None when none fits. Without
    `at_origin` the break comes after a visit: a team's members start from different homes, so
    only at an elder's door are they at one place."""
    for position in range(0 if at_origin else 1, len(visits) + 1):
        where = origin if position == 0 else visits[position - 1].location
        pause = replace(
            visits[0],
            key=BREAK_KEY,
            location=where,
            window=(rest.window[0], rest.window[1] - rest.minutes),
            duration=rest.minutes,
            skills=frozenset(),
            preferred_caregiver=None,
            priority=1,
            target=None,
        )
        timed = timer([*visits[:position], pause, *visits[position:]])
        if timed is None:
            continue
        start = next(minute for key, minute in timed if key == BREAK_KEY)
        return Placed(
            [pair for pair in timed if pair[0] != BREAK_KEY],
            start,
            None if position == 0 else visits[position - 1].key,
        )
    return None


def with_break(
    visits: Sequence[V],
    origin: tuple[float, float],
    rest: Break | None,
    timer: Timer,
    *,
    at_origin: bool = True,
) -> tuple[list[tuple[str, int]], Placed | None]:
    """The timing of the visits kept and the break: visits are dropped one at a time until the
    route and its break fit; first one whose removal lets the break fit (the cheapest to lose:
    lowest priority, then the latest), else the last. Without a break only the route's own rules
    count, and the last visit goes until they hold. ([], None) when nothing fits."""
    kept = list(visits)
    while kept:
        if rest is None:
            timed = timer(kept)
            if timed is not None:
                return timed, None
            kept = kept[:-1]
            continue
        placed = fit_break(kept, origin, rest, timer, at_origin=at_origin)
        if placed is not None:
            return placed.timed, placed
        for index in sorted(range(len(kept)), key=lambda i: (kept[i].priority, -i)):
            fewer = kept[:index] + kept[index + 1 :]
            if fewer and fit_break(fewer, origin, rest, timer, at_origin=at_origin) is not None:
                kept = fewer
                break
        else:
            kept = kept[:-1]
    return [], None
