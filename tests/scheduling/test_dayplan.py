"""The day planner: hard constraints hold for any day, bad input names its field, reasons are given."""

import json

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yiyang.scheduling.dayplan import (
    LOCKED_UNFIT,
    NO_ROOM,
    NO_SKILL,
    NO_TEAM,
    UNREACHABLE,
    DayInputError,
    clock,
    plan_day,
    read_day,
)
from yiyang.scheduling.travel import TravelModel, haversine_km
from yiyang.scheduling.validate import violations

CENTRE = (37.98, 106.19)  # 吴忠市利通区


def _caregiver(key, shift=("08:00", "16:00"), skills=(), home=CENTRE, **extra):
    return {"id": key, "home": list(home), "shift": list(shift), "skills": list(skills), **extra}


def _visit(key, window, duration=30, skills=(), where=CENTRE, **extra):
    return {
        "id": key,
        "location": list(where),
        "window": list(window),
        "duration_min": duration,
        "skills": list(skills),
        **extra,
    }


def _plan(day, seconds=0.3):
    return plan_day(read_day(day), seconds=seconds, seed=1).as_json()


def test_travel_is_great_circle_distance_with_detour_over_speed():
    # 1° of latitude is 111.19 km on a 6371 km sphere
    assert haversine_km((37.0, 106.0), (38.0, 106.0)) == pytest.approx(111.195, abs=0.001)
    # 2.0 km straight × 1.5 detour at 12 km/h = 15 minutes
    north = (37.0 + 2.0 / 111.195, 106.0)
    assert TravelModel(speed_kmh=12, detour=1.5).minutes_between((37.0, 106.0), north) == 15
    assert TravelModel().minutes_between(CENTRE, CENTRE) == 0


def test_a_visit_starts_in_its_window_after_the_caregiver_can_arrive():
    # given a caregiver 2 km from a visit whose window opens at 09:00
    away = (CENTRE[0] + 2.0 / 111.195, CENTRE[1])
    day = {
        "travel": {"speed_kmh": 12, "detour": 1.5},
        "caregivers": [_caregiver("c1", shift=("08:50", "16:00"), home=away)],
        "visits": [_visit("v1", ("09:00", "11:00"), duration=45)],
    }

    plan = _plan(day)

    # then she arrives at 09:05 (15 minutes' travel) and starts then, not at 09:00
    assert plan["routes"] == [{"caregiver": "c1", "visits": [{"visit": "v1", "start": "09:05"}]}]
    assert plan["unplaced"] == []
    assert plan["travel_minutes"] == 30
    assert violations(day, plan) == []


