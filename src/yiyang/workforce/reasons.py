"""The words for a qualification reason (workforce.qualification), shown on screen and in the API."""

from __future__ import annotations

from django.utils.translation import gettext as _

from yiyang.workforce.qualification import Obstacle, Reason


def describe(reason: Reason) -> str:
    """Return the translated sentence for one reason a caregiver may not do an item."""
    if reason.obstacle == Obstacle.NOT_ACTIVE:
        return _("The caregiver is not working at present.")
    if reason.obstacle == Obstacle.NO_SKILL_CERTIFICATE:
        return _(
            "The item needs a caregiver skill certificate of level {needed} or higher."
        ).format(needed=reason.needed)
    if reason.obstacle == Obstacle.SKILL_TOO_LOW:
        return _(
            "The item needs skill level {needed} or higher; the caregiver holds level {held}."
        ).format(needed=reason.needed, held=reason.held)
    if reason.obstacle == Obstacle.NO_HEALTH_CERTIFICATE:
        return _("The item needs a health certificate; the caregiver has none.")
    return _("The caregiver's health certificate expired on {date}.").format(
        date=reason.expired_on.isoformat() if reason.expired_on else "-"
    )
