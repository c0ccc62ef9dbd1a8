"""MZ/T 039-2013《老年人能力评估》: four dimension grades → combination table → changes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from yiyang.assessment.scoring.changes import apply_changes
from yiyang.assessment.scoring.inputs import (
    dementia_and_psychiatric,
    item_scores,
    refuse_if,
    risk_event_count,
)
from yiyang.assessment.scoring.result import Problem, ScoreResult, ScoringError


def score(
    definition: Mapping[str, Any],
    answers: Mapping[str, Any],
    *,
    coma: bool,
    diagnoses: list[Mapping[str, Any]],
    risk_events: Mapping[str, Any],
) -> ScoreResult:
    """Grade each dimension 0–3, combine the grades (MZ/T 039-2013 表2), then apply 5.3 changes.

    A coma is the `coma` flag or the 意识水平 item at 昏迷 (`rules.coma_item`); either gives
    重度失能 directly.
    """
    rules = definition["rules"]
    problems = item_scores(definition, answers)
    raising = dementia_and_psychiatric(rules, diagnoses, problems)
    events = risk_event_count(rules, risk_events, problems)
    refuse_if(problems)

    dimensions: dict[str, int] = {}
    grades: dict[str, int] = {}
    for dimension in definition["dimensions"]:
        code = dimension["code"]
        dimensions[code] = sum(answers[item["code"]] for item in dimension["items"])
        grades[code] = dimension_grade(dimension["grading"], dimensions[code], answers)
    initial, combination_reason = combine(definition, grades)
    names = {level["level"]: level["name"] for level in definition["levels"]}
    reasons: list[dict[str, Any]] = [
        {"rule": "dimension_grades", "grades": dict(grades)},
        combination_reason | {"level_name": names[initial]},
    ]
    coma_item = rules.get("coma_item")
    item_coma = bool(coma_item) and answers.get(coma_item["item"]) in coma_item["scores"]
    level, changes = apply_changes(
        rules, initial, coma=coma or item_coma, raising_diagnoses=raising, event_count=events
    )
    reasons += changes
    return ScoreResult(
        total=None,
        dimensions=dimensions,
        dimension_grades=grades,
        initial_level=initial,
        initial_level_name=names[initial],
        level=level,
        level_name=names[level],
        reasons=reasons,
    )


def dimension_grade(grading: Mapping[str, Any], total: int, answers: Mapping[str, Any]) -> int:
    """Grade one dimension by its score bands, or by its ordered rules (感知觉与沟通)."""
    if grading["method"] == "bands":
        for band in grading["bands"]:
            if band["min"] <= total <= band["max"]:
                return int(band["grade"])
    elif grading["method"] == "rules":
        # Rules are listed from the worst grade down; the first that holds decides.
        for rule in grading["rules"]:
            if any(_items_match(condition, answers) for condition in rule["when_any"]):
                return int(rule["grade"])
    raise ScoringError([Problem("definition_invalid", "grading", total)])


def _items_match(condition: Mapping[str, list[int]], answers: Mapping[str, Any]) -> bool:
    return all(answers[item] in scores for item, scores in condition.items())


def combine(definition: Mapping[str, Any], grades: Mapping[str, int]) -> tuple[int, dict[str, Any]]:
    """Return the initial level from the grades, and the reason naming the row or fallback.

    The rows of 表2 are tried from 重度失能 downwards and the first that holds decides (rows
    overlap: ADL 1 with grades 1, 3, 2 is both 轻度 and 中度; the more severe wins). The table
    leaves gaps (ADL 0 with only 社会参与 3; ADL 2 with no other dimension impaired, or all three
    at 1–2 but not all at 2); the scale's `rules.combination_fallback` decides those.
    """
    for row in definition["levels"]:
        for index, condition in enumerate(row.get("when_any", [])):
            if _grades_match(condition, grades):
                return int(row["level"]), {
                    "rule": "combination",
                    "level": int(row["level"]),
                    "row": index,
                }
    fallback = definition["rules"]["combination_fallback"]
    level = grades[fallback["adl_dimension"]]
    others_impaired = any(
        grade >= 1 for code, grade in grades.items() if code != fallback["adl_dimension"]
    )
    if others_impaired:
        level = max(level, int(fallback["min_level_if_other_impaired"]))
    return level, {"rule": "combination_fallback", "level": level}


def _grades_match(condition: Mapping[str, Any], grades: Mapping[str, int]) -> bool:
    for code, allowed in condition.get("grades", {}).items():
        if grades[code] not in allowed:
            return False
    count = condition.get("count")
    if count:
        hits = sum(1 for code in count["dimensions"] if grades[code] in count["grades"])
        if hits < count.get("min", 0) or hits > count.get("max", len(count["dimensions"])):
            return False
    return True
