"""The life of a service order (工单) as a table of steps (pure; issue 5).

requested → accepted → assigned (→ back to accepted when unassigned, with a reason) → checked in → checked out → confirmed (or auto-confirmed after
the policy's hours, flagged) → settled; cancelled or refused with a reason. The services look up
each step here before they write, so a wrong-state step is refused in one place.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    sources: frozenset[str]
    target: str
    needs_reason: bool = False


STEPS: dict[str, Step] = {
    "accept": Step(frozenset({"requested"}), "accepted"),
    "refuse": Step(frozenset({"requested", "accepted"}), "refused", needs_reason=True),
    # Reassignment is the same step from "assigned": another caregiver takes the visit.
    "assign": Step(frozenset({"accepted", "assigned"}), "assigned"),
    "check_in": Step(frozenset({"assigned"}), "checked_in"),
    "check_out": Step(frozenset({"checked_in"}), "checked_out"),
    "confirm": Step(frozenset({"checked_out"}), "confirmed"),
    "auto_confirm": Step(frozenset({"checked_out"}), "confirmed"),
    "settle": Step(frozenset({"confirmed"}), "settled"),
    "cancel": Step(
        frozenset({"requested", "accepted", "assigned"}), "cancelled", needs_reason=True
    ),
    # The caregiver can no longer go (off sick, no one else could take it): the visit waits,
    # accepted, for a caregiver again (issue 9).
    "unassign": Step(frozenset({"assigned"}), "accepted", needs_reason=True),
}

OPEN_STATUSES = frozenset({"requested", "accepted", "assigned", "checked_in"})


def allowed(action: str, status: str) -> bool:
    """Say whether `action` may be taken on an order in `status`."""
    return status in STEPS[action].sources


def actions_from(status: str) -> list[str]:
    """The actions open to an order in `status`, in the table's order."""
    return [name for name, step in STEPS.items() if status in step.sources]
