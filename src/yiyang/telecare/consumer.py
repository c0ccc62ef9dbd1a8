"""The MQTT door: subscribe to yiyang/<tenant>/+/+ at QoS 1 with a persistent session.

The session is persistent (clean_session False, a fixed client id), so the broker keeps what
devices publish while the consumer is down and delivers it when it returns. paho acknowledges
a QoS 1 message only after `on_message` returns, that is after the alarm row is committed; a
consumer killed mid-message gets it again, and (device, sequence) makes the replay harmless.
A refused message is counted and acknowledged (it would be refused again); an exception from
the database is not caught, so the message stays unacknowledged and the process restarts.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import paho.mqtt.client as mqtt
from django.db import close_old_connections

from yiyang.telecare import directory, live
from yiyang.telecare.messages import topic_parts
from yiyang.telecare.services.checks import run_checks
from yiyang.telecare.services.ingest import ingest_envelope

logger = logging.getLogger("yiyang.telecare.consumer")

# Last-seen times are sent to the cache in one batch this often (see `live`).
FLUSH_SECONDS = 0.25


@dataclass
class ConsumerStats:
    received: int = 0
    accepted: int = 0
    alarms: int = 0
    duplicates: int = 0
    refused: Counter = field(default_factory=Counter)


class Consumer:
    """One subscriber process; `run()` until stopped or for `max_seconds`."""

    def __init__(
        self,
        *,
        host: str,
        port: int,
        tenant: str,
        client_id: str,
        check_every: float = 30.0,
        kinds: tuple[str, ...] = (),
        share: str = "",
    ) -> None:
        # All kinds by default; a consumer of the alarm kinds alone (`--kinds sos,fall,…`, its
        # own client id) keeps alarms from queueing behind a backlog of heartbeats. With
        # `share`, several consumers (each its own client id) split the messages between them
        # through the broker's shared subscription `$share/<group>/…`.
        topics = [f"yiyang/{tenant}/+/{kind}" for kind in kinds] or [f"yiyang/{tenant}/+/+"]
        self.topics = [f"$share/{share}/{topic}" for topic in topics] if share else topics
        self.topic = ", ".join(self.topics)
        self.host, self.port = host, port
        self.check_every = check_every
        self.stats = ConsumerStats()
        self.subscribed = False
        self.on_ready: Callable[[], None] | None = None
        # Called once the devices' keys are all loaded (the benchmark's steady state begins).
        self.on_loaded: Callable[[], None] | None = None
        self.client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2,
            client_id=client_id,
            clean_session=False,
            protocol=mqtt.MQTTv311,
        )
        # Many messages in flight at once; the broker's queue holds the rest.
        self.client.max_inflight_messages_set(1000)
        self.client.on_connect = self._on_connect
        self.client.on_subscribe = self._on_subscribe
        self.client.on_message = self._on_message

    def _on_connect(self, client, userdata, flags, reason_code, properties) -> None:
        if reason_code.is_failure:
            logger.error("MQTT connection refused: %s", reason_code)
            return
        # Subscribing again on a resumed session is harmless and covers a lost session.
        client.subscribe([(topic, 1) for topic in self.topics])

    def _on_subscribe(self, client, userdata, mid, reason_codes, properties) -> None:
        self.subscribed = True
        if self.on_ready is not None:
            self.on_ready()

    def _on_message(self, client, userdata, message: mqtt.MQTTMessage) -> None:
        self.stats.received += 1
        parts = topic_parts(message.topic)
        result = ingest_envelope(bytes(message.payload), topic_serial=parts[1] if parts else "")
        if not result.accepted:
            self.stats.refused[result.reason] += 1
            return
        self.stats.accepted += 1
        self.stats.alarms += len(result.alarms)
        self.stats.duplicates += int(result.duplicate)

    def connect(self) -> None:
        self.client.connect(self.host, self.port, keepalive=30)

    def run(self, max_seconds: float | None = None, idle_seconds: float | None = None) -> None:
        """Serve until stopped, or `max_seconds`, or `idle_seconds` without a new message."""
        # The devices' keys load beside the first messages (each read on its own meanwhile):
        # after a crash, alarms queued while the consumer was down should not wait for them.
        self.connect()
        warming = directory.devices.warm_in_background()
        live.buffer_writes()
        started = last_check = last_activity = last_flush = time.monotonic()
        seen = self.stats.received
        loaded = False
        try:
            while True:
                self.client.loop(timeout=0.2)
                now = time.monotonic()
                if not loaded and not warming.is_alive():
                    loaded = True
                    if self.on_loaded is not None:
                        self.on_loaded()
                if now - last_flush >= FLUSH_SECONDS:
                    live.flush()
                    last_flush = now
                if self.stats.received != seen:
                    seen, last_activity = self.stats.received, now
                if self.check_every and now - last_check >= self.check_every:
                    close_old_connections()
                    summary = run_checks()
                    logger.info("checks: %s; stats: %s", summary, self.stats)
                    last_check = now
                if max_seconds is not None and now - started >= max_seconds:
                    break
                if (
                    idle_seconds is not None
                    and self.subscribed
                    and now - last_activity >= idle_seconds
                ):
                    break
        finally:
            # Never leave the loading thread writing into the directory after we return.
            warming.join()
            live.buffer_writes(False)
            self.client.disconnect()
            self.client.loop(timeout=0.2)

    def kill(self) -> None:
        """Drop the connection without a clean goodbye, as a crash would (for tests)."""
        sock = self.client.socket()
        if sock is not None:
            sock.close()
