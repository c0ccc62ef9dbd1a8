"""The demo city's telecare: devices, plans, beds and alarms in every state; written once."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db.models import Count

from yiyang.demo.loader import load_demo_city
from yiyang.registry.models import Elder
from yiyang.telecare.models import Alarm, AlarmEvent, Device, HomeCareBed, ResponsePlan

TODAY = date(2026, 6, 15)


@pytest.fixture
def demo_city(db):
    cache.clear()
    with time_machine.travel(
        datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    ):
        yield load_demo_city(300, seed=3, today=TODAY)


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Device, Alarm, AlarmEvent, ResponsePlan, HomeCareBed)
    }


def test_demo_has_devices_plans_beds_and_alarms_in_every_state_once(demo_city):
    homes = min(40, Elder.objects.filter(residence_region__code__startswith="640302001").count())
    assert homes >= 10
    # an SOS button in every home, then smoke 10, door 5, motion 5, gas 5
    assert demo_city.telecare["devices"] == homes + min(homes, 10) + 3 * min(homes, 5)
    statuses = dict(
        Alarm.objects.values_list("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
    )
    assert statuses == {"open": 2, "acknowledged": 1, "resolved": 2}
    assert set(Alarm.objects.values_list("outcome", flat=True)) == {
        "",
        "false_alarm",
        "helped_at_home",
    }
    assert ResponsePlan.objects.count() == 10
    assert HomeCareBed.objects.count() == 3
    assert {a.region_code[:9] for a in Alarm.objects.all()} == {"640302001"}

    # and loading again creates nothing
    before = _counts()

    with time_machine.travel(
        datetime(2026, 6, 15, 10, 5, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    ):
        load_demo_city(300, seed=3, today=TODAY)

    assert _counts() == before
