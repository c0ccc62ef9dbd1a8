"""What changed in each caregiver's round of a day (issue 9, "caregivers see the new order on their
phones"): a pure rule, no Django import.

A round is what her phone page shows: the visits assigned to her that day, as the first or the
second caregiver of a two-person visit, each at the minute she is expected (the accepted plan's
start, else the order's planned start). Given the rounds before and after a change of
assignments, say per caregiver which visits are new to her, which left her (cancelled, taken
back or given to someone else: she cannot tell which, and need not), and which moved in time. A
visit that stays with her at the same minute is no change, also when she and her partner swap
first and second: her round is the same.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

ADDED = "added"
REMOVED = "removed"
MOVED = "moved"
# The order of the lines of a notice: what she must now do first, then what she no longer
# does, then what moved.
KINDS = (ADDED, REMOVED, MOVED)


@dataclass(frozen=True)
class Stop:
    """One visit of a round: whose it is and the minute of the day it starts."""

    caregiver: int
    start: int


@dataclass(frozen=True)
class RoundChange:
    kind: str
    order: int
    start: int  # the minute she now goes (added, moved) or was to go (removed)
    before: int | None = None  # the minute she was to go, for a moved visit


def round_changes(
    before: Mapping[int, Collection[Stop]], after: Mapping[int, Collection[Stop]]
) -> dict[int, list[RoundChange]]:
    """Map each caregiver whose round changed to her changes (added, removed, moved; each by time
    of day); caregivers whose round is as it was are left out. Each visit maps to its stops, one
    per caregiver on it (two for a two-person visit)."""
    found: dict[int, list[RoundChange]] = {}
    for order in sorted(before.keys() | after.keys()):
        was = {stop.caregiver: stop.start for stop in before.get(order, ())}
        now = {stop.caregiver: stop.start for stop in after.get(order, ())}
        for caregiver in sorted(was.keys() | now.keys()):
            if caregiver in was and caregiver in now:
                if was[caregiver] != now[caregiver]:
                    found.setdefault(caregiver, []).append(
                        RoundChange(MOVED, order, now[caregiver], was[caregiver])
                    )
            elif caregiver in was:
                found.setdefault(caregiver, []).append(RoundChange(REMOVED, order, was[caregiver]))
            else:
                found.setdefault(caregiver, []).append(RoundChange(ADDED, order, now[caregiver]))
    return {
        caregiver: sorted(changes, key=lambda c: (KINDS.index(c.kind), c.start, c.order))
        for caregiver, changes in found.items()
    }
