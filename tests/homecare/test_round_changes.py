"""The rule of what changed in each caregiver's round (issue 9): new visits, visits gone, visits
moved in time; nothing for a visit left as it was, nothing for a caregiver whose round is the same;
a two-person visit is on both caregivers' rounds."""

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
    before = {10: (Stop(LI, 9 * 60),), 11: (Stop(LI, 11 * 60),), 12: (Stop(LI, 14 * 60),)}
    after = {
        10: (Stop(LI, 9 * 60),),
        11: (Stop(WANG, 11 * 60),),
        12: (Stop(LI, 15 * 60),),
        13: (Stop(LI, 630),),
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
    before = {10: (Stop(LI, 540),), 20: (Stop(ZHAO, 600),)}
    after = {10: (Stop(LI, 540),), 20: (Stop(ZHAO, 600),), 21: (Stop(WANG, 700),)}

    assert round_changes(before, before) == {}
    assert round_changes(before, after) == {WANG: [RoundChange(ADDED, 21, 700)]}


def test_a_cancelled_visit_leaves_her_round():
    assert round_changes({10: (Stop(LI, 540),)}, {}) == {LI: [RoundChange(REMOVED, 10, 540)]}


def test_a_visit_given_away_at_another_time_is_gone_for_one_and_new_for_the_other():
    changes = round_changes({10: (Stop(LI, 540),)}, {10: (Stop(WANG, 600),)})

    assert changes == {
        LI: [RoundChange(REMOVED, 10, 540)],
        WANG: [RoundChange(ADDED, 10, 600)],
    }


def test_a_two_person_visit_given_to_a_team_is_new_to_both():
    changes = round_changes({}, {10: (Stop(LI, 540), Stop(WANG, 540))})

    assert changes == {
        LI: [RoundChange(ADDED, 10, 540)],
        WANG: [RoundChange(ADDED, 10, 540)],
    }


def test_a_team_whose_members_swap_first_and_second_is_told_nothing():
    before = {10: (Stop(LI, 540), Stop(WANG, 540))}

    assert round_changes(before, {10: (Stop(WANG, 540), Stop(LI, 540))}) == {}


def test_a_new_second_caregiver_tells_the_old_and_the_new_one_and_not_the_first():
    changes = round_changes(
        {10: (Stop(LI, 540), Stop(WANG, 540))}, {10: (Stop(LI, 540), Stop(ZHAO, 540))}
    )

    assert changes == {
        WANG: [RoundChange(REMOVED, 10, 540)],
        ZHAO: [RoundChange(ADDED, 10, 540)],
    }


def test_a_moved_two_person_visit_moves_for_both():
    changes = round_changes(
        {10: (Stop(LI, 540), Stop(WANG, 540))}, {10: (Stop(LI, 600), Stop(WANG, 600))}
    )

    assert changes == {
        LI: [RoundChange(MOVED, 10, 600, 540)],
        WANG: [RoundChange(MOVED, 10, 600, 540)],
    }


@st.composite
def _visit(draw):
    """One visit's stops: one caregiver, or two different ones at the same minute."""
    people = draw(st.lists(st.integers(1, 4), min_size=1, max_size=2, unique=True))
    minute = draw(st.integers(0, 24 * 60 - 1))
    return tuple(Stop(person, minute) for person in people)


rounds = st.dictionaries(st.integers(1, 30), _visit(), max_size=12)


@given(before=rounds, after=rounds)
def test_each_caregiver_is_told_exactly_how_her_round_went_from_before_to_after(before, after):
    changes = round_changes(before, after)

    def round_of(rounds, caregiver):
        return {
            pk: s.start for pk, stops in rounds.items() for s in stops if s.caregiver == caregiver
        }

    everyone = {s.caregiver for stops in (*before.values(), *after.values()) for s in stops}
    for caregiver in everyone:
        was, now = round_of(before, caregiver), round_of(after, caregiver)
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
