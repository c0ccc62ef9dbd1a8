"""Score an ability assessment from a scale definition and answers: a pure function, no Django.

`score(definition, answers, coma=, diagnoses=, risk_events=)` dispatches on the definition's
`method` (docs/modules/assessment-scales.md describes the shape):

- "total_bands": GB/T 42195-2022 (total → initial level, then C.4 level changes);
- "mzt039_combination": MZ/T 039-2013 (four dimension grades → combination table → changes);
- "ltc2021_matrix": 长期护理失能等级评估标准（试行）2021 (refused while unverified).

Bad input raises `ScoringError` listing every problem with the item it concerns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from yiyang.assessment.scoring.result import Problem, ScoreResult, ScoringError

__all__ = ["Problem", "ScoreResult", "ScoringError", "item_codes", "score"]


def score(
    definition: Mapping[str, Any],
    answers: Mapping[str, Any],
    *,
    coma: bool = False,
    diagnoses: Iterable[Mapping[str, Any]] = (),
    risk_events: Mapping[str, Any] | None = None,
) -> ScoreResult:
    """Score `answers` on the scale `definition`; raise ScoringError naming every bad item."""
    from yiyang.assessment.scoring import gbt42195, ltc2021, mzt039

    methods = {
        "total_bands": gbt42195.score,
        "mzt039_combination": mzt039.score,
        "ltc2021_matrix": ltc2021.score,
    }
    method = methods.get(str(definition.get("method")))
    if method is None:
        raise ScoringError([Problem("definition_invalid", "scale", str(definition.get("method")))])
    if definition.get("verified", True) is not True:
        raise ScoringError([Problem("scale_unverified", "scale", str(definition.get("code")))])
    return method(
        definition,
        answers,
        coma=bool(coma),
        diagnoses=list(diagnoses or ()),
        risk_events=dict(risk_events or {}),
    )


def item_codes(definition: Mapping[str, Any]) -> list[str]:
    """Return every item code of the scale in the order of its tables."""
    return [item["code"] for dimension in definition["dimensions"] for item in dimension["items"]]
