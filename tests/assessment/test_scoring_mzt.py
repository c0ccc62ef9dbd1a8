"""MZ/T 039-2013 scoring: dimension grades, the combination table and its fallback (§1.2, rule 12)."""

from __future__ import annotations

import itertools

import pytest

from tests.assessment.scoring_answers import MZT, best
from yiyang.assessment.scoring import ScoringError, score
from yiyang.assessment.scoring.mzt039 import combine, dimension_grade

DIMENSIONS = {d["code"]: d for d in MZT["dimensions"]}
ADL_ITEMS = [f"B.1.{n}" for n in range(1, 11)]


def grade(code: str, total: int, answers: dict | None = None) -> int:
    return dimension_grade(DIMENSIONS[code]["grading"], total, answers or {})


def adl_answers(total: int) -> dict[str, int]:
    """ADL items (Barthel) lowered in steps of 5 from 100 to reach `total`."""
    answers = best(MZT)
    deficit = 100 - total
    for code in ADL_ITEMS:
        cut = min(deficit, answers[code])
        answers[code] -= cut
        deficit -= cut
    return answers


def test_shipped_items_and_maxima():
    assert [len(d["items"]) for d in MZT["dimensions"]] == [10, 3, 4, 5]
    maxima = [
        sum(max(o["score"] for o in i["options"]) for i in d["items"]) for d in MZT["dimensions"]
    ]
    assert maxima == [100, 6, 14, 20]
    assert [d["max"] for d in MZT["dimensions"]] == maxima
    barthel = {
        i["name"]: sorted(o["score"] for o in i["options"]) for i in DIMENSIONS["B.1"]["items"]
    }
    assert barthel == {
        "进食": [0, 5, 10],
        "洗澡": [0, 5],
        "修饰": [0, 5],
        "穿衣": [0, 5, 10],
        "大便控制": [0, 5, 10],
        "小便控制": [0, 5, 10],
        "如厕": [0, 5, 10],
        "床椅转移": [0, 5, 10, 15],
        "平地行走": [0, 5, 10, 15],
        "上下楼梯": [0, 5, 10],
    }


# --- rule 12: dimension grades ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "expected"), [(100, 0), (95, 1), (65, 1), (60, 2), (45, 2), (40, 3), (0, 3)]
)
def test_adl_grade(total, expected):
    assert grade("B.1", total) == expected
    result = score(MZT, adl_answers(total))
    assert (result.dimensions["B.1"], result.dimension_grades["B.1"]) == (total, expected)


@pytest.mark.parametrize(("total", "expected"), [(0, 0), (1, 1), (2, 2), (3, 2), (4, 3), (6, 3)])
def test_mental_state_grade(total, expected):
    assert grade("B.2", total) == expected


@pytest.mark.parametrize(
    ("total", "expected"), [(0, 0), (2, 0), (3, 1), (7, 1), (8, 2), (13, 2), (14, 3), (20, 3)]
)
def test_social_participation_grade(total, expected):
    assert grade("B.4", total) == expected


@pytest.mark.parametrize(
    ("consciousness", "vision", "hearing", "communication", "expected"),
    [
        (0, 0, 0, 0, 0),
        (0, 1, 1, 0, 0),
        (0, 2, 0, 0, 1),
        (0, 0, 2, 0, 1),
        (0, 0, 0, 1, 1),
        (0, 3, 0, 0, 2),
        (0, 0, 3, 0, 2),
        (0, 0, 0, 2, 2),
        (1, 0, 0, 0, 2),
        (1, 3, 3, 2, 2),
        (0, 4, 0, 0, 3),
        (1, 0, 4, 0, 3),
        (0, 0, 0, 3, 3),
        (2, 0, 0, 0, 3),
        (3, 0, 0, 0, 3),
    ],
)
def test_sensory_and_communication_grade_by_rule(
    consciousness, vision, hearing, communication, expected
):
    answers = {"B.3.1": consciousness, "B.3.2": vision, "B.3.3": hearing, "B.3.4": communication}
    assert grade("B.3", 0, answers) == expected


def test_sensory_rules_grade_every_combination():
    # the ordered rules are a total function over all 4 × 5 × 5 × 4 answers
    for values in itertools.product(range(4), range(5), range(5), range(4)):
        answers = dict(zip(["B.3.1", "B.3.2", "B.3.3", "B.3.4"], values, strict=True))
        assert grade("B.3", 0, answers) in (0, 1, 2, 3)


# --- the combination table (表2), row by row ----------------------------------------------------


def level_of(adl: int, mental: int, sensory: int, social: int) -> tuple[int, str]:
    level, reason = combine(MZT, {"B.1": adl, "B.2": mental, "B.3": sensory, "B.4": social})
    return level, reason["rule"]


