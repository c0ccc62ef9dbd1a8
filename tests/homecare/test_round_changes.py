"""The rule of what changed in each caregiver's round (issue 9): new visits, visits gone, visits
moved in time; nothing for a visit left as it was, nothing for a caregiver whose round is the same."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from yiyang.homecare.round_changes import (
    ADDED,
    MOVED,
    REMOVED,
    RoundChange,
    Stop,
    round_changes,
)

LI, WANG, ZHAO = 1, 2, 3


def test_a_new_visit_a_visit_given_away_and_a_moved_one_are_hers_in_that_order():
    before = {10: Stop(LI, 9 * 60), 11: Stop(LI, 11 * 60), 12: Stop(LI, 14 * 60)}
    after = {
        10: Stop(LI, 9 * 60),
        11: Stop(WANG, 11 * 60),
        12: Stop(LI, 15 * 60),
        13: Stop(LI, 630),
    }

    changes = round_changes(before, after)

    assert changes[LI] == [
        RoundChange(ADDED, 13, 630),
        RoundChange(REMOVED, 11, 660),
        RoundChange(MOVED, 12, 900, 840),
    ]
    # and the caregiver who took the visit over learns it is new to her
    assert changes[WANG] == [RoundChange(ADDED, 11, 660)]


def test_unchanged_rounds_give_nothing_and_others_are_not_told():
    before = {10: Stop(LI, 540), 20: Stop(ZHAO, 600)}
    after = {10: Stop(LI, 540), 20: Stop(ZHAO, 600), 21: Stop(WANG, 700)}

    assert round_changes(before, before) == {}
    assert round_changes(before, after) == {WANG: [RoundChange(ADDED, 21, 700)]}


def test_a_cancelled_visit_leaves_her_round():
    assert round_changes({10: Stop(LI, 540)}, {}) == {LI: [RoundChange(REMOVED, 10, 540)]}


def test_a_visit_given_away_at_another_time_is_gone_for_one_and_new_for_the_other():
    changes = round_changes({10: Stop(LI, 540)}, {10: Stop(WANG, 600)})

    assert changes == {
        LI: [RoundChange(REMOVED, 10, 540)],
        WANG: [RoundChange(ADDED, 10, 600)],
    }


rounds = st.dictionaries(
    st.integers(1, 30),
    st.builds(Stop, st.integers(1, 4), st.integers(0, 24 * 60 - 1)),
    max_size=12,
)


@given(before=rounds, after=rounds)
def test_each_caregiver_is_told_exactly_how_her_round_went_from_before_to_after(before, after):
    changes = round_changes(before, after)

    for caregiver in {s.caregiver for s in (*before.values(), *after.values())}:
        was = {pk: s.start for pk, s in before.items() if s.caregiver == caregiver}
        now = {pk: s.start for pk, s in after.items() if s.caregiver == caregiver}
        told = changes.get(caregiver, [])
        # applying her changes to what she had gives what she has
        rebuilt = dict(was)
        for change in told:
            if change.kind == REMOVED:
                assert rebuilt.pop(change.order) == change.start
            elif change.kind == ADDED:
                assert change.order not in rebuilt
                rebuilt[change.order] = change.start
            else:
                assert rebuilt[change.order] == change.before != change.start
                rebuilt[change.order] = change.start
        assert rebuilt == now
        # and she is told of each visit at most once, and only when something changed
        assert len({c.order for c in told}) == len(told)
        assert (caregiver in changes) == (was != now)
