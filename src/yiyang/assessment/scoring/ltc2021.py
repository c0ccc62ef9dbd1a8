"""长期护理失能等级评估标准（试行）(医保办发〔2021〕37号): indicator grades → matrix → level 0–5.

The grade bands and the matrix are marked [U] in domain-rules §1.3; `score()` refuses a
definition whose `verified` is not true before this module is reached, so these figures only
score once an administrator has confirmed them against the official attachment.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from yiyang.assessment.scoring.inputs import item_scores, refuse_if
from yiyang.assessment.scoring.mzt039 import dimension_grade
from yiyang.assessment.scoring.result import Problem, ScoreResult, ScoringError


def score(
    definition: Mapping[str, Any],
    answers: Mapping[str, Any],
    *,
    coma: bool,
    diagnoses: list[Mapping[str, Any]],
    risk_events: Mapping[str, Any],
) -> ScoreResult:
    """Grade the three indicators, then read the level from the matrix (组合法).

    The matrix row is the ADL grade, the column the worse of the cognition and the
    sensory-and-communication grades (`matrix.rows` / `matrix.columns_from` in the data). The
    2021 standard has no coma, diagnosis or risk-event changes; those inputs are ignored.
    """
    refuse_if(item_scores(definition, answers))
    dimensions: dict[str, int] = {}
    grades: dict[str, int] = {}
    for dimension in definition["dimensions"]:
        code = dimension["code"]
        dimensions[code] = sum(answers[item["code"]] for item in dimension["items"])
        grades[code] = dimension_grade(dimension["grading"], dimensions[code], answers)
    matrix = definition["matrix"]
    row = grades[matrix["rows"]]
    column = max(grades[code] for code in matrix["columns_from"])
    try:
        level = int(matrix["cells"][row][column])
    except (IndexError, TypeError, ValueError):
        raise ScoringError([Problem("definition_invalid", "matrix", [row, column])]) from None
    names = {entry["level"]: entry["name"] for entry in definition["levels"]}
    return ScoreResult(
        total=None,
        dimensions=dimensions,
        dimension_grades=grades,
        initial_level=level,
        initial_level_name=names[level],
        level=level,
        level_name=names[level],
        reasons=[
            {"rule": "dimension_grades", "grades": dict(grades)},
            {"rule": "matrix", "row": row, "column": column, "level": level},
        ],
    )
