"""GB/T 42195-2022《老年人能力评估规范》: total of 26 items → initial level → C.4 changes."""

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
    """Score on the total bands of GB/T 42195-2022 C.3 and the level changes of C.4.

    The total is the plain sum of the item scores (B.1–B.4 sub-totals reported); the initial
    level is the band holding the total (90 → 0, 66–89 → 1, 46–65 → 2, 30–45 → 3, 0–29 → 4).
    """
    rules = definition["rules"]
    problems = item_scores(definition, answers)
    raising = dementia_and_psychiatric(rules, diagnoses, problems)
    events = risk_event_count(rules, risk_events, problems)
    refuse_if(problems)

    dimensions = {
        dimension["code"]: sum(answers[item["code"]] for item in dimension["items"])
        for dimension in definition["dimensions"]
    }
    total = sum(dimensions.values())
    band = band_of(definition["levels"], total)
    names = {band["level"]: band["name"] for band in definition["levels"]}
    initial = int(band["level"])
    reasons: list[dict[str, Any]] = [
        {"rule": "total_band", "total": total, "level": initial, "level_name": band["name"]}
    ]
    level, changes = apply_changes(
        rules, initial, coma=coma, raising_diagnoses=raising, event_count=events
    )
    reasons += changes
    return ScoreResult(
        total=total,
        dimensions=dimensions,
        initial_level=initial,
        initial_level_name=band["name"],
        level=level,
        level_name=names[level],
        reasons=reasons,
    )


def band_of(levels: list[Mapping[str, Any]], total: int) -> Mapping[str, Any]:
    """Return the level band whose [min_total, max_total] holds `total`."""
    for band in levels:
        if band["min_total"] <= total <= band["max_total"]:
            return band
    raise ScoringError([Problem("definition_invalid", "levels", total)])
