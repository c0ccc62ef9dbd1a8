"""GB 11643 identity numbers (shared/standards/domain-rules.md §5.9 and rules 1-4 of §7)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yiyang.core.validators.id_number import (
    IdNumberProblem,
    IdNumberWarning,
    InvalidIdNumber,
    age_on,
    check_character,
    mask_id_number,
    parse_id_number,
)

TODAY = date(2026, 11, 23)


def test_accepts_the_standards_own_example():
    parsed = parse_id_number("11010519491231002X", today=TODAY)
    assert parsed.value == "11010519491231002X"
    assert parsed.birth_date == date(1949, 12, 31)
    assert parsed.is_male is False
    assert parsed.warnings == ()


def test_rejects_wrong_check_character_naming_the_expected_one():
    with pytest.raises(InvalidIdNumber) as error:
        parse_id_number("110105194912310021", today=TODAY)
    assert error.value.problem is IdNumberProblem.CHECK_CHARACTER
    assert error.value.expected == "X"


@pytest.mark.parametrize(
    "raw",
    [
        "11010519491231002x",
        " 110105 19491231 002X ",
        "１１０１０５１９４９１２３１００２Ｘ",
        "110105-19491231-002x",
    ],
)
def test_normalises_lowercase_full_width_and_spaces(raw):
    assert parse_id_number(raw, today=TODAY).value == "11010519491231002X"


def test_upgrades_fifteen_digit_numbers():
    parsed = parse_id_number("110105491231002", today=TODAY)
    assert parsed.value == "11010519491231002X"
    assert IdNumberWarning.UPGRADED_FROM_15 in parsed.warnings


def test_retired_area_code_is_a_warning_not_a_rejection():
    # 440524 (潮阳县) existed 1983-1993; its numbers stay valid.
    parsed = parse_id_number("440524188001010014", today=TODAY)
    assert parsed.value == "440524188001010014"
    first17 = "99052419450101001"
    unknown = parse_id_number(first17 + check_character(first17), today=TODAY)
    assert unknown.warnings == (IdNumberWarning.UNKNOWN_AREA,)


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("", IdNumberProblem.EMPTY),
        ("1101051949123100", IdNumberProblem.LENGTH),
        ("11010519491231002Y", IdNumberProblem.CHARACTERS),
        ("110105194902300020", IdNumberProblem.BIRTH_DATE),
        ("110105194913010020", IdNumberProblem.BIRTH_DATE),
    ],
)
def test_refuses_with_the_problem_named(raw, problem):
    with pytest.raises(InvalidIdNumber) as error:
        parse_id_number(raw, today=TODAY)
    assert error.value.problem is problem


def test_refuses_a_birth_date_in_the_future():
    first17 = "11010520270101001"
    with pytest.raises(InvalidIdNumber) as error:
        parse_id_number(first17 + check_character(first17), today=TODAY)
    assert error.value.problem is IdNumberProblem.FUTURE_BIRTH_DATE


def test_age_in_zhousui_turns_on_the_birthday():
    birth = date(1949, 12, 31)
    assert age_on(birth, date(2029, 12, 30)) == 79
    assert age_on(birth, date(2029, 12, 31)) == 80


def test_leap_day_birthday_turns_older_on_first_of_march_in_common_years():
    birth = date(1944, 2, 29)
    assert age_on(birth, date(2025, 2, 28)) == 80
    assert age_on(birth, date(2025, 3, 1)) == 81


def test_mask_keeps_area_and_last_four():
    assert mask_id_number("640302194912310021") == "640302********0021"


@given(
    birth=st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 11, 23)),
    sequence=st.integers(min_value=0, max_value=999),
)
def test_every_number_with_its_check_character_is_accepted_and_one_typo_is_caught(birth, sequence):
    first17 = f"640302{birth:%Y%m%d}{sequence:03d}"
    number = first17 + check_character(first17)
    parsed = parse_id_number(number, today=TODAY)
    assert parsed.birth_date == birth
    assert parsed.is_male == (sequence % 2 == 1)
    # Changing the last sequence digit always breaks the check (weight 2 is coprime to 11).
    typo = first17[:16] + str((int(first17[16]) + 1) % 10) + number[17]
    with pytest.raises(InvalidIdNumber):
        parse_id_number(typo, today=TODAY)
