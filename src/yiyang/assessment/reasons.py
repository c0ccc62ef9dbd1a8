"""Sentences for scoring reasons and refusals: the Django side of the pure `scoring` package.

`scoring` returns machine codes (`{"rule": "coma", "level": 4}`, `Problem("answer_missing",
"answers.B.2.4")`); here they become translated sentences for the API, the pages and the report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from yiyang.assessment.errors import AssessmentError, ErrorCode
from yiyang.assessment.scoring import Problem, ScoringError

PROBLEM_CODES = {
    "answer_missing": ErrorCode.ANSWER_MISSING,
    "answer_out_of_range": ErrorCode.ANSWER_OUT_OF_RANGE,
    "answer_unknown_item": ErrorCode.ANSWER_UNKNOWN_ITEM,
    "diagnosis_invalid": ErrorCode.DIAGNOSIS_INVALID,
    "risk_event_invalid": ErrorCode.RISK_EVENT_INVALID,
    "risk_event_unknown": ErrorCode.RISK_EVENT_INVALID,
    "scale_unverified": ErrorCode.SCALE_UNVERIFIED,
    "definition_invalid": ErrorCode.SCALE_DEFINITION_INVALID,
}


class ScoringRefused(AssessmentError):
    """A refused scoring: the first problem as code/message/field, every problem in `errors`."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        first = errors[0]
        super().__init__(first["code"], first["message"], field=first["field"])
        self.errors = errors

    def as_dict(self) -> dict[str, Any]:
        return super().as_dict() | {"errors": self.errors}


def refusal(error: ScoringError, definition: Mapping[str, Any]) -> ScoringRefused:
    """Translate every problem of `error`, naming the item by its code and name."""
    return ScoringRefused(
        [
            {
                "code": str(PROBLEM_CODES.get(problem.code, ErrorCode.VALUE_INVALID)),
                "message": problem_message(problem, definition),
                "field": problem.field,
            }
            for problem in error.problems
        ]
    )


def _items(definition: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {
        item["code"]: item
        for dimension in definition.get("dimensions", [])
        for item in dimension.get("items", [])
    }


def problem_message(problem: Problem, definition: Mapping[str, Any]) -> str:
    """Say in one sentence what is wrong and where (the item's code and name)."""
    item = _items(definition).get(problem.item, {})
    name = item.get("name", "")
    value = problem.value
    if problem.code == "answer_missing":
        return _("{item} {name}: not answered.").format(item=problem.item, name=name)
    if problem.code == "answer_out_of_range":
        options = "、".join(str(o["score"]) for o in item.get("options", []))
        return _("{item} {name}: {value} is not one of the scores ({options}).").format(
            item=problem.item, name=name, value=value, options=options
        )
    if problem.code == "answer_unknown_item":
        return _("{item}: this scale has no such item.").format(item=problem.item)
    if problem.code == "diagnosis_invalid":
        return _("{field}: “{value}” is not an ICD-10 code (for example F01 or F03.9).").format(
            field=problem.field, value=value
        )
    kind = problem.field.rsplit(".", 1)[-1]
    if problem.code == "risk_event_invalid":
        return _("Care-risk event “{kind}”: the count must be a whole number, 0 or more.").format(
            kind=kind
        )
    if problem.code == "risk_event_unknown":
        return _("“{kind}” is not a care-risk event type ({kinds}).").format(
            kind=kind, kinds=", ".join(definition.get("rules", {}).get("risk_events", []))
        )
    if problem.code == "scale_unverified":
        return _(
            "The scale {scale} has rules marked “to verify”: it scores nothing until an administrator confirms them against the official text."
        ).format(scale=definition.get("code", ""))
    return _("The scale definition cannot score ({field}).").format(field=problem.field)


def reason_text(reason: Mapping[str, Any], definition: Mapping[str, Any]) -> str:
    """Say how one rule moved the level, naming levels as the scale version names them."""
    names = {level["level"]: level["name"] for level in definition.get("levels", [])}
    level_name = names.get(reason.get("level"), "")
    rule = reason.get("rule")
    if rule == "total_band":
        return _("Total {total} points: initial level {level_name}.").format(
            total=reason["total"], level_name=level_name
        )
    if rule == "dimension_grades":
        dimensions = {d["code"]: d["name"] for d in definition.get("dimensions", [])}
        grades = {g["grade"]: g["name"] for g in definition.get("grades", [])}
        parts = "；".join(
            f"{dimensions.get(code, code)} {grades.get(grade, grade)}"
            for code, grade in reason["grades"].items()
        )
        return _("Dimension grades: {grades}.").format(grades=parts)
    if rule == "combination":
        return _("By the combination table: initial level {level_name}.").format(
            level_name=level_name
        )
    if rule == "combination_fallback":
        return _(
            "No row of the combination table matches; by this scale's fallback rule the initial level is {level_name}."
        ).format(level_name=level_name)
    if rule == "matrix":
        return _("By the combination matrix: level {level_name}.").format(level_name=level_name)
    if rule == "coma":
        return _("Coma: the level is {level_name} directly, whatever the other rules.").format(
            level_name=level_name
        )
    if rule == "diagnosis" and reason.get("kind") == "dementia":
        return _("Diagnosed dementia ({icd10}): raised by {levels} level.").format(
            icd10=reason["icd10"], levels=reason["raise"]
        )
    if rule == "diagnosis":
        return _(
            "Mental and behavioural disorder ({icd10}) diagnosed by a psychiatric specialist: raised by {levels} level."
        ).format(icd10=reason["icd10"], levels=reason["raise"])
    if rule == "risk_events":
        return _(
            "{count} care-risk events in the last 30 days (from {threshold} on): raised by {levels} level."
        ).format(count=reason["count"], threshold=reason["threshold"], levels=reason["raise"])
    if rule == "single_raise":
        return _(
            "Diagnosis and care-risk events both hold: together they raise by {levels} level only."
        ).format(levels=reason["raise"])
    if rule == "cap":
        return _("The level cannot go above {level_name}.").format(
            level_name=names.get(reason["max_level"], reason["max_level"])
        )
    return str(rule)


def described(
    reasons: Sequence[Mapping[str, Any]], definition: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """Return the reasons with a `text` sentence added to each."""
    return [dict(reason) | {"text": reason_text(reason, definition)} for reason in reasons]
