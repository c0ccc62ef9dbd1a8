"""Re-planning the rest of the day: started visits stay, the rest is planned again."""

from yiyang.scheduling.dayplan import Visit, minutes, plan_day, read_day
from yiyang.scheduling.replan import PASSED, changes, replan
from yiyang.scheduling.validate import violations

CENTRE = (37.98, 106.19)
EAST = (37.98, 106.21)  # 1.75 km east


def _day():
    return {
        "travel": {"speed_kmh": 15, "detour": 1.3},
        "caregivers": [
            {
                "id": "wang",
                "home": list(CENTRE),
                "shift": ["08:00", "16:00"],
                "skills": ["bathing"],
            },
            {"id": "li", "home": list(EAST), "shift": ["08:00", "16:00"], "skills": ["bathing"]},
        ],
        "visits": [
            {"id": "a", "location": list(CENTRE), "window": ["08:00", "08:30"], "duration_min": 60},
            {"id": "b", "location": list(CENTRE), "window": ["10:00", "11:00"], "duration_min": 30},
            {"id": "c", "location": list(EAST), "window": ["08:00", "08:30"], "duration_min": 60},
            {
                "id": "d",
                "location": list(EAST),
                "window": ["13:00", "14:00"],
                "duration_min": 45,
                "skills": ["bathing"],
            },
            {"id": "e", "location": list(CENTRE), "window": ["08:00", "09:00"], "duration_min": 30},
        ],
    }


def _where(plan):
    return {visit: (key, start) for key, stops in plan.routes.items() for visit, start in stops}


def test_a_sick_caregiver_keeps_her_started_visit_and_the_rest_moves():
    # given a planned day at 09:30
    data = _day()
    day = read_day(data)
    plan = plan_day(day, seconds=0.3, seed=1)
    before = _where(plan)
    sick = before["a"][0]
    started = {v for v, (key, start) in before.items() if start <= minutes("09:30", "now")}

    # when the caregiver of visit a falls ill
    _new_day, new_plan = replan(
        day, plan, now=minutes("09:30", "now"), sick=frozenset({sick}), seconds=0.3
    )

    # then the started visits keep their caregiver and time; nothing later is hers
    after = _where(new_plan)
    assert all(after[v] == before[v] for v in started)
    later = [v for v, (key, start) in after.items() if key == sick and v not in started]
    assert later == []
    assert set(after) | set(new_plan.unplaced) == {"a", "b", "c", "d", "e"}
    assert all(after[v][1] >= minutes("09:30", "now") for v in after if v not in started)
    assert violations(data, new_plan.as_json()) == []
    moved = {change.visit for change in changes(plan, new_plan)}
    assert moved <= {"b", "d"} - started


def test_a_cancelled_visit_leaves_and_a_new_urgent_one_is_placed():
    data = _day()
    day = read_day(data)
    plan = plan_day(day, seconds=0.3, seed=1)
    urgent = Visit("urgent", EAST, (minutes("11:00", "w"), minutes("12:00", "w")), 30, frozenset())

    _new_day, new_plan = replan(
        day,
        plan,
        now=minutes("10:30", "now"),
        cancelled=frozenset({"d"}),
        added=(urgent,),
        seconds=0.3,
    )

    after = _where(new_plan)
    assert "d" not in after
    assert "d" not in new_plan.unplaced
    assert minutes("11:00", "w") <= after["urgent"][1] <= minutes("12:00", "w")
    data["visits"] = [v for v in data["visits"] if v["id"] != "d"] + [
        {"id": "urgent", "location": list(EAST), "window": ["11:00", "12:00"], "duration_min": 30}
    ]
    assert violations(data, new_plan.as_json()) == []
    found = {change.visit: change for change in changes(plan, new_plan)}
    assert found["urgent"].before is None
    assert found["d"].after is None


def test_a_visit_whose_window_has_passed_says_so():
    day = read_day(_day())
    plan = plan_day(day, seconds=0.2, seed=1)
    late = Visit("late", CENTRE, (minutes("08:00", "w"), minutes("09:00", "w")), 30, frozenset())

    _day_after, new_plan = replan(
        day, plan, now=minutes("12:00", "now"), added=(late,), seconds=0.2
    )

    assert new_plan.unplaced["late"] == PASSED


def test_a_break_still_to_come_is_placed_again_and_one_begun_stays():
    # given both caregivers with a lunch break 12:00–13:30, planned in the morning
    data = _day()
    for caregiver in data["caregivers"]:
        caregiver["break"] = {"window": ["12:00", "13:30"], "minutes": 30}
    day = read_day(data)
    plan = plan_day(day, seconds=0.3, seed=1)
    assert set(plan.breaks) == {key for key, stops in plan.routes.items() if stops}

    # when visit b is cancelled at 09:30, the breaks (not begun) are placed again
    new_day, morning = replan(day, plan, now=minutes("09:30", "now"), cancelled=frozenset({"b"}))
    data["visits"] = [v for v in data["visits"] if v["id"] != "b"]
    assert violations(data, morning.as_json()) == []
    assert set(morning.breaks) == {key for key, stops in morning.routes.items() if stops}

    # and at 12:45, a break begun at or before then is kept as it was
    _day2, noon = replan(new_day, morning, now=minutes("12:45", "now"))
    for key, (start, follows) in morning.breaks.items():
        if start <= minutes("12:45", "now"):
            assert noon.breaks[key] == (start, follows)
    assert violations(data, noon.as_json()) == []


def test_the_mornings_team_keeps_its_double_visit_and_a_sick_member_takes_the_team_off():
    # given a bath for two, done by the two bathers as a team
    data = _day()
    data["visits"][3]["staff"] = 2
    day = read_day(data)
    plan = plan_day(day, seconds=0.3, seed=1)
    assert plan.partners == {"wang": "li"} or plan.partners == {"li": "wang"}
    first = next(iter(plan.partners))

    # when visit b is cancelled at 09:30: the team keeps the double visit d
    new_day, after = replan(day, plan, now=minutes("09:30", "now"), cancelled=frozenset({"b"}))
    assert after.partners == plan.partners
    assert "d" in [visit for visit, _ in after.routes[first]]
    data["visits"] = [v for v in data["visits"] if v["id"] != "b"]
    assert violations(data, after.as_json()) == []

    # and when one of them falls ill, nobody is left to do d with the other
    _day3, sick = replan(new_day, after, now=minutes("09:30", "now"), sick=frozenset({"li"}))
    assert "d" in sick.unplaced
    assert violations(data, sick.as_json()) == []
