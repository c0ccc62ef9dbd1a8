"""GB/T 42195-2022 scoring, item by item and rule by rule (domain-rules §1.1, §7 rules 6–11)."""

from __future__ import annotations

import pytest

from tests.assessment.scoring_answers import GBT, best, gbt_total, items
from yiyang.assessment.scoring import ScoringError, item_codes, score


def problems_of(answers, **kwargs) -> list[tuple[str, str]]:
    with pytest.raises(ScoringError) as refused:
        score(GBT, answers, **kwargs)
    return [(p.code, p.field) for p in refused.value.problems]


# --- the scale as shipped -----------------------------------------------------------------------


def test_shipped_scale_has_26_items_with_the_standards_maxima():
    # given the shipped definition
    maxima = {
        d["code"]: sum(max(o["score"] for o in i["options"]) for i in d["items"])
        for d in GBT["dimensions"]
    }
    # then 8 + 4 + 9 + 5 items, maxima 32/15/28/15 = 90, and every option ladder is 0..max
    assert [len(d["items"]) for d in GBT["dimensions"]] == [8, 4, 9, 5]
    assert maxima == {"B.1": 32, "B.2": 15, "B.3": 28, "B.4": 15}
    assert {d["code"]: d["max"] for d in GBT["dimensions"]} == maxima
    assert GBT["total_max"] == 90
    for item in items(GBT):
        scores = sorted(o["score"] for o in item["options"])
        assert scores == list(range(len(scores))), item["code"]
    assert item_codes(GBT)[0] == "B.1.1"
    assert item_codes(GBT)[-1] == "B.4.5"


@pytest.mark.parametrize(
    ("code", "top"),
    [
        ("B.2.4", 3),
        ("B.3.7", 1),
        ("B.3.8", 1),
        ("B.3.9", 2),
        ("B.4.1", 2),
        ("B.4.2", 2),
        ("B.4.4", 3),
    ],
)
def test_short_ladders_end_where_the_standard_ends(code, top):
    item = next(i for i in items(GBT) if i["code"] == code)
    assert max(o["score"] for o in item["options"]) == top


# --- rule 6: maximum ----------------------------------------------------------------------------


def test_all_items_at_maximum_give_90_and_level_0():
    result = score(GBT, best(GBT))
    assert result.total == 90
    assert result.dimensions == {"B.1": 32, "B.2": 15, "B.3": 28, "B.4": 15}
    assert (result.initial_level, result.level, result.level_name) == (0, 0, "能力完好")
    assert result.reasons == [
        {"rule": "total_band", "total": 90, "level": 0, "level_name": "能力完好"}
    ]


# --- rule 7: every band edge --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "level", "name"),
    [
        (90, 0, "能力完好"),
        (89, 1, "能力轻度受损（轻度失能）"),
        (66, 1, "能力轻度受损（轻度失能）"),
        (65, 2, "能力中度受损（中度失能）"),
        (46, 2, "能力中度受损（中度失能）"),
        (45, 3, "能力重度受损（重度失能）"),
        (30, 3, "能力重度受损（重度失能）"),
        (29, 4, "能力完全丧失（完全失能）"),
        (0, 4, "能力完全丧失（完全失能）"),
    ],
)
def test_total_decides_the_initial_level_at_every_edge(total, level, name):
    result = score(GBT, gbt_total(total))
    assert (result.total, result.initial_level, result.level, result.level_name) == (
        total,
        level,
        level,
        name,
    )
    assert result.reasons[0] == {
        "rule": "total_band",
        "total": total,
        "level": level,
        "level_name": name,
    }


# --- rule 8: item ranges ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "value"),
    [("B.2.4", 4), ("B.4.4", 4), ("B.4.1", 3), ("B.3.7", 2), ("B.3.9", 3), ("B.1.1", 5)],
)
def test_score_above_the_items_ladder_is_refused_naming_the_item(code, value):
    answers = best(GBT) | {code: value}
    assert problems_of(answers) == [("answer_out_of_range", f"answers.{code}")]


