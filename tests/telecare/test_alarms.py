"""Handling an alarm to the end: every step a row with its time and actor."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.telecare.conftest import body, signed
from yiyang.core.errors import PermissionDeniedError
from yiyang.telecare import services
from yiyang.telecare.errors import TelecareError
from yiyang.telecare.models import Alarm, AlarmEvent


@pytest.fixture
def sos_alarm(sos_button) -> Alarm:
    raw = body(seq=1)
    return services.ingest_message(raw, signed(raw)).alarms[0]


def test_operator_handles_an_sos_to_the_end(sos_alarm, operator, clock):
    clock.shift(timedelta(seconds=20))
    services.acknowledge_alarm(sos_alarm, actor=operator)
    services.record_call(
        sos_alarm, actor=operator, called="马秀英", phone="13900000000", result="no_answer"
    )
    services.record_call(sos_alarm, actor=operator, called="儿子 马军", result="answered")
    services.dispatch_alarm(sos_alarm, actor=operator, target="family", note="儿子十分钟到")
    services.dispatch_alarm(sos_alarm, actor=operator, target="ambulance_120")
    services.resolve_alarm(sos_alarm, actor=operator, outcome="taken_to_hospital")

    sos_alarm.refresh_from_db()
    assert sos_alarm.status == "resolved"
    assert sos_alarm.outcome == "taken_to_hospital"
    assert sos_alarm.acknowledged_at - sos_alarm.raised_at == timedelta(seconds=20)
    steps = list(sos_alarm.events.values_list("event_type", "actor__username", "data"))
    assert steps == [
        ("raised", None, {}),
        ("acknowledged", "operator_a", {}),
        ("call", "operator_a", {"called": "马秀英", "phone": "13900000000", "result": "no_answer"}),
        ("call", "operator_a", {"called": "儿子 马军", "phone": "", "result": "answered"}),
        ("dispatched", "operator_a", {"target": "family"}),
        ("dispatched", "operator_a", {"target": "ambulance_120"}),
        ("resolved", "operator_a", {"outcome": "taken_to_hospital"}),
    ]


def test_second_acknowledgement_is_refused(sos_alarm, operator):
    services.acknowledge_alarm(sos_alarm, actor=operator)

    with pytest.raises(TelecareError) as caught:
        services.acknowledge_alarm(sos_alarm, actor=operator)

    assert caught.value.code == "telecare_alarm_wrong_status"
    assert AlarmEvent.objects.filter(event_type="acknowledged").count() == 1


@pytest.mark.parametrize(
    "step",
    [
        pytest.param(
            lambda a, u: services.resolve_alarm(a, actor=u, outcome="false_alarm"), id="resolve"
        ),
        pytest.param(
            lambda a, u: services.dispatch_alarm(a, actor=u, target="family"), id="dispatch"
        ),
        pytest.param(
            lambda a, u: services.record_call(a, actor=u, called="x", result="busy"), id="call"
        ),
    ],
)
def test_steps_need_acknowledgement_first(sos_alarm, operator, step):
    with pytest.raises(TelecareError):
        step(sos_alarm, operator)

    sos_alarm.refresh_from_db()
    assert sos_alarm.status == "open"
    assert AlarmEvent.objects.count() == 1


def test_resolve_needs_a_known_outcome(sos_alarm, operator):
    services.acknowledge_alarm(sos_alarm, actor=operator)

    with pytest.raises(TelecareError) as caught:
        services.resolve_alarm(sos_alarm, actor=operator, outcome="fine")

    assert caught.value.field == "outcome"
    sos_alarm.refresh_from_db()
    assert sos_alarm.status == "acknowledged"


@pytest.mark.parametrize(
    "actor_name",
    [
        pytest.param("other_operator", id="other-street-operator"),
        pytest.param("street_worker", id="street-worker-without-handling"),
    ],
)
def test_only_operators_of_the_region_handle(sos_alarm, actor_name, request):
    actor = request.getfixturevalue(actor_name)

    with pytest.raises(PermissionDeniedError):
        services.acknowledge_alarm(sos_alarm, actor=actor)

    sos_alarm.refresh_from_db()
    assert sos_alarm.status == "open"


def test_visible_only_in_the_region(sos_alarm, operator, other_operator):
    assert list(Alarm.objects.visible_to(operator)) == [sos_alarm]
    assert list(Alarm.objects.visible_to(other_operator)) == []


def test_arrival_on_site_is_recorded_once_dispatched(sos_alarm, operator, clock):
    services.acknowledge_alarm(sos_alarm, actor=operator)
    with pytest.raises(TelecareError) as refused:
        services.record_arrival(sos_alarm, actor=operator, responder="儿子 马军")
    assert refused.value.code == "telecare_alarm_wrong_status"

    services.dispatch_alarm(sos_alarm, actor=operator, target="family")
    dispatched = Alarm.objects.get(pk=sos_alarm.pk).dispatched_at
    clock.shift(timedelta(minutes=30))
    # heard by phone ten minutes after the fact
    arrived = dispatched + timedelta(minutes=20)
    services.record_arrival(sos_alarm, actor=operator, responder="儿子 马军", arrived_at=arrived)

    sos_alarm.refresh_from_db()
    assert sos_alarm.arrived_at == arrived
    step = sos_alarm.events.get(event_type="arrived")
    assert (step.actor, step.data["responder"]) == (operator, "儿子 马军")


@pytest.mark.parametrize("offset", [timedelta(minutes=-1), timedelta(hours=1)])
def test_arrival_before_the_dispatch_or_in_the_future_is_refused(
    sos_alarm, operator, clock, offset
):
    services.acknowledge_alarm(sos_alarm, actor=operator)
    services.dispatch_alarm(sos_alarm, actor=operator, target="community_worker")
    clock.shift(timedelta(minutes=5))
    dispatched = Alarm.objects.get(pk=sos_alarm.pk).dispatched_at
    at = (
        dispatched + offset if offset < timedelta(0) else dispatched + timedelta(minutes=5) + offset
    )

    with pytest.raises(TelecareError) as refused:
        services.record_arrival(sos_alarm, actor=operator, responder="社区 王芳", arrived_at=at)

    assert refused.value.field == "arrived_at"
    assert Alarm.objects.get(pk=sos_alarm.pk).arrived_at is None
    assert not AlarmEvent.objects.filter(event_type="arrived").exists()
