"""GB 32100 unified social credit codes (domain-rules.md §7 rule 5)."""

import pytest

from yiyang.core.validators.credit_code import (
    CreditCodeProblem,
    InvalidCreditCode,
    organisation_check_character,
    parse_credit_code,
)


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000600037341L", "91350100m000100y43"])
def test_accepts_valid_codes(code):
    assert parse_credit_code(code) == code.upper()


def test_refuses_a_wrong_check_character_naming_the_right_one():
    with pytest.raises(InvalidCreditCode) as error:
        parse_credit_code("91350100M000100Y44")
    assert error.value.problem is CreditCodeProblem.CHECK_CHARACTER
    assert error.value.expected == "3"


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_refuses_letters_outside_the_alphabet(letter):
    with pytest.raises(InvalidCreditCode) as error:
        parse_credit_code("91350100M000100Y4" + letter)
    assert error.value.problem is CreditCodeProblem.CHARACTERS


def test_embedded_organisation_code_checks():
    assert organisation_check_character("M000100Y") == "4"
    assert organisation_check_character("60003734") == "1"


@pytest.mark.parametrize(
    ("raw", "problem"), [("", CreditCodeProblem.EMPTY), ("9135", CreditCodeProblem.LENGTH)]
)
def test_refuses_empty_and_short(raw, problem):
    with pytest.raises(InvalidCreditCode) as error:
        parse_credit_code(raw)
    assert error.value.problem is problem
