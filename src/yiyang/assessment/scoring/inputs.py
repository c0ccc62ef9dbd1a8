"""Check answers, diagnoses and risk events against a scale definition (shared by all methods)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from yiyang.assessment.scoring.result import Problem, ScoringError

# ICD-10 category with an optional subdivision: F00, F03.9, I10, E11.2 (GB/T 42195 A.4).
ICD10 = re.compile(r"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$")


def item_scores(definition: Mapping[str, Any], answers: Mapping[str, Any]) -> list[Problem]:
    """List what is wrong with `answers`: missing, unknown and out-of-range items."""
    problems: list[Problem] = []
    known: set[str] = set()
    for dimension in definition["dimensions"]:
        for item in dimension["items"]:
            code = item["code"]
            known.add(code)
            if code not in answers or answers[code] is None:
                problems.append(Problem("answer_missing", f"answers.{code}"))
                continue
            value = answers[code]
            allowed = {option["score"] for option in item["options"]}
            # bool is an int in Python; True is not a score.
            if not isinstance(value, int) or isinstance(value, bool) or value not in allowed:
                problems.append(Problem("answer_out_of_range", f"answers.{code}", value))
    problems += [
        Problem("answer_unknown_item", f"answers.{code}", answers[code])
        for code in answers
        if code not in known
    ]
    return problems


def dementia_and_psychiatric(
    rules: Mapping[str, Any], diagnoses: list[Mapping[str, Any]], problems: list[Problem]
) -> list[dict[str, Any]]:
    """Return the diagnoses that raise the level (GB/T 42195 C.4 b), noting bad codes.

    Dementia (F00–F03) raises whoever diagnosed it; another mental and behavioural disorder
    (F04–F99) only when a psychiatric specialist diagnosed it.
    """
    dementia = set(rules.get("dementia_icd10", []))
    low, high = rules.get("psychiatric_icd10_range", ["F04", "F99"])
    raising: list[dict[str, Any]] = []
    for index, diagnosis in enumerate(diagnoses):
        raw = diagnosis.get("icd10") if isinstance(diagnosis, Mapping) else None
        code = str(raw or "").strip().upper()
        if not ICD10.match(code):
            problems.append(Problem("diagnosis_invalid", f"diagnoses.{index}.icd10", raw))
            continue
        category = code[:3]
        if category in dementia:
            raising.append({"icd10": code, "kind": "dementia"})
        elif low <= category <= high and diagnosis.get("psychiatric_specialist") is True:
            raising.append({"icd10": code, "kind": "psychiatric"})
    return raising


def risk_event_count(
    rules: Mapping[str, Any], risk_events: Mapping[str, Any], problems: list[Problem]
) -> int:
    """Sum the care-risk events of the last 30 days across types (project decision, §1.1)."""
    kinds = set(rules.get("risk_events", []))
    total = 0
    for kind, count in risk_events.items():
        field = f"risk_events_30d.{kind}"
        if kind not in kinds:
            problems.append(Problem("risk_event_unknown", field, count))
        elif not isinstance(count, int) or isinstance(count, bool) or count < 0:
            problems.append(Problem("risk_event_invalid", field, count))
        else:
            total += count
    return total


def refuse_if(problems: list[Problem]) -> None:
    if problems:
        raise ScoringError(problems)
