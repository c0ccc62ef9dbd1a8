"""The periodic checks: silence, no motion, door open at night, escalation; idempotent."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from tests.conftest import COMMUNITY_A1
from tests.telecare.conftest import SHANGHAI, body, signed
from yiyang.telecare import live, services
from yiyang.telecare.models import Alarm, AlarmRule


def test_silent_device_raises_one_technical_alarm(sos_button, clock):
    raw = body(seq=1, kind="heartbeat")
    services.ingest_message(raw, signed(raw))
    clock.shift(timedelta(seconds=3 * 300 + 1))

    first = services.run_checks()
    second = services.run_checks()

    assert (first.silent, second.silent) == (1, 0)
    alarm = Alarm.objects.get()
    assert (alarm.rule, alarm.severity) == ("silent", 3)
    sos_button.refresh_from_db()
    assert sos_button.last_seen_at == datetime(2026, 6, 16, 10, 0, tzinfo=SHANGHAI)


def test_device_heard_in_time_is_not_silent(sos_button, clock):
    clock.shift(timedelta(seconds=800))
    raw = body(seq=1, kind="heartbeat")
    services.ingest_message(raw, signed(raw))
    clock.shift(timedelta(seconds=800))

    assert services.run_checks().silent == 0
    assert Alarm.objects.count() == 0


def _device(elder, actor, kind, serial):
    device, secret = services.provision_device(
        elder, kind=kind, serial=serial, installed_on=date(2026, 6, 16), actor=actor
    )
    return device, secret


def test_no_motion_for_the_elders_own_hours(elder, street_worker, clock):
    device, _secret = _device(elder, street_worker, "motion", "PIR-1")
    live.touch(device.pk, datetime(2026, 6, 16, 10, 0, tzinfo=SHANGHAI), "motion")
    # This elder sleeps late: 6 hours instead of the city's 4.
    default = AlarmRule.objects.get(code="no_motion", elder=None)
    AlarmRule.objects.create(
        code="no_motion",
        elder=elder,
        severity=default.severity,
        threshold=6,
        window_start_hour=8,
        window_end_hour=20,
        effective_from=date(2026, 1, 1),
    )
    clock.move_to(datetime(2026, 6, 16, 15, 0, tzinfo=SHANGHAI))
    assert services.run_checks().no_motion == 0

    clock.move_to(datetime(2026, 6, 16, 16, 0, tzinfo=SHANGHAI))
    assert services.run_checks().no_motion == 1
    assert Alarm.objects.get(rule="no_motion").severity == 2


def test_door_open_at_night(elder, street_worker, clock):
    _device_row, secret = _device(elder, street_worker, "door_contact", "DOOR-1")
    clock.move_to(datetime(2026, 6, 16, 23, 0, tzinfo=SHANGHAI))
    raw = body(serial="DOOR-1", kind="door_open")
    raw = raw.replace(b"2026-06-16T10:00:00+08:00", b"2026-06-16T23:00:00+08:00")
    services.ingest_message(raw, signed(raw, secret))

    clock.shift(timedelta(minutes=29))
    assert services.run_checks().door_open == 0
    clock.shift(timedelta(minutes=1))
    assert services.run_checks().door_open == 1


def test_unacknowledged_critical_alarm_escalates_each_delay(sos_button, operator, clock):
    raw = body(seq=1)
    alarm = services.ingest_message(raw, signed(raw)).alarms[0]

    clock.shift(timedelta(seconds=59))
    assert services.run_checks().escalated == 0
    clock.shift(timedelta(seconds=1))
    assert services.run_checks().escalated == 1
    assert services.run_checks().escalated == 0
    clock.shift(timedelta(seconds=60))
    assert services.run_checks().escalated == 1

    alarm.refresh_from_db()
    assert alarm.escalation_level == 2
    assert list(alarm.events.values_list("event_type", flat=True)) == [
        "raised",
        "escalated",
        "escalated",
    ]


def test_acknowledged_alarm_does_not_escalate(sos_button, operator, clock):
    raw = body(seq=1)
    alarm = services.ingest_message(raw, signed(raw)).alarms[0]
    services.acknowledge_alarm(alarm, actor=operator)
    clock.shift(timedelta(seconds=120))

    assert services.run_checks().escalated == 0


@pytest.mark.parametrize("count", [1, 25])
def test_check_queries_do_not_grow_with_devices(
    elder, street_worker, django_assert_num_queries, count
):
    for number in range(count):
        device, _secret = _device(elder, street_worker, "smoke", f"SMOKE-{number:03}")
        live.touch(device.pk, datetime(2026, 6, 16, 9, 59, tzinfo=SHANGHAI))
    assert elder.residence_region_id == COMMUNITY_A1

    # devices, rules, last-seen saved in one statement, the empty next batch, then the
    # escalation rules and candidates
    with django_assert_num_queries(6):
        services.run_checks()


def test_monthly_test_call_missing_is_a_technical_alarm(sos_button, clock):
    # installed on 1 June; a test call on 10 June, then nothing
    raw = body(seq=1, kind="test_call").replace(b"2026-06-16T10", b"2026-06-10T10")
    services.ingest_message(raw, signed(raw))
    sos_button.refresh_from_db()
    assert sos_button.last_test_at == datetime(2026, 6, 10, 10, 0, tzinfo=SHANGHAI)

    clock.move_to(datetime(2026, 7, 11, 10, 0, tzinfo=SHANGHAI))
    assert services.run_checks().test_call == 0
    clock.move_to(datetime(2026, 7, 11, 10, 1, tzinfo=SHANGHAI))
    summary = services.run_checks()

    assert summary.test_call == 1
    assert Alarm.objects.get(rule="test_call").severity == 3


def test_daily_ok_only_for_elders_who_chose_it(sos_button, elder, clock):
    raw = body(seq=1, kind="ok_press")
    services.ingest_message(raw, signed(raw))
    clock.shift(timedelta(hours=27))
    live.touch(sos_button.pk, datetime.now(tz=SHANGHAI))
    assert services.run_checks().daily_ok == 0  # the city's default: off

    default = AlarmRule.objects.get(code="daily_ok", elder=None)
    AlarmRule.objects.create(
        code="daily_ok",
        elder=elder,
        severity=default.severity,
        threshold=26,
        effective_from=date(2026, 1, 1),
    )

    assert services.run_checks().daily_ok == 1
    assert Alarm.objects.get(rule="daily_ok").severity == 2
