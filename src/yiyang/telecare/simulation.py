"""The device simulator behind `yiyang simulate_devices`: realistic heartbeats and events.

Demo devices get secrets derived from the serial and the deployment's SECRET_KEY
(`demo_secret`), so the simulator can sign for them without the platform storing secrets.
Never use this for real devices: their secrets are random and shown once.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

import paho.mqtt.client as mqtt
from django.conf import settings

from yiyang.telecare.messages import make_envelope, signing_key

DEMO_PREFIX = "DEMO-"
# What a device of each kind says besides heartbeats, and how often (share of its messages).
EVENTS = {
    "sos_button": ["sos"],
    "smart_watch": ["sos", "fall"],
    "smoke": ["smoke"],
    "gas": ["gas"],
    "water_leak": ["water_leak"],
    "door_contact": ["door_open", "door_closed"],
    "motion": ["motion"],
    "bed_sensor": ["motion"],
    "fall_radar": ["fall"],
}


def demo_secret(serial: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, b"demo-device:" + serial.encode(), hashlib.sha256).hexdigest()[:32]


@dataclass
class SimDevice:
    serial: str
    kind: str
    key: str
    battery: int = 100
    seq: int = 0


@dataclass
class SimStats:
    published: int = 0
    events: int = 0
    acknowledged: int = 0
    waits: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


class Simulator:
    """Publish at `rate` messages a second over QoS 1 with back-pressure on unacknowledged ones.

    paho refuses more than ~65k messages in flight; the simulator waits whenever `max_pending`
    are unacknowledged by the broker. Keep it in the low thousands: paho walks every message in
    flight on each acknowledgement (`Client._update_inflight`), so 20,000 in flight held the
    publisher to a few hundred messages a second.
    """

    def __init__(
        self,
        devices: list[SimDevice],
        *,
        host: str,
        port: int,
        tenant: str,
        event_share: float = 0.002,
        max_pending: int = 1000,
        seed: int = 0,
    ) -> None:
        self.devices = devices
        self.tenant = tenant
        self.event_share = event_share
        self.max_pending = max_pending
        self.random = random.Random(seed)
        self.stats = SimStats()
        self._pending = 0
        self._lock = threading.Lock()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv311)
        self.client.max_inflight_messages_set(self.max_pending)
        self.client.max_queued_messages_set(0)
        self.client.on_publish = self._on_publish
        self.client.connect(host, port, keepalive=30)
        self.client.loop_start()
        # Sequence numbers start from the clock so a restarted simulator never repeats one.
        start = int(time.time() * 1000)
        for device in devices:
            device.seq = start

    def _on_publish(self, client, userdata, mid, reason_code, properties) -> None:
        with self._lock:
            self._pending -= 1
            self.stats.acknowledged += 1

    def message(self, device: SimDevice, kind: str | None = None) -> tuple[str, bytes]:
        if kind is None:
            kind = "heartbeat"
            if self.random.random() < self.event_share:
                kind = self.random.choice(EVENTS.get(device.kind, ["sos"]))
        device.seq += 1
        if self.random.random() < 0.01:
            device.battery = max(0, device.battery - 1)
        body = json.dumps(
            {
                "device": device.serial,
                "seq": device.seq,
                "kind": kind,
                "ts": datetime.now(UTC).isoformat(),
                "payload": {"battery": device.battery},
            },
            separators=(",", ":"),
        ).encode()
        topic = f"yiyang/{self.tenant}/{device.serial}/{kind}"
        return topic, make_envelope(body, device.key)

    def publish(self, device: SimDevice, kind: str | None = None) -> str:
        topic, payload = self.message(device, kind)
        while True:
            with self._lock:
                if self._pending < self.max_pending:
                    self._pending += 1
                    break
            self.stats.waits += 1
            time.sleep(0.005)
        self.client.publish(topic, payload, qos=1)
        kind = topic.rsplit("/", 1)[1]
        self.stats.published += 1
        self.stats.events += int(kind != "heartbeat")
        self.stats.by_kind[kind] = self.stats.by_kind.get(kind, 0) + 1
        return kind

    def run(self, *, rate: float, seconds: float) -> SimStats:
        """Publish round-robin over the devices at `rate` messages a second for `seconds`."""
        started = time.monotonic()
        sent = 0
        index = 0
        while (elapsed := time.monotonic() - started) < seconds:
            due = int(elapsed * rate) + 1
            while sent < due:
                self.publish(self.devices[index % len(self.devices)])
                index += 1
                sent += 1
            time.sleep(0.002)
        return self.stats

    def close(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while self._pending > 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        self.client.disconnect()
        self.client.loop_stop()


def sim_device(serial: str, kind: str) -> SimDevice:
    return SimDevice(serial=serial, kind=kind, key=signing_key(demo_secret(serial)))
