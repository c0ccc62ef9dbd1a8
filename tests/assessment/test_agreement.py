"""Agreement measures of spot rechecks: worked examples by hand and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yiyang.assessment.agreement import (
    level_agreement_rate,
    mean_absolute_difference,
    weighted_kappa,
)


def _pairs(table: list[list[int]]) -> list[tuple[int, int]]:
    """Expand a contingency table (rows: first rater, columns: second) into pairs."""
    return [
        (i, j) for i, row in enumerate(table) for j, count in enumerate(row) for _ in range(count)
    ]


# Rows are the first rater, columns the second; n = 10.
TABLE_3 = [
    [4, 1, 0],
    [1, 2, 1],
    [0, 0, 1],
]


def test_quadratic_kappa_of_a_3x3_table_worked_by_hand():
    """Row totals r = (5, 4, 1), column totals c = (5, 3, 2), n = 10; span k - 1 = 2.

    Quadratic weights ((i - j) / 2)²: 1/4 one category apart, 1 two apart.
    Observed disagreement: cells one apart (0,1)=1, (1,0)=1, (1,2)=1, (2,1)=0 → 3 × 1/4 = 3/4;
    two apart (0,2)=0, (2,0)=0 → 0; Σ w·O = (3/4) / 10 = 0.075.
    Expected r_i·c_j: one apart 5·3 + 4·5 + 4·2 + 1·3 = 46 → 46 × 1/4 = 11.5;
    two apart 5·2 + 1·5 = 15 → 15; Σ w·E = 26.5 / 100 = 0.265.
    κ = 1 - 0.075 / 0.265 = 1 - 15/53 = 38/53 = 0.716981…
    """
    assert weighted_kappa(_pairs(TABLE_3), categories=range(3)) == pytest.approx(38 / 53)
    assert round(weighted_kappa(_pairs(TABLE_3), categories=range(3)), 4) == 0.7170


def test_linear_kappa_of_a_3x3_table_worked_by_hand():
    """Linear weights |i - j| / 2: 1/2 one apart, 1 two apart.

    Σ w·O = (3 × 1/2) / 10 = 0.15; Σ w·E = (46 × 1/2 + 15) / 100 = 0.38;
    κ = 1 - 0.15 / 0.38 = 23/38 = 0.605263…
    """
    kappa = weighted_kappa(_pairs(TABLE_3), categories=range(3), weights="linear")
    assert kappa == pytest.approx(23 / 38)


def test_agreement_rate_and_mean_difference_of_the_3x3_table():
    """Diagonal 4 + 2 + 1 = 7 of 10 → 0.7; |Δ| sums to 3 (three cells one apart) → 0.3."""
    assert level_agreement_rate(_pairs(TABLE_3)) == pytest.approx(0.7)
    assert mean_absolute_difference(_pairs(TABLE_3)) == pytest.approx(0.3)


def test_quadratic_kappa_of_a_5x5_table_on_levels_0_to_4():
    """Four elders, levels 0-4, span 4, quadratic weights (d / 4)²: d=1 → 1/16, d=2 → 4/16.

    Pairs (0,0), (1,2), (2,2), (4,2): first rater r = {0:1, 1:1, 2:1, 4:1}, second c = {0:1, 2:3}.
    Observed: (1,2) d=1 → 1/16; (4,2) d=2 → 4/16; Σ w·O = (5/16) / 4 = 5/64.
    Expected Σ r_i·c_j·w_ij / 16, in sixteenths of weight:
      i=0: c0 d0 → 0, c2 d2 → 3·4 = 12;  i=1: c0 d1 → 1, c2 d1 → 3;  i=2: c0 d2 → 4, c2 → 0;
      i=4: c0 d4 → 16, c2 d2 → 12.  Total 48/16 = 3; Σ w·E = 3 / 16.
    κ = 1 - (5/64) / (3/16) = 1 - 5/12 = 7/12 = 0.583333…
    """
    pairs = [(0, 0), (1, 2), (2, 2), (4, 2)]
    assert round(weighted_kappa(pairs), 4) == 0.5833
    assert level_agreement_rate(pairs) == 0.5
    assert mean_absolute_difference(pairs) == 0.75


def test_no_pairs_gives_no_measure():
    assert level_agreement_rate([]) is None
    assert mean_absolute_difference([]) is None
    assert weighted_kappa([]) is None


def test_one_category_used_by_both_raters_is_perfect_agreement():
    # Kappa is 0/0 here; the module reports the observed perfection as 1.0 (documented).
    assert weighted_kappa([(2, 2), (2, 2), (2, 2)]) == 1.0


def test_one_rater_constant_and_the_other_not_is_no_better_than_chance():
    """r = {2: 2}, c = {1: 1, 2: 1}: observed = expected disagreement, so κ = 0."""
    assert weighted_kappa([(2, 1), (2, 2)]) == 0.0


def test_rating_outside_the_categories_is_refused():
    with pytest.raises(ValueError, match="rating 5"):
        weighted_kappa([(0, 5)])


def test_unknown_weights_are_refused():
    with pytest.raises(ValueError, match="unknown weights"):
        weighted_kappa([(0, 1), (1, 0)], weights="cubic")  # type: ignore[arg-type]


levels = st.integers(min_value=0, max_value=4)
pair_lists = st.lists(st.tuples(levels, levels), min_size=1, max_size=40)


@given(st.lists(levels, min_size=2, max_size=40).filter(lambda xs: len(set(xs)) >= 2))
def test_identical_ratings_give_kappa_one(ratings):
    assert weighted_kappa([(x, x) for x in ratings]) == 1.0
    assert weighted_kappa([(x, x) for x in ratings], weights="linear") == 1.0


@given(pair_lists)
def test_kappa_is_symmetric_in_the_raters(pairs):
    swapped = [(b, a) for a, b in pairs]
    for weights in ("quadratic", "linear"):
        first = weighted_kappa(pairs, weights=weights)
        second = weighted_kappa(swapped, weights=weights)
        assert (first is None and second is None) or first == pytest.approx(second)


@given(pair_lists)
def test_kappa_lies_between_minus_one_and_one(pairs):
    for weights in ("quadratic", "linear"):
        kappa = weighted_kappa(pairs, weights=weights)
        assert kappa is not None
        assert -1.0 - 1e-12 <= kappa <= 1.0 + 1e-12


@given(pair_lists)
def test_agreement_rate_is_a_share(pairs):
    rate = level_agreement_rate(pairs)
    assert rate is not None
    assert 0.0 <= rate <= 1.0
