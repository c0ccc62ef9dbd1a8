"""Check a day plan against its input without the planner's code (issue 9's independent validator).

Reads the input JSON and the plan JSON (as `plan_day` prints them) and lists every violation:
a visit missing, twice, or unknown; a skill the caregiver lacks; a start outside the window; a
start earlier than the caregiver could arrive; a return home after the shift; a day longer than
the caregiver's maximum; a locked visit in another caregiver's route; a double-staffed visit
without a partner in its route; a partner who breaks any of these rules herself; a caregiver in
two routes; a caregiver with a break in her input and visits in her plan without the break, or
with it outside its window, or overlapping a visit or the travel to the next one (a break is
taken where she is: at home before the first visit, or at the door of the visit it follows).
"""

from __future__ import annotations

from typing import Any

from yiyang.scheduling.travel import TravelSource, read_source


def _minutes(text: str) -> int:
    hours, mins = text.split(":")
    return int(hours) * 60 + int(mins)


def violations(day: dict[str, Any], plan: dict[str, Any]) -> list[str]:
    """Every broken rule of `plan` for `day`, as readable lines (empty when the plan is sound)."""
    travel = read_source(day.get("travel") or {})
    visits = {str(v["id"]): v for v in day["visits"]}
    caregivers = {str(c["id"]): c for c in day["caregivers"]}
    found: list[str] = []
    seen: dict[str, int] = {}
    for route in plan["routes"]:
        for stop in route["visits"]:
            seen[stop["visit"]] = seen.get(stop["visit"], 0) + 1
    for entry in plan["unplaced"]:
        seen[entry["visit"]] = seen.get(entry["visit"], 0) + 1
        if not entry.get("reason"):
            found.append(f"{entry['visit']}: unplaced without a reason")
    for key in visits:
        if seen.get(key, 0) != 1:
            found.append(f"{key}: appears {seen.get(key, 0)} times")
    found += [f"{key}: not a visit of the day" for key in seen if key not in visits]
    working: dict[str, int] = {}
    for route in plan["routes"]:
        people = [route["caregiver"], *([route["partner"]] if route.get("partner") else [])]
        for person in people:
            working[person] = working.get(person, 0) + 1
            caregiver = caregivers.get(person)
            if caregiver is None:
                found.append(f"{person}: not a caregiver of the day")
                continue
            # a team's route holds for each of the two, from her own home, in her own shift
            found += _route_violations(travel, caregiver, {**route, "caregiver": person}, visits)
        for stop in route["visits"]:
            locked = (day.get("locks") or {}).get(stop["visit"])
            if locked is not None and str(locked) not in people:
                found.append(f"{route['caregiver']}/{stop['visit']}: locked to {locked}")
            needed = (visits.get(stop["visit"]) or {}).get("staff") or 1
            if len(people) < needed:
                found.append(f"{route['caregiver']}/{stop['visit']}: needs {needed} caregivers")
    found += [f"{person}: in {count} routes" for person, count in working.items() if count > 1]
    return found


def _route_violations(
    travel: TravelSource, caregiver: dict, route: dict, visits: dict[str, dict]
) -> list[str]:
    travel = travel.for_mode(caregiver.get("mode"))
    found = []
    name = route["caregiver"]
    home = tuple(caregiver["home"])
    shift_start, shift_end = (_minutes(t) for t in caregiver["shift"])
    skills = set(caregiver.get("skills") or [])
    here, free, left = home, shift_start, None
    rest: dict = caregiver.get("break") or {}
    taken: dict = route.get("break") or {}
    if rest and route["visits"] and not taken:
        found.append(f"{name}: no break")
    # A break in the route of someone without one (her partner's) is time she waits: no rule.
    has_break = bool(taken and rest)
    after = taken.get("after") if has_break else None
    if after is not None and after not in {s["visit"] for s in route["visits"]}:
        found.append(f"{name}: break after {after}, not a visit of her route")

    def pause(free: int) -> int:
        start = _minutes(taken["start"])
        early, late = (_minutes(t) for t in rest["window"])
        if not early <= start <= late - rest["minutes"]:
            found.append(f"{name}: break at {taken['start']} outside its window")
        if start < free:
            found.append(f"{name}: break at {taken['start']} before she is free")
        return start + rest["minutes"]

    if has_break and after is None:
        free = pause(free)
    for stop in route["visits"]:
        visit = visits.get(stop["visit"])
        if visit is None:
            continue
        start = _minutes(stop["start"])
        there = tuple(visit["location"])
        leg = travel.minutes_between(here, there)
        if left is None:
            left = start - leg
        missing = set(visit.get("skills") or []) - skills
        if missing:
            found.append(f"{name}/{stop['visit']}: lacks {sorted(missing)}")
        early, late = (_minutes(t) for t in visit["window"])
        if not early <= start <= late:
            found.append(f"{name}/{stop['visit']}: starts {stop['start']} outside its window")
        if start < free + leg:
            found.append(f"{name}/{stop['visit']}: starts before the caregiver can arrive")
        here, free = there, start + visit["duration_min"]
        if has_break and after == stop["visit"]:
            free = pause(free)
    back = free + travel.minutes_between(here, home)
    if route["visits"] and back > shift_end:
        found.append(f"{name}: home at minute {back}, after the shift ends")
    maximum = caregiver.get("max_minutes")
    if maximum and left is not None and back - left > maximum:
        found.append(f"{name}: works {back - left} minutes, more than {maximum}")
    return found
