"""SLA figures: pure shares and percentiles, and the named query through the API."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.api.conftest import JsonClient
from tests.conftest import COMMUNITY_A1, STREET_A
from tests.telecare.conftest import body, signed
from yiyang.telecare import live, services
from yiyang.telecare.models import Device
from yiyang.telecare.services.sla import acknowledged_in_time_by_region, devices_online_by_region
from yiyang.telecare.sla import (
    AlarmTimes,
    false_alarm_share,
    percentile,
    share_acknowledged_within,
    share_on_site_within,
)

T0 = datetime(2026, 6, 16, 2, 0, tzinfo=UTC)


def _times(ack: float | None, resolved: float | None = None, outcome: str = "") -> AlarmTimes:
    return AlarmTimes(
        T0,
        T0 + timedelta(seconds=ack) if ack is not None else None,
        T0 + timedelta(seconds=resolved) if resolved is not None else None,
        outcome,
    )


def test_shares_count_unanswered_alarms_late_only_after_the_limit():
    alarms = [_times(30), _times(60), _times(61), _times(None)]
    minute = timedelta(seconds=60)

    assert share_acknowledged_within(alarms, minute, T0 + timedelta(seconds=59)) == 2 / 3
    assert share_acknowledged_within(alarms, minute, T0 + timedelta(seconds=61)) == 2 / 4
    assert share_acknowledged_within([], minute, T0) is None


def test_percentile_nearest_rank():
    assert percentile([5, 1, 3, 2, 4], 0.5) == 3
    assert percentile([5, 1, 3, 2, 4], 0.9) == 5
    assert percentile([], 0.5) is None


def test_false_alarm_share_of_resolved():
    alarms = [_times(1, 10, "false_alarm"), _times(1, 20, "helped_at_home"), _times(1)]

    assert false_alarm_share(alarms) == 0.5


def _sent(arrived_minutes: float | None, outcome: str = "") -> AlarmTimes:
    return AlarmTimes(
        T0, T0, None, outcome, dispatched_at=T0 + timedelta(minutes=2),
        arrived_at=T0 + timedelta(minutes=arrived_minutes) if arrived_minutes is not None else None,
    )  # fmt: skip


def test_on_site_share_counts_from_the_alarm_and_awaited_ones_late_after_45_minutes():
    limit = timedelta(minutes=45)
    alarms = [_sent(30), _sent(45), _sent(50), _sent(None), _sent(None, "false_alarm"),
              _times(10)]  # fmt: skip

    # before the limit the awaited one may still be on time; the false alarm and the alarm
    # nobody was sent to never count
    assert share_on_site_within(alarms, limit, T0 + timedelta(minutes=40)) == 2 / 3
    assert share_on_site_within(alarms, limit, T0 + timedelta(minutes=46)) == 2 / 4
    assert share_on_site_within([_times(10)], limit, T0) is None


pytestmark = pytest.mark.django_db


@pytest.mark.urls("tests.api.urls")
def test_sla_through_the_api(sos_button, operator, other_operator, clock):
    def sos(seq):
        raw = body(seq=seq)
        return services.ingest_message(raw, signed(raw)).alarms[0]

    quick = sos(1)
    clock.shift(timedelta(seconds=30))
    services.acknowledge_alarm(quick, actor=operator)
    clock.shift(timedelta(seconds=30))
    services.resolve_alarm(quick, actor=operator, outcome="false_alarm")
    slow = sos(2)
    clock.shift(timedelta(seconds=200))
    services.acknowledge_alarm(slow, actor=operator, late_reason="坐席正在处理另一起火警")
    live.touch(sos_button.pk, datetime.now(UTC))

    answer = JsonClient(operator).get("/alarms/sla", {"start": "2026-06-16", "end": "2026-06-16"})
    hidden = JsonClient(other_operator).get(
        "/alarms/sla", {"start": "2026-06-16", "end": "2026-06-16"}
    )

    figures = answer.json()
    assert figures["alarms"] == 2
    assert figures["acknowledged_within_60s"] == 0.5
    assert figures["acknowledged_within_180s"] == 0.5
    assert figures["false_alarm_share"] == 1.0
    assert figures["resolve_seconds_median"] == 60.0
    assert figures["devices"] == {"active": 1, "online": 1}
    assert [(e["alarm_pk"], e["wait_seconds"], e["reason"]) for e in figures["exceptions"]] == [
        (slow.pk, 200.0, "坐席正在处理另一起火警")
    ]
    assert hidden.json()["alarms"] == 0
    assert hidden.json()["exceptions"] == []


def test_alarms_answered_in_time_and_devices_online_by_region(sos_button, operator, clock):
    # given three SOS alarms of street A's elder in June: answered after 30 s, after 200 s,
    # and one raised 20 s ago, still waiting (it has time left, so it is not counted yet)
    def sos(seq):
        raw = body(seq=seq)
        return services.ingest_message(raw, signed(raw)).alarms[0]

    quick = sos(1)
    clock.shift(timedelta(seconds=30))
    services.acknowledge_alarm(quick, actor=operator)
    slow = sos(2)
    clock.shift(timedelta(seconds=200))
    services.acknowledge_alarm(slow, actor=operator, late_reason="坐席正在处理另一起火警")
    sos(3)
    clock.shift(timedelta(seconds=20))
    # and the button heard a minute ago (its heartbeat is 5 minutes: online)
    live.touch(sos_button.pk, datetime.now(UTC) - timedelta(seconds=60))
    on = date(2026, 6, 16)

    # then 1 of the 2 counted alarms was answered within 60 s, per street and per district
    assert acknowledged_in_time_by_region(within="", prefix_length=9, on=on) == {
        STREET_A[:9]: (1, 2)
    }
    assert acknowledged_in_time_by_region(within="640302", prefix_length=6, on=on) == {
        "640302": (1, 2)
    }
    # July's figure counts July's alarms only
    assert acknowledged_in_time_by_region(within="", prefix_length=9, on=date(2026, 7, 1)) == {}
    # and 1 of 1 active device is online; silent for 16 minutes (> 3 heartbeats), it is not
    assert devices_online_by_region(within="", prefix_length=12, on=on) == {COMMUNITY_A1: (1, 1)}
    live.touch(sos_button.pk, datetime.now(UTC) - timedelta(minutes=16))
    Device.objects.filter(pk=sos_button.pk).update(last_seen_at=None)
    assert devices_online_by_region(within="", prefix_length=12, on=on) == {COMMUNITY_A1: (0, 1)}
