"""The daily check-ins page: who chose the daily "I'm OK", where each stands today, and each
pressable device's monthly test call; filtered, and scoped to the viewer's region."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import COMMUNITY_A1, STREET_B, _user
from tests.factories import make_elder
from tests.telecare.conftest import NOW, SHANGHAI, body, signed
from yiyang.core.roles import Role
from yiyang.telecare import services
from yiyang.telecare.models import Alarm
from yiyang.telecare.services.proactive import proactive_rows

pytestmark = pytest.mark.django_db


def _button(elder, actor, serial: str, installed_on=date(2026, 6, 1)):
    device, _secret = services.provision_device(
        elder,
        kind="sos_button",
        serial=serial,
        installed_on=installed_on,
        secret="checks-secret-0123",
        actor=actor,
    )
    return device


def _choose_daily_ok(elder, admin, is_enabled: bool = True) -> None:
    services.set_rule(
        "daily_ok", elder=elder, severity=2, is_enabled=is_enabled, threshold=26,
        effective_from=timezone.localdate(), actor=admin,
    )  # fmt: skip


def _press(serial: str, seq: int, kind: str, ts: str) -> None:
    raw = body(serial=serial, seq=seq, kind=kind).replace(b"2026-06-16T10:00:00+08:00", ts.encode())
    result = services.ingest_message(raw, signed(raw, "checks-secret-0123"))
    assert result.accepted, result.reason


def _states(client, **query) -> dict[str, tuple[str, str]]:
    response = client.get(reverse("telecare:check_list"), query)
    assert response.status_code == 200
    return {
        row.device.serial: (row.daily_state or "", row.test_state or "")
        for row in response.context["rows"]
    }


@pytest.fixture
def city(elder, other_elder, street_worker, city_admin):
    """Four elders of street A and one of street B, each with a button:

    - 马秀英 chose the daily check and pressed at 08:30 today; a test call 10 days ago;
    - 李桂芳 chose it and has not pressed today (yesterday at 09:00); no test call since her
      installation 40 days ago (overdue, and the checks have not run yet);
    - 王淑珍 chose it and missed yesterday's: the alarm is open; her test call failed (alarm);
    - 赵玉兰 did not choose it;
    - 丁桂兰 of street B chose it (another street's worker must not see her).
    """
    pressed, waiting, missed, not_chosen = (
        elder,
        make_elder(residence_region_id=COMMUNITY_A1, name="李桂芳"),
        make_elder(residence_region_id=COMMUNITY_A1, name="王淑珍"),
        make_elder(residence_region_id=COMMUNITY_A1, name="赵玉兰"),
    )
    _button(pressed, street_worker, "OK-1")
    _button(waiting, street_worker, "OK-2", installed_on=date(2026, 5, 7))
    third = _button(missed, street_worker, "OK-3")
    _button(not_chosen, street_worker, "OK-4")
    other_worker = _user("worker_b", Role.STREET_STAFF, STREET_B)
    _button(other_elder, other_worker, "OK-B")
    for chosen in (pressed, waiting, missed, other_elder):
        _choose_daily_ok(chosen, city_admin)
    _press("OK-1", 1, "ok_press", "2026-06-16T08:30:00+08:00")
    _press("OK-1", 2, "test_call", "2026-06-06T10:00:00+08:00")
    _press("OK-2", 1, "ok_press", "2026-06-15T09:00:00+08:00")
    _press("OK-B", 1, "ok_press", "2026-06-16T07:00:00+08:00")
    for rule in ("daily_ok", "test_call"):
        services.raise_alarm(third, rule=rule, severity=2, occurred_at=NOW - timedelta(hours=1))
    return third


def test_lists_the_daily_check_elders_of_the_region_with_today_and_the_test_call(
    city, street_worker
):
    client = Client()
    client.force_login(street_worker)

    assert _states(client) == {
        "OK-1": ("pressed", "ok"),
        "OK-2": ("not_yet", "overdue"),
        "OK-3": ("alarm", "failed"),
    }
    response = client.get(reverse("telecare:check_list"))
    assert response.context["counts"] == {"pressed": 1, "not_yet": 1, "alarm": 1}
    page = response.content.decode()
    assert "08:30" in page  # pressed at, local time
    missed = Alarm.objects.get(device=city, rule="daily_ok")
    assert reverse("telecare:alarm_detail", args=[missed.pk]) in page


def test_filters_by_todays_state_by_failed_test_and_everyone(city, street_worker):
    client = Client()
    client.force_login(street_worker)

    assert list(_states(client, daily="pressed")) == ["OK-1"]
    assert list(_states(client, daily="not_yet")) == ["OK-2"]
    assert list(_states(client, daily="alarm")) == ["OK-3"]
    assert list(_states(client, test="failed")) == ["OK-3"]
    # every button, for the test calls: the elder who did not choose the check is there too
    assert _states(client, who="all")["OK-4"] == ("", "ok")
    assert sorted(_states(client, who="all")) == ["OK-1", "OK-2", "OK-3", "OK-4"]


def test_other_streets_worker_sees_only_her_street(city, other_street_worker):
    client = Client()
    client.force_login(other_street_worker)

    assert _states(client) == {"OK-B": ("pressed", "ok")}
    assert client.get(reverse("telecare:check_list")).context["counts"] == {
        "pressed": 1,
        "not_yet": 0,
        "alarm": 0,
    }


def test_a_city_default_turned_on_lists_everyone_but_who_turned_it_off(
    city, street_worker, city_admin
):
    services.set_rule(
        "daily_ok", severity=2, threshold=26, effective_from=timezone.localdate(), actor=city_admin
    )
    _choose_daily_ok(city.elder, city_admin, is_enabled=False)  # 王淑珍 opts out
    client = Client()
    client.force_login(street_worker)

    assert sorted(_states(client)) == ["OK-1", "OK-2", "OK-4"]


def test_caregivers_may_not_open_it(city, caregiver):
    client = Client()
    client.force_login(caregiver)

    assert client.get(reverse("telecare:check_list")).status_code == 403


def test_query_count_does_not_grow_with_rows(city, street_worker):
    client = Client()
    client.force_login(street_worker)
    with CaptureQueriesContext(connection) as three:
        client.get(reverse("telecare:check_list"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("telecare:check_list"), {"daily": "pressed"})

    assert len(three) == len(one)


def test_rows_use_each_elders_own_test_call_days(city, street_worker, city_admin):
    from yiyang.telecare.models import Device

    services.set_rule(
        "test_call", elder=city.elder, severity=3, threshold=7,
        effective_from=timezone.localdate(), actor=city_admin,
    )  # fmt: skip
    device = Device.objects.with_proactive_alarms().get(serial="OK-1")
    other = Device.objects.with_proactive_alarms().get(serial="OK-3")

    rows = {row.device.serial: row for row in proactive_rows([device, other], timezone.now())}

    assert rows["OK-1"].test_due == device.last_test_at + timedelta(days=31)
    assert rows["OK-3"].test_due == datetime(2026, 6, 8, tzinfo=SHANGHAI)
