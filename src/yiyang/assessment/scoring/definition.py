"""Check that a scale definition has the shape scoring needs (docs/modules/assessment-scales.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from yiyang.assessment.scoring.result import Problem

METHODS = ("total_bands", "mzt039_combination", "ltc2021_matrix")


def check_definition(definition: Any) -> list[Problem]:
    """List what keeps `definition` from scoring: missing keys, duplicate codes, bad bands."""
    if not isinstance(definition, Mapping):
        return [Problem("definition_invalid", "definition")]
    problems = [
        Problem("definition_invalid", key)
        for key in ("code", "name", "method", "dimensions", "levels", "rules")
        if not definition.get(key)
    ]
    if problems:
        return problems
    if definition["method"] not in METHODS:
        return [Problem("definition_invalid", "method", definition["method"])]
    seen: set[str] = set()
    for dimension in definition["dimensions"]:
        for item in dimension.get("items") or []:
            code = str(item.get("code", ""))
            scores = [option.get("score") for option in item.get("options") or []]
            if not code or code in seen:
                problems.append(Problem("definition_invalid", f"items.{code}"))
            elif (
                not scores
                or len(set(scores)) != len(scores)
                or not all(isinstance(s, int) and not isinstance(s, bool) for s in scores)
            ):
                problems.append(Problem("definition_invalid", f"items.{code}.options"))
            seen.add(code)
        if not dimension.get("items"):
            problems.append(Problem("definition_invalid", f"dimensions.{dimension.get('code')}"))
    if not problems and definition["method"] == "total_bands":
        problems += _bands_cover_every_total(definition)
    return problems


def _bands_cover_every_total(definition: Mapping[str, Any]) -> list[Problem]:
    """Every possible total falls in exactly one level band (GB/T 42195 C.3)."""
    top = sum(
        max(option["score"] for option in item["options"])
        for dimension in definition["dimensions"]
        for item in dimension["items"]
    )
    for total in range(top + 1):
        holding = [
            band
            for band in definition["levels"]
            if band.get("min_total", 1) <= total <= band.get("max_total", -1)
        ]
        if len(holding) != 1:
            return [Problem("definition_invalid", "levels", total)]
    return []
