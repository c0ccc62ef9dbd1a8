"""Unified social credit codes (统一社会信用代码, GB 32100-2015) and the embedded organisation code
(GB 11714); rules from shared/standards/domain-rules.md §5.11."""

from __future__ import annotations

import enum
import unicodedata

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORGANISATION_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


class CreditCodeProblem(enum.Enum):
    EMPTY = "empty"
    LENGTH = "length"
    CHARACTERS = "characters"
    CHECK_CHARACTER = "check_character"
    ORGANISATION_CODE = "organisation_code"


class InvalidCreditCode(ValueError):
    def __init__(self, problem: CreditCodeProblem, *, expected: str | None = None) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.expected = expected


def credit_check_character(first17: str) -> str:
    total = sum(
        ALPHABET.index(char) * weight for char, weight in zip(first17, WEIGHTS, strict=True)
    )
    return ALPHABET[(31 - total % 31) % 31]


def organisation_check_character(first8: str) -> str:
    """Check character of a GB 11714 organisation code (digits, and letters A=10 … Z=35)."""
    total = sum(
        int(char, 36) * weight for char, weight in zip(first8, ORGANISATION_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def parse_credit_code(raw: str | None) -> str:
    """Return the normalised 18-character code, or raise InvalidCreditCode naming the problem."""
    text = unicodedata.normalize("NFKC", raw or "").replace(" ", "").upper()
    if not text:
        raise InvalidCreditCode(CreditCodeProblem.EMPTY)
    if len(text) != 18:
        raise InvalidCreditCode(CreditCodeProblem.LENGTH)
    if any(char not in ALPHABET for char in text):
        raise InvalidCreditCode(CreditCodeProblem.CHARACTERS)
    expected = credit_check_character(text[:17])
    if text[17] != expected:
        raise InvalidCreditCode(CreditCodeProblem.CHECK_CHARACTER, expected=expected)
    organisation = text[8:17]
    if organisation_check_character(organisation[:8]) != organisation[8]:
        raise InvalidCreditCode(CreditCodeProblem.ORGANISATION_CODE)
    return text
