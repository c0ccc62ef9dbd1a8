"""The demo city's institutions: filed, checked and operating, with beds and residents; the
loader writes them once (issue 6)."""

from datetime import date

import pytest
import time_machine

from yiyang.core.models import User
from yiyang.demo.institutions_loader import HOMES, ROOMS, load_institutions
from yiyang.demo.loader import load_demo_city
from yiyang.demo.places import DISTRICTS
from yiyang.institutions.models import Bed, Filing, Institution, Residency

TODAY = date(2026, 6, 15)


@pytest.fixture
def demo_city(db):
    with time_machine.travel(TODAY, tick=False):
        yield load_demo_city(300, seed=3, today=TODAY)


def test_every_district_has_operating_homes_with_beds_and_residents_written_once(demo_city):
    homes = len(DISTRICTS) * len(HOMES)
    assert demo_city.institutions["institutions"] == homes
    assert Institution.objects.operating().count() == homes
    assert Filing.objects.filter(check_result="confirmed").count() == homes
    assert Bed.objects.count() == homes * sum(len(beds) for *_rest, beds in ROOMS)
    assert Residency.objects.current().count() == demo_city.institutions["residents"] > 0
    assert Bed.objects.filter(state="occupied").count() == demo_city.institutions["residents"]
    # filed on Thursday 2026-04-16 (60 days before): 04-17 (1), 04-20…04-30 (2-10), 05-01…05-05
    # rest, 05-06…05-08 (11-13), Saturday 05-09 worked (14), 05-11…05-15 (15-19), 05-18 (20)
    assert set(Filing.objects.values_list("check_due_on", flat=True)) == {date(2026, 5, 18)}
    # the institution-staff demo login keeps a home that has residents, and only that one
    staff = User.objects.get(username="yanglao")
    home = Institution.objects.get(staff_memberships__user=staff)
    assert Institution.objects.visible_to(staff).get() == home
    assert Residency.objects.visible_to(staff).current().count() > 0
    assert Institution.objects.filter(latitude__isnull=True).count() == 0

    # and loading again adds nothing (one test: the demo city is slow to build)
    users = {u.username: u for u in User.objects.all()}
    with time_machine.travel(TODAY, tick=False):
        again = load_institutions(today=TODAY, users=users)
    assert again == {"institutions": 0, "residents": 0}
    assert Residency.objects.count() == demo_city.institutions["residents"]
