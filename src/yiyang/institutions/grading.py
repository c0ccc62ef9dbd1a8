"""Score a GB/T 37276 grade assessment sheet: pure rules, no Django.

The sheet (parts, items, maximum points) and the minimum scores per grade are data from a
`GradeScheme`; nothing here knows the standard's numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


@dataclass(frozen=True)
class ItemProblem:
    item_code: str
    reason: str  # "missing", "not_a_number", "out_of_range"


@dataclass(frozen=True)
class Sheet:
    scores: dict[str, Decimal]
    section_totals: dict[str, Decimal]
    total: Decimal


def score_sheet(sections: list[dict], raw: Mapping[str, object]) -> Sheet | list[ItemProblem]:
    """Check every item's points (0 to its maximum, at most one decimal) and add them up per part.

    Returns the problems instead when any item is missing or out of range, so a form can mark
    each bad item at once.
    """
    problems: list[ItemProblem] = []
    scores: dict[str, Decimal] = {}
    totals: dict[str, Decimal] = {}
    for section in sections:
        subtotal = Decimal(0)
        for item in section["items"]:
            code = item["code"]
            value = raw.get(code)
            if value is None or str(value).strip() == "":
                problems.append(ItemProblem(code, "missing"))
                continue
            try:
                points = Decimal(str(value).strip())
            except InvalidOperation:
                problems.append(ItemProblem(code, "not_a_number"))
                continue
            if not points.is_finite() or points.as_tuple().exponent < -1:  # type: ignore[operator]
                problems.append(ItemProblem(code, "not_a_number"))
                continue
            if points < 0 or points > Decimal(str(item["max_points"])):
                problems.append(ItemProblem(code, "out_of_range"))
                continue
            scores[code] = points
            subtotal += points
        totals[section["code"]] = subtotal
    if problems:
        return problems
    return Sheet(scores=scores, section_totals=totals, total=sum(totals.values(), Decimal(0)))


def grade_for(
    section_totals: dict[str, Decimal], total: Decimal, thresholds: list[dict], *, eligible: bool
) -> int | None:
    """The highest grade whose minimum total and minimum per part all hold; none when the basic
    requirements (lawful filing, fire safety, no major accident) do not all hold."""
    if not eligible:
        return None
    for row in sorted(thresholds, key=lambda row: -int(row["grade"])):
        if total < Decimal(str(row["min_total"])):
            continue
        minimums = row.get("min_sections") or {}
        if all(
            section_totals.get(code, Decimal(0)) >= Decimal(str(points))
            for code, points in minimums.items()
        ):
            return int(row["grade"])
    return None


def section_maximums(sections: list[dict]) -> dict[str, Decimal]:
    return {
        section["code"]: sum(
            (Decimal(str(item["max_points"])) for item in section["items"]), Decimal(0)
        )
        for section in sections
    }
