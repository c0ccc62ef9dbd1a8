"""The MQTT door against the real broker (Mosquitto on 127.0.0.1:1883; CI runs it).

Loss-free restart: what devices publish while the consumer is down is delivered when it comes
back on its persistent session, exactly once as alarms.
"""

from __future__ import annotations

import socket
import uuid

import paho.mqtt.client as mqtt
import pytest

from tests.telecare.conftest import SECRET, body
from yiyang.telecare.consumer import Consumer
from yiyang.telecare.messages import make_envelope, signing_key
from yiyang.telecare.models import Alarm, IngestRejection

pytestmark = [pytest.mark.mqtt, pytest.mark.django_db(transaction=True)]

HOST, PORT = "127.0.0.1", 1883


@pytest.fixture
def broker():
    try:
        socket.create_connection((HOST, PORT), timeout=1).close()
    except OSError:
        pytest.skip("no MQTT broker on 127.0.0.1:1883 (CI has one)")
    # A tenant and a session of this test alone: the broker is shared.
    tenant = f"test{uuid.uuid4().hex[:10]}"
    return tenant, f"yiyang-test-{tenant}"


def _publish(tenant: str, messages: list[tuple[str, bytes]]) -> None:
    publisher = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv311)
    publisher.connect(HOST, PORT)
    publisher.loop_start()
    try:
        for serial, payload in messages:
            info = publisher.publish(f"yiyang/{tenant}/{serial}/sos", payload, qos=1)
            info.wait_for_publish(timeout=5)
            assert info.is_published()
    finally:
        publisher.disconnect()
        publisher.loop_stop()


def _envelope(seq: int, kind: str = "sos") -> bytes:
    return make_envelope(body(seq=seq, kind=kind), signing_key(SECRET))


def _consumer(tenant: str, client_id: str) -> Consumer:
    return Consumer(host=HOST, port=PORT, tenant=tenant, client_id=client_id, check_every=0)


def test_messages_published_while_down_arrive_once_after_restart(broker, sos_button):
    tenant, client_id = broker
    # given a consumer that subscribed on its persistent session, handled one SOS and stopped
    _consumer(tenant, client_id).run(idle_seconds=0.3, max_seconds=5)
    _publish(tenant, [("SOS-0001", _envelope(1))])
    _consumer(tenant, client_id).run(idle_seconds=0.8, max_seconds=10)
    assert Alarm.objects.count() == 1

    # when devices publish while it is down (one of them a replay of an earlier message)
    _publish(tenant, [("SOS-0001", _envelope(seq)) for seq in (2, 3, 4, 1)])

    # then the restarted consumer gets them all and raises one alarm per new message
    second = _consumer(tenant, client_id)
    second.run(idle_seconds=0.8, max_seconds=15)
    assert second.stats.received == 4
    assert sorted(Alarm.objects.values_list("sequence", flat=True)) == [1, 2, 3, 4]
    assert second.stats.duplicates == 1


def test_malformed_and_forged_messages_are_counted_and_the_consumer_goes_on(broker, sos_button):
    tenant, client_id = broker
    forged = make_envelope(body(seq=7), signing_key("not-the-secret"))
    _consumer(tenant, client_id).run(idle_seconds=0.3, max_seconds=5)  # subscribe first
    _publish(
        tenant,
        [
            ("SOS-0001", b"\x00garbage"),
            ("SOS-0001", forged),
            ("SOS-0002", _envelope(8)),  # topic names another device
            ("SOS-0001", _envelope(9)),
        ],
    )

    consumer = _consumer(tenant, client_id)
    consumer.run(idle_seconds=0.8, max_seconds=15)

    assert consumer.stats.received == 4
    assert dict(consumer.stats.refused) == {
        "malformed": 1,
        "bad_signature": 1,
        "topic_mismatch": 1,
    }
    assert list(Alarm.objects.values_list("sequence", flat=True)) == [9]
    assert IngestRejection.objects.count() == 3


def test_simulator_publishes_what_the_consumer_ingests(broker, elder, street_worker):
    from datetime import date

    from yiyang.telecare import services
    from yiyang.telecare.simulation import Simulator, demo_secret, sim_device

    tenant, client_id = broker
    serials = [f"DEMO-SOS-{n:04}" for n in range(5)]
    for serial in serials:
        services.provision_device(
            elder,
            kind="sos_button",
            serial=serial,
            installed_on=date(2026, 6, 1),
            secret=demo_secret(serial),
            actor=street_worker,
        )
    _consumer(tenant, client_id).run(idle_seconds=0.3, max_seconds=5)  # subscribe first
    simulator = Simulator(
        [sim_device(serial, "sos_button") for serial in serials],
        host=HOST,
        port=PORT,
        tenant=tenant,
        event_share=0,
    )
    simulator.publish(simulator.devices[0], "sos")
    simulator.publish(simulator.devices[1], "sos")
    stats = simulator.run(rate=200, seconds=1.0)
    simulator.close()

    consumer = _consumer(tenant, client_id)
    consumer.run(idle_seconds=0.8, max_seconds=20)

    assert stats.acknowledged == stats.published
    assert consumer.stats.received == stats.published
    assert consumer.stats.refused == {}
    assert Alarm.objects.filter(rule="sos").count() == 2


def test_alarm_only_consumer_takes_alarms_and_leaves_heartbeats(broker, sos_button):
    tenant, client_id = broker
    alarms_only = Consumer(
        host=HOST, port=PORT, tenant=tenant, client_id=client_id, check_every=0, kinds=("sos",)
    )
    alarms_only.run(idle_seconds=0.3, max_seconds=5)  # subscribe first
    publisher = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv311)
    publisher.connect(HOST, PORT)
    publisher.loop_start()
    for topic_kind, payload in (("heartbeat", _envelope(1, "heartbeat")), ("sos", _envelope(2))):
        publisher.publish(
            f"yiyang/{tenant}/SOS-0001/{topic_kind}", payload, qos=1
        ).wait_for_publish(5)
    publisher.disconnect()
    publisher.loop_stop()

    consumer = Consumer(
        host=HOST, port=PORT, tenant=tenant, client_id=client_id, check_every=0, kinds=("sos",)
    )
    consumer.run(idle_seconds=0.8, max_seconds=10)

    assert consumer.stats.received == 1
    assert list(Alarm.objects.values_list("sequence", flat=True)) == [2]