@pytest.mark.parametrize(
    ("grades", "expected"),
    [
        # 能力完好: ADL, mental, sensory 0 and social 0–1
        ((0, 0, 0, 0), 0),
        ((0, 0, 0, 1), 0),
        # 轻度: ADL 0 with mental or sensory ≥ 1, or social 2
        ((0, 1, 0, 0), 1),
        ((0, 0, 3, 3), 1),
        ((0, 3, 0, 0), 1),
        ((0, 0, 0, 2), 1),
        # 轻度: ADL 1 with at least one other at 0–1 (and none at 3)
        ((1, 0, 0, 0), 1),
        ((1, 1, 2, 2), 1),
        # 中度: ADL 1 with the others all 2, or one of them 3
        ((1, 2, 2, 2), 2),
        ((1, 3, 0, 0), 2),
        ((1, 1, 3, 2), 2),
        # 中度: ADL 2 with one or two others at 1–2
        ((2, 1, 0, 0), 2),
        ((2, 2, 2, 0), 2),
        # 重度: ADL 3; all four at 2; ADL 2 with at least one other at 3
        ((3, 0, 0, 0), 3),
        ((3, 3, 3, 3), 3),
        ((2, 2, 2, 2), 3),
        ((2, 0, 0, 3), 3),
    ],
)
def test_combination_rows(grades, expected):
    assert level_of(*grades) == (expected, "combination")


# The combinations no row of 表2 matches, and the project's fallback: the ADL grade's level,
# at least 轻度失能 when another dimension is impaired (rules.combination_fallback).
GAPS = {
    (0, 0, 0, 3): 1,
    (2, 0, 0, 0): 2,
    (2, 1, 1, 1): 2,
    (2, 1, 1, 2): 2,
    (2, 1, 2, 1): 2,
    (2, 2, 1, 1): 2,
    (2, 1, 2, 2): 2,
    (2, 2, 1, 2): 2,
    (2, 2, 2, 1): 2,
}


def test_fallback_decides_exactly_the_gaps_of_the_table():
    fell_back = {
        grades: level_of(*grades)[0]
        for grades in itertools.product(range(4), repeat=4)
        if level_of(*grades)[1] == "combination_fallback"
    }
    assert fell_back == GAPS


def test_fallback_is_written_in_the_scale_rules():
    fallback = MZT["rules"]["combination_fallback"]
    assert fallback["method"] == "adl_grade_at_least"
    assert fallback["adl_dimension"] == "B.1"
    assert fallback["min_level_if_other_impaired"] == 1
    assert "日常生活活动" in fallback["text"]


def test_fallback_reason_in_a_full_score():
    answers = best(MZT) | {"B.4.1": 4, "B.4.2": 4, "B.4.3": 4, "B.4.4": 2}  # social 14 → grade 3
    result = score(MZT, answers)
    assert result.dimension_grades == {"B.1": 0, "B.2": 0, "B.3": 0, "B.4": 3}
    assert (result.initial_level, result.level, result.level_name) == (1, 1, "轻度失能")
    assert result.reasons[1] == {
        "rule": "combination_fallback",
        "level": 1,
        "level_name": "轻度失能",
    }


# --- changes (5.3) ------------------------------------------------------------------------------


def test_severe_with_dementia_stays_severe():
    result = score(MZT, adl_answers(40), diagnoses=[{"icd10": "F03"}])
    assert (result.initial_level, result.level, result.level_name) == (3, 3, "重度失能")
    assert result.reasons[-1] == {"rule": "cap", "max_level": 3, "uncapped": 4}


def test_dementia_raises_mild_to_moderate():
    result = score(MZT, adl_answers(95), diagnoses=[{"icd10": "F01"}])
    assert (result.initial_level, result.level, result.level_name) == (1, 2, "中度失能")


def test_two_falls_and_wandering_raise_one_level_in_total():
    result = score(MZT, adl_answers(95), diagnoses=[{"icd10": "F00"}], risk_events={"fall": 2})
    assert result.level == 2


def test_coma_item_gives_severe_directly():
    result = score(MZT, best(MZT) | {"B.3.1": 3})
    assert result.level == 3
    assert result.reasons[-1] == {"rule": "coma", "level": 3}


def test_coma_flag_gives_severe_directly():
    result = score(MZT, best(MZT), coma=True)
    assert (result.initial_level, result.level) == (0, 3)


def test_out_of_range_mzt_answer_is_refused():
    with pytest.raises(ScoringError) as refused:
        score(MZT, best(MZT) | {"B.1.2": 10, "B.3.2": 5})
    assert [(p.code, p.field) for p in refused.value.problems] == [
        ("answer_out_of_range", "answers.B.1.2"),
        ("answer_out_of_range", "answers.B.3.2"),
    ]
