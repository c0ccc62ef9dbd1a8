"""The demo city's community facilities (社区养老服务设施), so the service map and the 15-minute
service circle have something to show: in every urban street a day-care centre at the street's
point and a care station, and a meal point in about half of the communities (seeded by the
community code, so the same ones every time); one mutual-aid home per rural township. Written
through `register_facility`. Idempotent: a facility whose name exists in its region is kept."""

from __future__ import annotations

import random
from decimal import Decimal

from yiyang.core.models import User
from yiyang.demo.places import place_rows
from yiyang.institutions.models import Facility
from yiyang.institutions.services import register_facility

DAY_CARE = ["day_care", "meal", "rehab", "short_stay"]
STATION = ["home_service", "companionship"]
MEAL = ["meal"]
MUTUAL_AID = ["companionship", "meal"]


def _near(rng: random.Random, lat: Decimal, lng: Decimal, spread: float) -> tuple[str, str]:
    return (
        f"{float(lat) + rng.uniform(-spread, spread):.6f}",
        f"{float(lng) + rng.uniform(-spread, spread):.6f}",
    )


def _specs():
    rows = place_rows()
    by_code = {row.code: row for row in rows}
    for row in rows:
        if row.latitude is None or row.longitude is None:
            continue
        rng = random.Random(f"facility-{row.code}")
        is_street = row.code.endswith("000") and not row.code.endswith("000000")
        is_community = not row.code.endswith("000")
        if is_street:
            urban = row.name.endswith("街道")
            if urban:
                yield (
                    row,
                    "day_care",
                    f"{row.name}日间照料中心",
                    DAY_CARE,
                    "08:00-17:30",
                    (
                        f"{row.latitude}",
                        f"{row.longitude}",
                    ),
                )
                yield (
                    row,
                    "service_station",
                    f"{row.name}居家养老服务站",
                    STATION,
                    "08:30-17:00",
                    (_near(rng, row.latitude, row.longitude, 0.01)),
                )
            else:
                yield (
                    row,
                    "mutual_aid",
                    f"{row.name}互助幸福院",
                    MUTUAL_AID,
                    "09:00-16:00",
                    (
                        f"{row.latitude}",
                        f"{row.longitude}",
                    ),
                )
        elif is_community and rng.random() < 0.5:
            parent = by_code.get(row.parent_code)
            if parent is not None and parent.name.endswith("街道"):
                yield (
                    row,
                    "meal_point",
                    f"{row.name}老年助餐点",
                    MEAL,
                    "11:00-13:00",
                    (_near(rng, row.latitude, row.longitude, 0.002)),
                )


def load_facilities(*, users: dict[str, User]) -> dict[str, int]:
    """Write the demo facilities (see the module docstring); returns how many were created."""
    actor = users["shenhe"]
    existing = set(Facility.objects.values_list("region_id", "name"))  # scoped: demo loader
    created = 0
    for row, kind, name, services, hours, (lat, lng) in _specs():
        if (row.code, name) in existing:
            continue
        register_facility(
            {
                "name": name,
                "kind": kind,
                "region_code": row.code,
                "address": f"{row.name}综合服务楼一层",
                "latitude": lat,
                "longitude": lng,
                "services": services,
                "opening_hours": hours,
                "operator": f"{row.name}社区服务中心",
            },
            actor=actor,
        )
        created += 1
    return {"facilities": created}
