"""What scoring returns and how it refuses (no Django: the API layer translates)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One refused input: a stable English code, the field it concerns, the offending value.

    `field` uses the API's paths: "answers.B.2.4", "diagnoses.0.icd10", "risk_events_30d.fall",
    "scale".
    """

    code: str
    field: str
    value: Any = None

    @property
    def item(self) -> str:
        """The item code for answer problems ("B.2.4"), else the field."""
        return self.field.removeprefix("answers.")


class ScoringError(ValueError):
    """The answers cannot be scored; `problems` lists every reason, in table order."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.code} {p.field}" for p in problems))
        self.problems = problems


@dataclass
class ScoreResult:
    """Dimension scores, total, levels and the reasons that decided the level.

    `reasons` are structured (`{"rule": "total_band", "total": 70, "level": 1, …}`); the
    Django side turns them into sentences (yiyang.assessment.reasons).
    """

    total: int | None
    dimensions: dict[str, int]
    initial_level: int
    level: int
    level_name: str
    reasons: list[dict[str, Any]] = field(default_factory=list)
    dimension_grades: dict[str, int] = field(default_factory=dict)
    initial_level_name: str = ""
