"""Validate and normalise resident identity numbers (公民身份号码, GB 11643-1999).

Rules (shared/standards/domain-rules.md §5.9): 18 characters = 6-digit area code + YYYYMMDD +
3-digit sequence (17th digit odd = male) + check character from weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5
8 4 2 over "10X98765432". 15-digit legacy numbers get "19" before the year and a computed check.
An unknown or retired area code is a warning, never a rejection.
"""

from __future__ import annotations

import enum
import operator
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
# Province-level prefixes of GB/T 2260 (71 Taiwan, 81 Hong Kong, 82 Macao, 83 residence permits).
PROVINCE_PREFIXES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37"}
    | {"41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64"}
    | {"65", "71", "81", "82", "83"}
)
_SEPARATORS = re.compile(r"[\s\-_.·]")


class IdNumberProblem(enum.Enum):
    """Why an identity number was refused; the UI layer translates each into Chinese."""

    EMPTY = "empty"
    LENGTH = "length"
    CHARACTERS = "characters"
    BIRTH_DATE = "birth_date"
    FUTURE_BIRTH_DATE = "future_birth_date"
    CHECK_CHARACTER = "check_character"


class IdNumberWarning(enum.Enum):
    UNKNOWN_AREA = "unknown_area"
    UPGRADED_FROM_15 = "upgraded_from_15"


class InvalidIdNumber(ValueError):
    def __init__(self, problem: IdNumberProblem, *, expected: str | None = None) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.expected = expected


@dataclass(frozen=True)
class IdNumber:
    value: str
    birth_date: date
    is_male: bool
    warnings: tuple[IdNumberWarning, ...] = field(default=())

    @property
    def area_code(self) -> str:
        return self.value[:6]


def check_character(first17: str) -> str:
    """Return the GB 11643 check character of the first 17 digits."""
    if len(first17) != len(WEIGHTS):
        raise ValueError(first17)
    # map() rather than a generator: this runs once per row of a million-row import.
    total = sum(map(operator.mul, map(int, first17), WEIGHTS))
    return CHECK_CHARACTERS[total % 11]


def normalise(raw: str) -> str:
    """Fold full-width characters, drop spaces and separators, upper-case the check x."""
    text = unicodedata.normalize("NFKC", raw)
    return _SEPARATORS.sub("", text).upper()


def parse_id_number(raw: str | int | None, *, today: date) -> IdNumber:
    """Validate `raw` and return the normalised 18-character number with what it encodes.

    Raises InvalidIdNumber naming the problem; `today` bounds the birth date.
    """
    text = normalise(str(raw)) if raw is not None else ""
    if not text:
        raise InvalidIdNumber(IdNumberProblem.EMPTY)
    warnings: list[IdNumberWarning] = []
    if len(text) == 15:
        if not text.isdigit():
            raise InvalidIdNumber(IdNumberProblem.CHARACTERS)
        first17 = text[:6] + "19" + text[6:]
        text = first17 + check_character(first17)
        warnings.append(IdNumberWarning.UPGRADED_FROM_15)
    if len(text) != 18:
        raise InvalidIdNumber(IdNumberProblem.LENGTH)
    if not (text[:17].isdigit() and text[17] in "0123456789X"):
        raise InvalidIdNumber(IdNumberProblem.CHARACTERS)
    try:
        birth = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise InvalidIdNumber(IdNumberProblem.BIRTH_DATE) from None
    if birth.year < 1850:
        raise InvalidIdNumber(IdNumberProblem.BIRTH_DATE)
    if birth > today:
        raise InvalidIdNumber(IdNumberProblem.FUTURE_BIRTH_DATE)
    expected = check_character(text[:17])
    if text[17] != expected:
        raise InvalidIdNumber(IdNumberProblem.CHECK_CHARACTER, expected=expected)
    if text[:2] not in PROVINCE_PREFIXES:
        warnings.append(IdNumberWarning.UNKNOWN_AREA)
    return IdNumber(
        value=text, birth_date=birth, is_male=int(text[16]) % 2 == 1, warnings=tuple(warnings)
    )


def age_on(birth_date: date, on: date) -> int:
    """Return the age in 周岁 on a date: a year is added on the birthday itself.

    Someone born on 29 February becomes a year older on 1 March in common years.
    """
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def mask_id_number(value: str) -> str:
    """Show the area code and the last four characters only: 640302********1234."""
    if len(value) < 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]
