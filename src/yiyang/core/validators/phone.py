"""Normalise Chinese phone numbers: mobiles to 11 digits, landlines to 0AREA-NUMBER."""

from __future__ import annotations

import enum
import re
import unicodedata

_NOISE = re.compile(r"[\s\-()（）.]")
_MOBILE = re.compile(r"1[3-9]\d{9}")
# Area codes: 010, 02x, or 0 + three digits; local numbers have 7 or 8 digits.
_LANDLINE = re.compile(r"(0(?:10|2\d|[3-9]\d{2}))([2-9]\d{6,7})")
_LOCAL = re.compile(r"[2-9]\d{6,7}")


class PhoneProblem(enum.Enum):
    EMPTY = "empty"
    FORMAT = "format"
    NEEDS_AREA_CODE = "needs_area_code"


class InvalidPhone(ValueError):
    def __init__(self, problem: PhoneProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def normalise_phone(raw: str | int | None, *, default_area_code: str = "") -> str:
    """Return a mobile as 13812345678 and a landline as 0953-2345678, or raise InvalidPhone.

    A local landline number without area code takes `default_area_code` (the city's), if set.
    """
    text = unicodedata.normalize("NFKC", str(raw or "")).strip()
    text = _NOISE.sub("", text)
    if not text:
        raise InvalidPhone(PhoneProblem.EMPTY)
    for prefix in ("+86", "0086"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    if _MOBILE.fullmatch(text):
        return text
    if match := _LANDLINE.fullmatch(text):
        return f"{match.group(1)}-{match.group(2)}"
    if _LOCAL.fullmatch(text):
        if not default_area_code:
            raise InvalidPhone(PhoneProblem.NEEDS_AREA_CODE)
        return f"{default_area_code}-{text}"
    raise InvalidPhone(PhoneProblem.FORMAT)


def mask_phone(value: str) -> str:
    """Hide the middle of a number: 138****5678, 0953-***4567."""
    if "-" in value:
        area, number = value.split("-", 1)
        return f"{area}-{'*' * (len(number) - 4)}{number[-4:]}"
    if len(value) >= 7:
        return value[:3] + "*" * (len(value) - 7) + value[-4:]
    return "*" * len(value)
