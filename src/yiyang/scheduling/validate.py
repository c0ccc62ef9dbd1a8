"""Check a day plan against its input without the planner's code (issue 9's independent validator).

Reads the input JSON and the plan JSON (as `plan_day` prints them) and lists every violation:
a visit missing, twice, or unknown; a skill the caregiver lacks; a start outside the window; a
start earlier than the caregiver could arrive; a return home after the shift; a day longer than
the caregiver's maximum; a locked visit in another caregiver's route.
"""

from __future__ import annotations

from typing import Any

from yiyang.scheduling.travel import TravelModel


def _minutes(text: str) -> int:
    hours, mins = text.split(":")
    return int(hours) * 60 + int(mins)


def violations(day: dict[str, Any], plan: dict[str, Any]) -> list[str]:
    """Every broken rule of `plan` for `day`, as readable lines (empty when the plan is sound)."""
    travel_data = day.get("travel") or {}
    travel = TravelModel(travel_data.get("speed_kmh", 15), travel_data.get("detour", 1.3))
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
    for route in plan["routes"]:
        caregiver = caregivers.get(route["caregiver"])
        if caregiver is None:
            found.append(f"{route['caregiver']}: not a caregiver of the day")
            continue
        found += _route_violations(travel, caregiver, route, visits)
        for stop in route["visits"]:
            locked = (day.get("locks") or {}).get(stop["visit"])
            if locked is not None and str(locked) != route["caregiver"]:
                found.append(f"{route['caregiver']}/{stop['visit']}: locked to {locked}")
    return found


def _route_violations(
    travel: TravelModel, caregiver: dict, route: dict, visits: dict[str, dict]
) -> list[str]:
    found = []
    name = route["caregiver"]
    home = tuple(caregiver["home"])
    shift_start, shift_end = (_minutes(t) for t in caregiver["shift"])
    skills = set(caregiver.get("skills") or [])
    here, free, left = home, shift_start, None
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
    back = free + travel.minutes_between(here, home)
    if route["visits"] and back > shift_end:
        found.append(f"{name}: home at minute {back}, after the shift ends")
    maximum = caregiver.get("max_minutes")
    if maximum and left is not None and back - left > maximum:
        found.append(f"{name}: works {back - left} minutes, more than {maximum}")
    return found