def test_unplaced_visits_say_why():
    far = (CENTRE[0] + 0.5, CENTRE[1])  # 55 km away: hours by e-bike
    day = {
        "caregivers": [_caregiver("c1", shift=("08:00", "10:00"), skills=["bathing"])],
        "visits": [
            _visit("nursing", ("08:00", "09:00"), skills=["nursing"]),
            _visit("far", ("08:00", "09:30"), where=far),
            _visit("first", ("08:00", "08:10"), duration=100),
            _visit("second", ("08:00", "08:10"), duration=100),
        ],
    }

    plan = _plan(day)

    reasons = {entry["visit"]: entry["reason"] for entry in plan["unplaced"]}
    assert reasons["nursing"] == NO_SKILL.format(skills="nursing")
    assert reasons["far"] == UNREACHABLE
    # only one of the two 100-minute visits fits a two-hour shift
    placed = [stop["visit"] for route in plan["routes"] for stop in route["visits"]]
    assert len(placed) == 1
    assert placed[0] in ("first", "second")
    assert list(reasons.values()).count(NO_ROOM) == 1
    assert violations(day, plan) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param(
            lambda d: d["visits"][0].update(window=["9:00", "11:00"]),
            "visits[0].window",
            id="malformed_time_case",
        ),
        pytest.param(
            lambda d: d["visits"][0].update(window=["11:00", "09:00"]),
            "visits[0].window",
            id="window_backwards_case",
        ),
        pytest.param(
            lambda d: d["visits"][0].update(window=["17:00", "18:00"]),
            "visits[0].window",
            id="window_after_shift_case",
        ),
        pytest.param(
            lambda d: d["visits"][0].update(skills=["Bathing!"]),
            "visits[0].skills",
            id="skill_format_case",
        ),
        pytest.param(
            lambda d: d["visits"][0].update(skills="bathing"),
            "visits[0].skills",
            id="skills_not_a_list_case",
        ),
        pytest.param(
            lambda d: d["caregivers"][0].update(shift=["16:00", "08:00"]),
            "caregivers[0].shift",
            id="shift_backwards_case",
        ),
        pytest.param(
            lambda d: d["caregivers"][0].update(home=[37.9]),
            "caregivers[0].home",
            id="home_not_a_point_case",
        ),
        pytest.param(
            lambda d: d["visits"][0].update(duration_min=0),
            "visits[0].duration_min",
            id="zero_duration_case",
        ),
        pytest.param(
            lambda d: d["visits"].append(dict(d["visits"][0])),
            "visits[1].id",
            id="duplicate_id_case",
        ),
        pytest.param(
            lambda d: d["visits"][0].update(preferred_caregiver="c9"),
            "visits[0].preferred_caregiver",
            id="unknown_preferred_case",
        ),
        pytest.param(
            lambda d: d["travel"].update(speed_kmh=0), "travel.speed_kmh", id="zero_speed_case"
        ),
        pytest.param(
            lambda d: d["caregivers"][0].update(
                {"break": {"window": ["07:00", "09:00"], "minutes": 30}}
            ),
            "caregivers[0].break.window",
            id="break_outside_shift_case",
        ),
        pytest.param(
            lambda d: d["caregivers"][0].update(
                {"break": {"window": ["12:00", "12:20"], "minutes": 30}}
            ),
            "caregivers[0].break.minutes",
            id="break_longer_than_window_case",
        ),
        pytest.param(
            lambda d: d["caregivers"][0].update({"break": {"window": ["12:00", "13:00"]}}),
            "caregivers[0].break.minutes",
            id="break_without_minutes_case",
        ),
        pytest.param(
            lambda d: d["visits"][0].update(staff=3), "visits[0].staff", id="three_staff_case"
        ),
        pytest.param(
            lambda d: d["caregivers"][0].update({"break": "12:00"}),
            "caregivers[0].break",
            id="break_not_an_object_case",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_field(change, field):
    day = {
        "travel": {"speed_kmh": 15, "detour": 1.3},
        "caregivers": [_caregiver("c1")],
        "visits": [_visit("v1", ("09:00", "11:00"))],
    }
    change(day)

    with pytest.raises(DayInputError) as refused:
        read_day(day)

    assert refused.value.field == field


def test_the_command_reads_a_file_and_prints_the_plan_last(tmp_path, capsys):
    day = {"caregivers": [_caregiver("c1")], "visits": [_visit("v1", ("09:00", "10:00"))]}
    path = tmp_path / "day.json"
    path.write_text(json.dumps(day), encoding="utf-8")

    call_command("plan_day", str(path), "--seconds", "0.2", "--seed", "3")

    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert json.loads(last) == {
        "routes": [{"caregiver": "c1", "visits": [{"visit": "v1", "start": "09:00"}]}],
        "unplaced": [],
        "travel_minutes": 0,
    }


def test_the_command_refuses_bad_input_with_the_field(tmp_path):
    path = tmp_path / "day.json"
    path.write_text(
        json.dumps({"caregivers": [_caregiver("c1", shift=["8", "16:00"])], "visits": []})
    )

    with pytest.raises(CommandError, match=r"caregivers\[0\]\.shift"):
        call_command("plan_day", str(path))


SKILLS = ["bathing", "nursing", "rehab", "meals"]
times = st.integers(min_value=7 * 60, max_value=18 * 60)


@st.composite
def days(draw):
    caregivers = []
    for index in range(draw(st.integers(1, 4))):
        start = draw(st.integers(7 * 60, 10 * 60))
        end = start + draw(st.integers(120, 480))
        rest = {}
        if draw(st.booleans()):
            opens = draw(st.integers(start, end - 15))
            closes = draw(st.integers(opens + 15, min(end, opens + 180)))
            rest = {
                "break": {
                    "window": [clock(opens), clock(closes)],
                    "minutes": draw(st.integers(15, closes - opens)),
                }
            }
        caregivers.append(
            _caregiver(
                f"c{index}",
                shift=(clock(start), clock(end)),
                skills=draw(st.lists(st.sampled_from(SKILLS), max_size=3, unique=True)),
                home=(
                    CENTRE[0] + draw(st.floats(-0.03, 0.03)),
                    CENTRE[1] + draw(st.floats(-0.03, 0.03)),
                ),
                **rest,
            )
        )
    shifts = [[int(t[:2]) * 60 + int(t[3:]) for t in c["shift"]] for c in caregivers]
    earliest, latest = min(s[0] for s in shifts), max(s[1] for s in shifts)
    visits = []
    for index in range(draw(st.integers(0, 12))):
        open_at = draw(st.integers(earliest, latest - 1))
        visits.append(
            _visit(
                f"v{index}",
                (clock(open_at), clock(open_at + draw(st.integers(30, 180)))),
                duration=draw(st.integers(15, 90)),
                skills=draw(st.lists(st.sampled_from(SKILLS), max_size=1)),
                where=(
                    CENTRE[0] + draw(st.floats(-0.03, 0.03)),
                    CENTRE[1] + draw(st.floats(-0.03, 0.03)),
                ),
                preferred_caregiver=draw(st.sampled_from([None] + [c["id"] for c in caregivers])),
                staff=draw(st.sampled_from([1, 1, 1, 2])),
                target=draw(st.sampled_from([None, clock(open_at + 15)])),
            )
        )
    keys = [c["id"] for c in caregivers]
    locks = {v["id"]: draw(st.sampled_from(keys)) for v in visits if draw(st.integers(0, 3)) == 0}
    return {
        "travel": {"speed_kmh": 15, "detour": 1.3},
        "caregivers": caregivers,
        "visits": visits,
        "locks": locks,
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=days())
def test_no_plan_ever_breaks_a_skill_window_shift_lock_break_or_team(day):
    plan = _plan(day, seconds=0.1)

    assert violations(day, plan) == []


def _two_caregivers_and_a_visit_nearer_the_first(**visit):
    near = (CENTRE[0] + 0.5 / 111.195, CENTRE[1])  # 0.5 km north of c1's home
    far = (CENTRE[0] + 2.0 / 111.195, CENTRE[1])  # c2 lives 1.5 km further north
    return {
        "travel": {"speed_kmh": 15, "detour": 1.3},
        "caregivers": [_caregiver("c1"), _caregiver("c2", home=far)],
        "visits": [_visit("v1", ("09:00", "11:00"), where=near, **visit)],
    }


def _caregiver_of(plan, visit):
    return next(r["caregiver"] for r in plan["routes"] for s in r["visits"] if s["visit"] == visit)


def test_continuity_gives_the_visit_to_the_usual_caregiver_when_worth_the_detour():
    # given a visit nearer c1 whose elder's usual caregiver is c2 (about 12 travel minutes more)
    day = _two_caregivers_and_a_visit_nearer_the_first(preferred_caregiver="c2")

    # when continuity is worth 30 minutes (the default), c2 takes it
    assert _caregiver_of(_plan(day), "v1") == "c2"

    # when it is worth only 1 minute, the nearer c1 takes it
    day["weights"] = {"continuity": 1}
    assert _caregiver_of(_plan(day), "v1") == "c1"


def test_a_locked_visit_stays_with_its_caregiver_and_an_unfit_lock_says_why():
    # given a visit nearer c1, locked to c2
    day = _two_caregivers_and_a_visit_nearer_the_first()
    day["locks"] = {"v1": "c2"}

    plan = _plan(day)

    assert _caregiver_of(plan, "v1") == "c2"
    assert violations(day, plan) == []
    # when the caregiver it is locked to lacks the skill, it is left out with that reason
    day["visits"][0]["skills"] = ["bathing"]
    day["caregivers"][0]["skills"] = ["bathing"]
    plan = _plan(day)
    assert plan["unplaced"] == [{"visit": "v1", "reason": LOCKED_UNFIT}]


def test_locks_naming_an_unknown_visit_or_caregiver_are_refused():
    day = _two_caregivers_and_a_visit_nearer_the_first()
    for locks in ({"v9": "c1"}, {"v1": "c9"}):
        day["locks"] = locks
        with pytest.raises(DayInputError) as refused:
            read_day(day)
        assert refused.value.field == f"locks.{next(iter(locks))}"


def test_a_visit_starts_at_the_time_the_elder_expects_when_the_route_allows():
    # given a caregiver at the visit's door from 08:00, a window 08:30–09:30 and a target of 09:00
    day = {
        "caregivers": [_caregiver("c1")],
        "visits": [_visit("v1", ("08:30", "09:30"), duration=60, target="09:00")],
    }
    assert _plan(day)["routes"][0]["visits"] == [{"visit": "v1", "start": "09:00"}]

    # when a second visit next door must start by 09:41, the first is held back only as far as
    # that allows (earlier visits come nearer their targets first)
    day["visits"].append(_visit("v2", ("09:40", "09:41"), duration=30, target="09:40"))
    plan = _plan(day)
    assert plan["routes"][0]["visits"] == [
        {"visit": "v1", "start": "08:41"},
        {"visit": "v2", "start": "09:41"},
    ]
    assert violations(day, plan) == []


def _lunch(minutes=30):
    return {"break": {"window": ["11:30", "13:30"], "minutes": minutes}}


def test_a_break_is_planned_inside_its_window_between_visits():
    # given visits at the caregiver's door 11:00–12:00 and from 12:00 (window to 13:00)
    day = {
        "caregivers": [_caregiver("c1", **_lunch())],
        "visits": [
            _visit("v1", ("11:00", "11:01"), duration=60),
            _visit("v2", ("12:00", "13:00"), duration=30),
        ],
    }

    plan = _plan(day)

    [route] = plan["routes"]
    # the break follows v1 (12:00–12:30), and v2 waits for its end
    assert route["break"] == {"start": "12:00", "after": "v1"}
    assert route["visits"] == [
        {"visit": "v1", "start": "11:00"},
        {"visit": "v2", "start": "12:30"},
    ]
    assert violations(day, plan) == []


def test_a_visit_that_leaves_no_room_for_the_break_is_left_out():
    # given a two-hour visit that must start at 11:30: the whole break window
    day = {
        "caregivers": [_caregiver("c1", **_lunch())],
        "visits": [_visit("long", ("11:30", "11:31"), duration=120)],
    }

    plan = _plan(day)

    assert plan["unplaced"] == [{"visit": "long", "reason": NO_ROOM}]
    # without the break it fits
    del day["caregivers"][0]["break"]
    assert _plan(day)["unplaced"] == []


def test_the_validator_finds_a_missing_or_misplaced_break():
    day = {
        "caregivers": [_caregiver("c1", **_lunch())],
        "visits": [_visit("v1", ("11:00", "12:00"), duration=60)],
    }
    route = {"caregiver": "c1", "visits": [{"visit": "v1", "start": "11:00"}]}
    without = {"routes": [route], "unplaced": []}
    overlapping = {
        "routes": [{**route, "break": {"start": "11:30", "after": None}}],
        "unplaced": [],
    }
    sound = {"routes": [{**route, "break": {"start": "12:00", "after": "v1"}}], "unplaced": []}

    assert violations(day, without) == ["c1: no break"]
    assert violations(day, overlapping) == ["c1/v1: starts before the caregiver can arrive"]
    assert violations(day, sound) == []


def _bathers(*shifts):
    return [
        _caregiver(
            f"c{i}", shift=shift, skills=["bathing"], home=(CENTRE[0] + 0.005 * i, CENTRE[1])
        )
        for i, shift in enumerate(shifts, start=1)
    ]


def test_a_double_staffed_visit_goes_to_a_team_of_two_who_may_both_do_it():
    # given two bathers and a cleaner, and a bath for two
    day = {
        "caregivers": [*_bathers(("08:00", "16:00"), ("08:00", "16:00")), _caregiver("c3")],
        "visits": [_visit("bath", ("09:00", "11:00"), duration=60, skills=["bathing"], staff=2)],
    }

    plan = _plan(day)

    [team] = [route for route in plan["routes"] if route["visits"]]
    assert {team["caregiver"], team["partner"]} == {"c1", "c2"}
    assert [stop["visit"] for stop in team["visits"]] == ["bath"]
    assert "c3" in {route["caregiver"] for route in plan["routes"]}
    assert violations(day, plan) == []


@pytest.mark.parametrize(
    "caregivers",
    [
        pytest.param(
            lambda: [*_bathers(("08:00", "16:00")), _caregiver("c3")], id="one_bather_case"
        ),
        pytest.param(lambda: _bathers(("08:00", "10:30"), ("12:00", "16:00")), id="apart_case"),
    ],
)
def test_a_double_visit_no_pair_can_do_together_says_why(caregivers):
    day = {
        "caregivers": caregivers(),
        "visits": [_visit("bath", ("09:00", "15:00"), duration=60, skills=["bathing"], staff=2)],
    }

    plan = _plan(day)

    assert plan["unplaced"] == [{"visit": "bath", "reason": NO_TEAM}]


def test_the_validator_wants_both_caregivers_of_a_double_visit():
    day = {
        "caregivers": _bathers(("08:00", "16:00"), ("08:00", "09:00")),
        "visits": [_visit("bath", ("09:00", "11:00"), duration=60, skills=["bathing"], staff=2)],
    }
    alone = {"routes": [{"caregiver": "c1", "visits": [{"visit": "bath", "start": "09:00"}]}]}
    late_partner = {"routes": [{**alone["routes"][0], "partner": "c2"}]}

    assert violations(day, {**alone, "unplaced": []}) == ["c1/bath: needs 2 caregivers"]
    assert violations(day, {**late_partner, "unplaced": []}) == [
        "c2: home at minute 606, after the shift ends"
    ]


def test_each_caregiver_travels_at_her_modes_speed():
    # given a visit 2 km east whose window closes 10 minutes after the shift starts
    east = (CENTRE[0], CENTRE[1] + 2 / 87.6)
    day = {
        "travel": {"speed_kmh": 15, "detour": 1.3, "modes": {"car": 30}},
        "caregivers": [
            _caregiver("walker", mode="walking"),
            _caregiver("driver", mode="car", home=(CENTRE[0] + 0.0001, CENTRE[1])),
        ],
        "visits": [_visit("v1", ("08:00", "08:10"), where=east)],
    }

    plan = _plan(day)

    # then only the car gets there in time (2 km × 1.3 at 30 km/h: 6 minutes; walking: 35)
    [route] = [r for r in plan["routes"] if r["visits"]]
    assert route["caregiver"] == "driver"
    assert route["visits"] == [{"visit": "v1", "start": "08:06"}]
    assert violations(day, plan) == []
    # and the validator times the walker at walking speed
    walked = {"routes": [{"caregiver": "walker", "visits": route["visits"]}], "unplaced": []}
    assert violations(day, walked) == ["walker/v1: starts before the caregiver can arrive"]


def test_travel_times_come_from_a_matrix_file_when_the_day_names_one(tmp_path):
    # given a routing server's minutes: the ring road makes home -> elder 40 minutes by e-bike
    elder = (CENTRE[0] + 0.001, CENTRE[1])
    matrix = tmp_path / "minutes.json"
    matrix.write_text(
        json.dumps(
            {
                "points": [list(CENTRE), list(elder)],
                "minutes": {"default": [[0, 40], [40, 0]], "car": [[0, 12], [12, 0]]},
            }
        )
    )
    day = {
        "travel": {"matrix": str(matrix)},
        "caregivers": [_caregiver("c1"), _caregiver("c2", mode="car")],
        "visits": [_visit("v1", ("08:00", "08:20"), where=elder)],
    }

    plan = _plan(day)

    assert [r["caregiver"] for r in plan["routes"] if r["visits"]] == ["c2"]
    assert plan["travel_minutes"] == 24
    assert violations(day, plan) == []
    # a place the file lacks is refused, naming the field
    day["visits"][0]["location"] = [CENTRE[0] + 0.01, CENTRE[1]]
    with pytest.raises(DayInputError) as refused:
        read_day(day)
    assert refused.value.field == "travel.matrix"


def test_an_unknown_mode_is_refused():
    day = {"caregivers": [_caregiver("c1", mode="horse")], "visits": []}
    with pytest.raises(DayInputError) as refused:
        read_day(day)
    assert refused.value.field == "caregivers[0].mode"


def test_a_teams_break_is_never_at_the_first_members_home():
    # given a team whose second member lives 3 km away, a break to take 08:30–09:00 and the
    # double visit at the first member's door at 09:00: a break "at home" would suit the first
    # member only, the second would still be on her way
    far = (CENTRE[0] + 3 / 111.2, CENTRE[1])
    lunch = {"break": {"window": ["08:30", "09:00"], "minutes": 30}}
    day = {
        "caregivers": [
            _caregiver("c1", skills=["bathing"], **lunch),
            _caregiver("c2", skills=["bathing"], home=far, **lunch),
        ],
        "visits": [_visit("bath", ("09:00", "09:05"), skills=["bathing"], staff=2)],
    }

    plan = _plan(day)

    assert plan["unplaced"] == [{"visit": "bath", "reason": NO_ROOM}]
    assert violations(day, plan) == []
