"""Twelve-digit statistical division codes (统计用区划代码): 2 province, 2 city, 2 county,
3 township (street), 3 village (community)."""

from __future__ import annotations

import enum
import re

_CODE = re.compile(r"\d{12}")
# How many leading digits identify a region at each level.
PREFIX_LENGTH = {1: 2, 2: 4, 3: 6, 4: 9, 5: 12}


class RegionLevelNumber(enum.IntEnum):
    PROVINCE = 1
    CITY = 2
    DISTRICT = 3
    STREET = 4
    COMMUNITY = 5


def normalise_region_code(raw: str) -> str:
    """Accept 6-, 9- or 12-digit codes and pad them with zeros to 12 digits."""
    text = str(raw).strip()
    if text.isdigit() and len(text) in (6, 9):
        text = text.ljust(12, "0")
    if not _CODE.fullmatch(text):
        raise ValueError("region code must have 12 digits")
    return text


def level_of(code: str) -> RegionLevelNumber:
    """Return the level a 12-digit code denotes, from where its trailing zeros start."""
    if code[2:] == "0" * 10:
        return RegionLevelNumber.PROVINCE
    if code[4:] == "0" * 8:
        return RegionLevelNumber.CITY
    if code[6:] == "0" * 6:
        return RegionLevelNumber.DISTRICT
    if code[9:] == "000":
        return RegionLevelNumber.STREET
    return RegionLevelNumber.COMMUNITY


def code_prefix(code: str) -> str:
    """Return the digits every code below this region starts with."""
    return code[: PREFIX_LENGTH[level_of(code)]]


def is_parent_code(parent: str, child: str) -> bool:
    """True when `child` lies directly or indirectly under `parent` by its digits."""
    return child != parent and child.startswith(code_prefix(parent))
