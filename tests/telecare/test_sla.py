"""SLA figures: pure shares and percentiles, and the named query through the API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.api.conftest import JsonClient
from tests.telecare.conftest import body, signed
from yiyang.telecare import live, services
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
