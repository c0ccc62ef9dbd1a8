"""The 2021 long-term-care scale: shipped items and scores, and refused while unverified (§1.3).

No test asserts a [U] figure (the grade bands or the matrix): only the [C] items and scores, and
that the scale refuses to score until confirmed.
"""

from __future__ import annotations

import pytest

from tests.assessment.scoring_answers import LTC, best
from yiyang.assessment.scoring import ScoringError, score


def test_items_and_point_values():
    dims = {d["name"]: d for d in LTC["dimensions"]}
    assert list(dims) == ["日常生活活动能力", "认知能力", "感知觉与沟通能力"]
    assert sum(len(d["items"]) for d in LTC["dimensions"]) == 17
    totals = {
        n: sum(max(o["score"] for o in i["options"]) for i in d["items"]) for n, d in dims.items()
    }
    assert totals == {"日常生活活动能力": 100, "认知能力": 16, "感知觉与沟通能力": 12}
    adl = {
        i["name"]: sorted(o["score"] for o in i["options"])
        for i in dims["日常生活活动能力"]["items"]
    }
    assert adl == {
        "进食": [0, 5, 10],
        "穿衣": [0, 5, 10],
        "面部与口腔清洁": [0, 5],
        "大便控制": [0, 5, 10],
        "小便控制": [0, 5, 10],
        "用厕": [0, 5, 10],
        "平地行走": [0, 5, 10, 15],
        "床椅转移": [0, 5, 10, 15],
        "上下楼": [0, 5, 10],
        "洗澡": [0, 5],
    }
    assert [level["name"] for level in LTC["levels"]] == [
        "基本正常",
        "轻度失能",
        "中度失能",
        "重度失能Ⅰ级",
        "重度失能Ⅱ级",
        "重度失能Ⅲ级",
    ]


def test_unverified_figures_are_flagged_with_an_empty_source():
    assert LTC["verified"] is False
    assert LTC["matrix"]["verified"] is False
    assert all(d["grading"]["verified"] is False for d in LTC["dimensions"])
    assert LTC["source"] == ""
    assert LTC["to_verify"]


def test_shipped_scale_refuses_to_score():
    with pytest.raises(ScoringError) as refused:
        score(LTC, best(LTC))
    assert [(p.code, p.field) for p in refused.value.problems] == [("scale_unverified", "scale")]


def test_confirmed_scale_scores_through_its_matrix_and_checks_items():
    # given the definition an administrator confirmed (figures as then typed in)
    confirmed = LTC | {"verified": True}
    result = score(confirmed, best(LTC))
    # then dimension scores are the plain sums and the level comes from the matrix cell
    assert result.dimensions == {"1": 100, "2": 16, "3": 12}
    row, column = result.reasons[-1]["row"], result.reasons[-1]["column"]
    assert result.level == LTC["matrix"]["cells"][row][column]
    with pytest.raises(ScoringError) as refused:
        score(confirmed, best(LTC) | {"1.3": 10})
    assert [(p.code, p.field) for p in refused.value.problems] == [
        ("answer_out_of_range", "answers.1.3")
    ]
