"""Properties of GB/T 42195 scoring over random answer sets (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.assessment.scoring_answers import GBT, items
from yiyang.assessment.scoring import score

ANSWERS = st.fixed_dictionaries(
    {item["code"]: st.sampled_from([o["score"] for o in item["options"]]) for item in items(GBT)}
)
DIAGNOSES = st.lists(
    st.fixed_dictionaries(
        {
            "icd10": st.sampled_from(["F00", "F03.1", "F20", "F32", "I10", "E11"]),
            "psychiatric_specialist": st.booleans(),
        }
    ),
    max_size=3,
)
EVENTS = st.dictionaries(
    st.sampled_from(["fall", "choking", "suicide", "self_harm", "wandering", "other"]),
    st.integers(min_value=0, max_value=3),
)


@settings(max_examples=300, deadline=None)
@given(ANSWERS)
def test_total_is_the_sum_of_dimensions_and_items(answers):
    result = score(GBT, answers)
    assert result.total == sum(result.dimensions.values()) == sum(answers.values())
    assert result.level == result.initial_level


@settings(max_examples=300, deadline=None)
@given(ANSWERS, st.sampled_from([i["code"] for i in items(GBT)]))
def test_level_never_falls_when_an_item_rises(answers, code):
    top = max(o["score"] for o in next(i for i in items(GBT) if i["code"] == code)["options"])
    higher = answers | {code: min(answers[code] + 1, top)}
    assert score(GBT, higher).level <= score(GBT, answers).level


@settings(max_examples=300, deadline=None)
@given(ANSWERS, st.booleans(), DIAGNOSES, EVENTS)
def test_rules_never_lower_a_level_and_stay_within_0_to_4(answers, coma, diagnoses, events):
    plain = score(GBT, answers)
    changed = score(GBT, answers, coma=coma, diagnoses=diagnoses, risk_events=events)
    assert plain.level <= changed.level <= 4
    assert changed.level - plain.level <= (4 if coma else 1)
    assert changed.initial_level == plain.initial_level
