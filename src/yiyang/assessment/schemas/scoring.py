"""Schemas of the stateless scoring API and the scale list (`/assessments/score`, `/scales`)."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import Field


class DiagnosisIn(Schema):
    """A.4 疾病诊断: an ICD-10 code, and whether a psychiatric specialist made the diagnosis."""

    icd10: str = Field(..., description="ICD-10 code, e.g. F01 or F03.9.")
    psychiatric_specialist: bool = False


class ScoreIn(Schema):
    """Answers to score on the published version of a scale."""

    scale: str = Field(..., description="Scale code, e.g. “GB/T 42195-2022”.")
    # Values are checked by the scoring rules, so a wrong one is named with its item.
    answers: dict[str, Any] = Field(..., description='Item code → score, e.g. {"B.1.1": 4}.')
    coma: bool = Field(False, description="A.5.11 昏迷: true gives the lowest level directly.")
    diagnoses: list[DiagnosisIn] = Field(default_factory=list)
    risk_events_30d: dict[str, Any] = Field(
        default_factory=dict,
        description="A.2.14 care-risk events of the last 30 days by type (fall, choking, suicide, self_harm, wandering, other) → count.",
    )


class ScoreOut(Schema):
    scale: str
    version: int
    total: int | None = Field(
        ..., description="Sum of the items (GB/T 42195); null for MZ/T and LTC."
    )
    dimensions: dict[str, int]
    dimension_grades: dict[str, int] = Field(
        ..., description="Grade 0–3 of each dimension (MZ/T 039, LTC 2021); empty for GB/T 42195."
    )
    initial_level: int
    level: int
    level_name: str
    reasons: list[dict[str, Any]] = Field(
        ...,
        description="How the level was decided, in order: each has `rule` (machine code), `text` (a translated sentence) and the rule's figures.",
    )


class ScaleOut(Schema):
    """A scale version as scoring uses it: items, options, level rules."""

    code: str
    version: int
    name: str
    status: str
    is_verified: bool
    usable: bool = Field(..., description="True when answers on this scale can be scored.")
    source: str
    method: str
    to_verify: str
    dimensions: list[dict[str, Any]]
    levels: list[dict[str, Any]]
    rules: dict[str, Any]
