"""Factories that build valid objects only: checksummed identity numbers, real region codes."""

from __future__ import annotations

import random
from datetime import date

from yiyang.core.validators.id_number import check_character
from yiyang.registry.models import Elder
from yiyang.registry.services import name_initials


def make_id_number(
    birth: date, *, male: bool, area: str = "640302", sequence: int | None = None
) -> str:
    """A valid 18-character identity number for a birth date and sex."""
    if sequence is None:
        sequence = random.randrange(0, 999)
    sequence = sequence - sequence % 2 + (1 if male else 0)
    sequence = min(max(sequence, 0 if not male else 1), 999 if male else 998)
    first17 = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)


_counter = iter(range(1, 10**6))


def make_elder(
    *,
    residence_region_id: str,
    name: str = "张秀兰",
    birth: date = date(1945, 3, 8),
    male: bool = False,
    **extra,
) -> Elder:
    """Write an elder row directly (a fixture, not the behaviour under test)."""
    number = extra.pop("id_number", None) or make_id_number(
        birth, male=male, sequence=next(_counter) % 998
    )
    while Elder.objects.filter(id_number=number).exists():
        number = make_id_number(birth, male=male, sequence=next(_counter) % 998)
    return Elder.objects.create(
        name=name,
        name_initials=name_initials(name),
        id_number=number,
        gender="male" if male else "female",
        birth_date=birth,
        residence_region_id=residence_region_id,
        **extra,
    )
