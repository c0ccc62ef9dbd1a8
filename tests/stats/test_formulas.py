"""Worked examples of the pure formulas (no database)."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yiyang.stats.formulas import (
    add_rows,
    ancestor_codes,
    month_end,
    months_back,
    parse_month,
    relative_gap,
    roll_up,
    scaled_value,
    suppress_row,
    target_status,
)


@pytest.mark.parametrize(
    ("numerator", "denominator", "unit", "expected"),
    [
        pytest.param(37, 60, "percent", Decimal("61.67"), id="percent_case"),
        pytest.param(3, 2000, "per_mille", Decimal("1.50"), id="per_mille_case"),
        pytest.param(6891, 182800, "per_thousand", Decimal("37.70"), id="beds_per_thousand_case"),
        pytest.param(51, 20580, "per_ten_thousand", Decimal("24.78"), id="per_ten_thousand_case"),
        pytest.param(600, None, "count", Decimal("600.00"), id="count_case"),
        pytest.param(1, 8, "percent", Decimal("12.50"), id="half_rounds_up_case"),
    ],
)
def test_scaled_value_worked_examples(numerator, denominator, unit, expected):
    assert scaled_value(numerator, denominator, unit) == expected


@pytest.mark.parametrize("denominator", [0, None])
def test_zero_denominator_gives_no_value_not_zero(denominator):
    assert scaled_value(0, denominator, "percent") is None


@pytest.mark.parametrize(
    ("value", "target", "direction", "expected"),
    [
        pytest.param(Decimal(60), Decimal(60), "higher", "met", id="on_target_case"),
        pytest.param(Decimal(54), Decimal(60), "higher", "near", id="edge_of_near_case"),
        pytest.param(Decimal("53.99"), Decimal(60), "higher", "behind", id="behind_case"),
        pytest.param(Decimal(3), Decimal(5), "lower", "met", id="lower_met_case"),
        pytest.param(Decimal("5.5"), Decimal(5), "lower", "near", id="lower_near_case"),
        pytest.param(Decimal("5.6"), Decimal(5), "lower", "behind", id="lower_behind_case"),
        pytest.param(None, Decimal(5), "higher", "no_data", id="no_value_case"),
        pytest.param(Decimal(5), None, "higher", "no_target", id="no_target_case"),
    ],
)
def test_target_status(value, target, direction, expected):
    assert target_status(value, target, direction=direction, near_ratio=Decimal("0.1")) == expected


def test_relative_gap_is_the_shortfall_as_a_share_of_the_target():
    assert relative_gap(Decimal(45), Decimal(60), direction="higher") == Decimal("0.25")
    assert relative_gap(Decimal(70), Decimal(60), direction="higher") == Decimal(0)
    assert relative_gap(Decimal(6), Decimal(5), direction="lower") == Decimal("0.2")
    assert relative_gap(None, Decimal(5), direction="lower") is None


def test_suppress_row_hides_small_cells_and_one_more_when_one_alone_could_be_backed_out():
    # a single small cell: the smallest other non-zero cell is hidden too
    assert suppress_row([3, 12, 40, 0], 5) == ["<5", "<5", "40", "0"]
    # two small cells already protect each other
    assert suppress_row([3, 4, 40], 5) == ["<5", "<5", "40"]
    assert suppress_row([5, 0, 9], 5) == ["5", "0", "9"]


@given(st.lists(st.integers(min_value=0, max_value=50), min_size=2, max_size=8))
def test_no_hidden_cell_can_be_backed_out_from_the_row_total(counts):
    shown = suppress_row(counts, 5)
    hidden = [index for index, text in enumerate(shown) if text == "<5"]
    # every cell under the threshold (except zero) is hidden, and never exactly one alone
    assert all(shown[i] == "<5" for i, count in enumerate(counts) if 0 < count < 5)
    assert len(hidden) != 1 or sum(1 for count in counts if count > 0) == 1


def test_months_and_codes():
    assert parse_month("2025-02") == date(2025, 2, 1)
    with pytest.raises(ValueError, match="YYYY-MM"):
        parse_month("2025-2")
    assert month_end(date(2024, 2, 1)) == date(2024, 2, 29)
    assert months_back(date(2025, 2, 1), 3) == [
        date(2024, 12, 1),
        date(2025, 1, 1),
        date(2025, 2, 1),
    ]
    assert ancestor_codes("640302001001") == [
        "640000000000",
        "640300000000",
        "640302000000",
        "640302001000",
    ]
    assert ancestor_codes("640302000000") == ["640000000000", "640300000000"]


LEVELS = (4, 6, 9, 12)


def test_roll_up_adds_communities_into_every_level():
    # two communities of street 640302001 and one of 640302002; a bed registered at the street
    counts = {
        "640302001001": (1, 4),
        "640302001002": (2, 3),
        "640302001000": (1, 1),
        "640302002001": (0, 5),
    }
    rolled = roll_up(counts, LEVELS)
    assert rolled["640302001"] == (4, 8)
    assert rolled["640302002"] == (0, 5)
    assert rolled["640302"] == rolled["6403"] == (4, 13)
    assert rolled["640302001001"] == (1, 4)
    # a count keeps no denominator
    assert roll_up({"640302001001": (3, None), "640302001002": (2, None)}, LEVELS)["6403"] == (
        5,
        None,
    )


@given(
    st.dictionaries(
        st.sampled_from(["640302001001", "640302001002", "640302002001", "640381001001"]),
        st.tuples(st.integers(0, 1000), st.integers(0, 1000)),
    )
)
def test_roll_up_of_the_city_is_the_grand_total(counts):
    rolled = roll_up(counts, LEVELS)
    if not counts:
        assert rolled == {}
        return
    expected = (sum(n for n, _d in counts.values()), sum(d for _n, d in counts.values()))
    assert rolled["6403"] == expected


def test_add_rows_adds_cell_by_cell():
    rows = {"640302001001": [1, 2, 0], "640302001002": [0, 3, 4], "640381001001": [5, 0, 0]}
    totals = add_rows(rows, LEVELS)
    assert totals["640302001"] == [1, 5, 4]
    assert totals["6403"] == [6, 5, 4]