@pytest.mark.parametrize("value", [-1, 1.5, "4", True, None])
def test_score_that_is_not_an_option_is_refused(value):
    answers = best(GBT) | {"B.1.2": value}
    expected = "answer_missing" if value is None else "answer_out_of_range"
    assert problems_of(answers) == [(expected, "answers.B.1.2")]


def test_every_item_refuses_one_above_its_top_and_accepts_every_option():
    for item in items(GBT):
        top = max(o["score"] for o in item["options"])
        assert problems_of(best(GBT) | {item["code"]: top + 1}) == [
            ("answer_out_of_range", f"answers.{item['code']}")
        ]
        for option in item["options"]:
            answers = best(GBT) | {item["code"]: option["score"]}
            assert score(GBT, answers).total == 90 - top + option["score"]


def test_25_of_26_items_is_incomplete_naming_the_missing_one():
    answers = best(GBT)
    del answers["B.3.4"]
    assert problems_of(answers) == [("answer_missing", "answers.B.3.4")]


def test_unknown_item_is_refused():
    assert problems_of(best(GBT) | {"B.5.1": 1}) == [("answer_unknown_item", "answers.B.5.1")]


def test_every_problem_is_listed_at_once_in_table_order():
    answers = best(GBT) | {"B.4.4": 4, "B.9": 0}
    del answers["B.1.3"]
    assert problems_of(
        answers,
        diagnoses=[{"icd10": "F01"}, {"icd10": "痴呆"}],
        risk_events={"fall": -1, "flood": 1},
    ) == [
        ("answer_missing", "answers.B.1.3"),
        ("answer_out_of_range", "answers.B.4.4"),
        ("answer_unknown_item", "answers.B.9"),
        ("diagnosis_invalid", "diagnoses.1.icd10"),
        ("risk_event_invalid", "risk_events_30d.fall"),
        ("risk_event_unknown", "risk_events_30d.flood"),
    ]


# --- rule 9: coma -------------------------------------------------------------------------------


def test_coma_gives_level_4_from_total_70():
    result = score(GBT, gbt_total(70), coma=True)
    assert (result.total, result.initial_level, result.level) == (70, 1, 4)
    assert result.level_name == "能力完全丧失（完全失能）"
    assert result.reasons[1:] == [{"rule": "coma", "level": 4}]


def test_coma_ignores_diagnoses_and_risk_events():
    result = score(
        GBT, gbt_total(70), coma=True, diagnoses=[{"icd10": "F00"}], risk_events={"fall": 3}
    )
    assert result.level == 4
    assert [r["rule"] for r in result.reasons] == ["total_band", "coma"]


def test_consciousness_item_at_0_without_coma_does_not_override():
    # B.3.9 意识水平 0 (昏睡 or 昏迷 on the form) but A.5.11 昏迷 = 无
    answers = best(GBT) | {"B.3.9": 0, "B.1.1": 0, "B.1.2": 0, "B.1.3": 0, "B.1.4": 0, "B.1.5": 2}
    result = score(GBT, answers)
    assert (result.total, result.level) == (70, 1)
    assert [r["rule"] for r in result.reasons] == ["total_band"]


# --- rule 10: diagnoses -------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["F00", "F01", "F02", "F03", "F03.9", "f01"])
def test_dementia_raises_one_level(code):
    result = score(GBT, gbt_total(70), diagnoses=[{"icd10": code, "psychiatric_specialist": False}])
    assert (result.initial_level, result.level) == (1, 2)
    assert result.level_name == "能力中度受损（中度失能）"
    assert result.reasons[1]["rule"] == "diagnosis"
    assert result.reasons[1]["kind"] == "dementia"
    assert result.reasons[1]["icd10"] == code.upper()


