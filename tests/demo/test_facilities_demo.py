"""The demo city's community facilities: placed, offering what the circle counts, written once."""

import pytest

from yiyang.demo.accounts import ensure_demo_accounts
from yiyang.demo.facilities_loader import load_facilities
from yiyang.demo.loader import load_regions
from yiyang.institutions.models import Facility
from yiyang.servicemap.models import CirclePolicy

pytestmark = pytest.mark.django_db


def test_every_urban_street_gets_a_day_care_centre_and_the_loader_writes_once():
    load_regions()
    users = ensure_demo_accounts()

    first = load_facilities(users=users)
    again = load_facilities(users=users)

    facilities = list(Facility.objects.select_related("region"))
    assert first["facilities"] == len(facilities) > 0
    assert again == {"facilities": 0}
    assert all(f.latitude is not None and f.longitude is not None for f in facilities)
    urban_streets = {f.region_id for f in facilities if f.region.name.endswith("街道")}
    day_care = {f.region_id for f in facilities if f.kind == "day_care"}
    assert day_care == urban_streets
    policy = CirclePolicy.objects.in_force()
    assert {f.kind for f in facilities} == {
        "day_care",
        "service_station",
        "meal_point",
        "mutual_aid",
    }
    # each offers meals, day care or home services, or is of a kind the circle counts
    assert all(policy.counts(f.kind, f.services) for f in facilities)
