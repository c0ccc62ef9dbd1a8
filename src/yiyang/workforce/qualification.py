"""Decide whether a caregiver may do a service item on a day, and say why not (pure rule).

No Django here: homecare passes the item's requirement and the caregiver's certificates as plain
facts, and shows the reasons on the dispatch board and in API errors (issue 5: "a caregiver whose
required certificate is missing or expired cannot be dispatched to an item that needs it, and
the screen says why"). Skill levels run 5 (entry) → 1 (highest), so "at least level 3" means a
number of 3 or less (GLOSSARY.md `skill_level`).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


class Obstacle(enum.StrEnum):
    NOT_ACTIVE = "caregiver_not_active"
    NO_SKILL_CERTIFICATE = "caregiver_no_skill_certificate"
    SKILL_TOO_LOW = "caregiver_skill_too_low"
    NO_HEALTH_CERTIFICATE = "caregiver_no_health_certificate"
    HEALTH_CERTIFICATE_EXPIRED = "caregiver_health_certificate_expired"


@dataclass(frozen=True)
class Requirement:
    """What an item asks of the caregiver: a skill level (None: none) and a health certificate."""

    minimum_skill_level: int | None = None
    needs_health_certificate: bool = False


@dataclass(frozen=True)
class CertificateFact:
    kind: str  # "skill" or "health" (workforce.choices.CertificateKind)
    issued_on: date
    expires_on: date | None = None
    skill_level: int | None = None

    def valid_on(self, day: date) -> bool:
        return self.issued_on <= day and (self.expires_on is None or day <= self.expires_on)


@dataclass(frozen=True)
class Reason:
    """One reason a caregiver may not do the item; `needed`/`held`/`expired_on` fill the text."""

    obstacle: Obstacle
    needed: int | None = None
    held: int | None = None
    expired_on: date | None = None


def reasons_not_qualified(
    requirement: Requirement,
    certificates: Iterable[CertificateFact],
    *,
    on: date,
    is_active: bool = True,
) -> list[Reason]:
    """Return why the caregiver may not do the item on `on`; an empty list means they may."""
    reasons: list[Reason] = []
    if not is_active:
        reasons.append(Reason(Obstacle.NOT_ACTIVE))
    held = list(certificates)
    if requirement.minimum_skill_level is not None:
        levels = [
            c.skill_level
            for c in held
            if c.kind == "skill" and c.skill_level is not None and c.valid_on(on)
        ]
        if not levels:
            reasons.append(
                Reason(Obstacle.NO_SKILL_CERTIFICATE, needed=requirement.minimum_skill_level)
            )
        elif min(levels) > requirement.minimum_skill_level:
            reasons.append(
                Reason(
                    Obstacle.SKILL_TOO_LOW,
                    needed=requirement.minimum_skill_level,
                    held=min(levels),
                )
            )
    if requirement.needs_health_certificate:
        health = [c for c in held if c.kind == "health" and c.issued_on <= on]
        if not health:
            reasons.append(Reason(Obstacle.NO_HEALTH_CERTIFICATE))
        elif not any(c.valid_on(on) for c in health):
            last = max((c.expires_on for c in health if c.expires_on is not None), default=None)
            reasons.append(Reason(Obstacle.HEALTH_CERTIFICATE_EXPIRED, expired_on=last))
    return reasons