def test_other_mental_disorder_by_a_psychiatrist_raises_one_level():
    result = score(GBT, gbt_total(70), diagnoses=[{"icd10": "F32", "psychiatric_specialist": True}])
    assert result.level == 2
    assert result.reasons[1] == {
        "rule": "diagnosis",
        "icd10": "F32",
        "kind": "psychiatric",
        "codes": ["F32"],
        "raise": 1,
    }


@pytest.mark.parametrize(
    "diagnosis",
    [
        {"icd10": "F32", "psychiatric_specialist": False},
        {"icd10": "F32"},
        {"icd10": "I10", "psychiatric_specialist": True},
        {"icd10": "G30", "psychiatric_specialist": True},
    ],
)
def test_diagnoses_that_do_not_raise(diagnosis):
    result = score(GBT, gbt_total(70), diagnoses=[diagnosis])
    assert result.level == 1
    assert [r["rule"] for r in result.reasons] == ["total_band"]


def test_dementia_at_level_4_stays_at_4_with_a_cap_reason():
    result = score(GBT, gbt_total(20), diagnoses=[{"icd10": "F03"}])
    assert (result.initial_level, result.level) == (4, 4)
    assert result.reasons[-1] == {"rule": "cap", "max_level": 4, "uncapped": 5}


@pytest.mark.parametrize("code", ["F0", "F001", "00F", "", "F00.12345", None])
def test_malformed_icd10_is_refused(code):
    assert problems_of(best(GBT), diagnoses=[{"icd10": code}]) == [
        ("diagnosis_invalid", "diagnoses.0.icd10")
    ]


# --- rule 11: care-risk events ------------------------------------------------------------------


def test_two_events_of_different_types_are_summed_and_raise():
    result = score(GBT, gbt_total(88), risk_events={"fall": 1, "wandering": 1})
    assert (result.initial_level, result.level) == (1, 2)
    assert result.reasons[1] == {"rule": "risk_events", "count": 2, "threshold": 2, "raise": 1}


def test_one_event_does_not_raise():
    result = score(GBT, gbt_total(88), risk_events={"fall": 1, "choking": 0})
    assert result.level == 1


def test_dementia_and_two_falls_raise_one_level_in_total():
    result = score(GBT, gbt_total(88), diagnoses=[{"icd10": "F00"}], risk_events={"fall": 2})
    assert (result.initial_level, result.level) == (1, 2)
    assert [r["rule"] for r in result.reasons] == [
        "total_band",
        "diagnosis",
        "risk_events",
        "single_raise",
    ]


def test_raises_stack_when_the_scale_version_says_so():
    stacking = GBT | {"rules": GBT["rules"] | {"raises_stack": True}}
    result = score(stacking, gbt_total(88), diagnoses=[{"icd10": "F00"}], risk_events={"fall": 2})
    assert result.level == 3


def test_risk_events_at_level_3_cap_at_4():
    result = score(
        GBT, gbt_total(30), diagnoses=[{"icd10": "F01"}], risk_events={"suicide": 1, "other": 1}
    )
    assert (result.initial_level, result.level) == (3, 4)
    assert result.reasons[-1]["rule"] == "single_raise"


@pytest.mark.parametrize("count", [-1, 1.0, "2", True])
def test_bad_event_count_is_refused(count):
    assert problems_of(best(GBT), risk_events={"fall": count}) == [
        ("risk_event_invalid", "risk_events_30d.fall")
    ]


def test_unverified_definition_is_refused():
    with pytest.raises(ScoringError) as refused:
        score(GBT | {"verified": False}, best(GBT))
    assert [(p.code, p.field) for p in refused.value.problems] == [("scale_unverified", "scale")]


def test_unknown_method_is_refused():
    with pytest.raises(ScoringError) as refused:
        score(GBT | {"method": "weighted"}, best(GBT))
    assert refused.value.problems[0].code == "definition_invalid"
