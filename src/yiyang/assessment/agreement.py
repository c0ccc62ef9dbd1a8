"""Agreement between two ratings of the same elders (抽查复评, seed 001 item 7).

Pure functions, no Django import: a recheck round pairs each original level with the level the
second team found, and these measures say how well the two agree.

- Level agreement rate: the share of pairs with the same level.
- Cohen's weighted kappa (Cohen 1968): 1 - Σ w·O / Σ w·E, where O is the table of observed
  proportions, E the table expected by chance (row share × column share) and w the disagreement
  weight of a cell: ((i - j) / (k - 1))² (quadratic) or |i - j| / (k - 1) (linear), for k
  categories. 1 is perfect agreement, 0 what chance gives, below 0 worse than chance.
- Mean absolute level difference: Σ |a - b| / n.

Degenerate cases (documented in docs/modules/assessment-rechecks.md):

- no pair: every measure is None (there is nothing to measure);
- both raters put every elder in one and the same category: kappa is formally 0 / 0. The
  observed agreement is perfect, so we report 1.0 rather than nothing;
- any other table whose expected disagreement is 0 (impossible with the weights above, kept as a
  guard for custom categories): None.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Literal

Pair = tuple[int, int]
Weights = Literal["quadratic", "linear"]


def _checked(pairs: Iterable[Pair]) -> list[Pair]:
    return [(int(first), int(second)) for first, second in pairs]


def level_agreement_rate(pairs: Iterable[Pair]) -> float | None:
    """Return the share of pairs whose two levels are equal, or None without pairs."""
    checked = _checked(pairs)
    if not checked:
        return None
    return float(Fraction(sum(1 for a, b in checked if a == b), len(checked)))


def mean_absolute_difference(pairs: Iterable[Pair]) -> float | None:
    """Return the mean of |first - second| over the pairs, or None without pairs."""
    checked = _checked(pairs)
    if not checked:
        return None
    return float(Fraction(sum(abs(a - b) for a, b in checked), len(checked)))


def disagreement_weight(first: int, second: int, *, span: int, weights: Weights) -> Fraction:
    """Return the disagreement weight of a cell, 0 on the diagonal and 1 at the far corners."""
    if span == 0:
        return Fraction(0)
    distance = Fraction(abs(first - second), span)
    if weights == "quadratic":
        return distance * distance
    if weights == "linear":
        return distance
    raise ValueError(f"unknown weights {weights!r}")


def weighted_kappa(
    pairs: Iterable[Pair],
    *,
    categories: Sequence[int] | range = range(5),
    weights: Weights = "quadratic",
) -> float | None:
    """Return Cohen's weighted kappa of two raters over ordered `categories`.

    `pairs` holds (first rater's category, second rater's category) per rated subject; a value
    outside `categories` raises ValueError naming it. Weights are computed on the position of
    a category in `categories`, so levels 0-4 of GB/T 42195-2022 give spans of 0 to 4.
    """
    checked = _checked(pairs)
    if not checked:
        return None
    position = {category: index for index, category in enumerate(categories)}
    for first, second in checked:
        for value in (first, second):
            if value not in position:
                raise ValueError(f"rating {value} is not one of the categories {list(categories)}")
    size = len(categories)
    span = size - 1
    n = len(checked)
    observed = [[0] * size for _ in range(size)]
    for first, second in checked:
        observed[position[first]][position[second]] += 1
    rows = [sum(row) for row in observed]
    columns = [sum(observed[i][j] for i in range(size)) for j in range(size)]

    observed_disagreement = Fraction(0)
    expected_disagreement = Fraction(0)
    for i in range(size):
        for j in range(size):
            weight = disagreement_weight(i, j, span=span, weights=weights)
            if not weight:
                continue
            observed_disagreement += weight * Fraction(observed[i][j], n)
            expected_disagreement += weight * Fraction(rows[i] * columns[j], n * n)
    if expected_disagreement == 0:
        # Both raters used one and the same category for everyone: perfect agreement that
        # chance would also give. Kappa is 0/0; report the observed perfection as 1.0.
        if observed_disagreement == 0:
            return 1.0
        return None
    return float(1 - observed_disagreement / expected_disagreement)
