"""The console's event stream over real HTTP: a connected client receives a new alarm.

On PostgreSQL the stream is woken by the alarm's notification (`telecare.push`), which these
tests prove by making the fallback poll far slower than the time they allow; under ASGI (how
production serves it) the stream is asynchronous, so each event leaves at once.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
import urllib.parse

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.db import connection
from django.test import AsyncClient, Client

from tests.telecare.conftest import body, signed
from yiyang.telecare import services
from yiyang.telecare.views import console

pytestmark = pytest.mark.django_db(transaction=True)


class StreamReader(threading.Thread):
    """An EventSource of the test: reads `data:` lines of one stream and notes when each came."""

    def __init__(self, url: str, session: str) -> None:
        super().__init__(daemon=True)
        parts = urllib.parse.urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        self.path, self.session = parts.path, session
        self.events: list[tuple[float, dict]] = []
        self.opened = threading.Event()

    def run(self) -> None:
        self.connection.request(
            "GET",
            self.path,
            headers={"Accept": "text/event-stream", "Cookie": f"sessionid={self.session}"},
        )
        response = self.connection.getresponse()
        assert response.status == 200
        while line := response.readline():
            if line.startswith(b"data: "):
                self.events.append((time.monotonic(), json.loads(line[6:])))
                self.opened.set()

    def first(self, unresolved: int, within: float) -> float | None:
        """When the first event showing `unresolved` alarms arrived, waiting up to `within`."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            for at, data in list(self.events):
                if data["unresolved"] == unresolved:
                    return at
            time.sleep(0.01)
        return None


def _session(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def _publish(live_server, seq: int = 1) -> float:
    raw = body(seq=seq)
    parts = urllib.parse.urlsplit(live_server.url)
    sender = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    published = time.monotonic()
    sender.request(
        "POST",
        "/api/v1/telecare/messages",
        body=raw,
        headers={"Content-Type": "application/json", "X-Yiyang-Signature": signed(raw)},
    )
    assert sender.getresponse().status == 202
    return published


def test_connected_stream_receives_a_new_alarm(live_server, sos_button, operator, monkeypatch):
    # given an operator's console stream open over HTTP (short-lived, so the test ends)
    monkeypatch.setattr(console, "STREAM_SECONDS", 4)
    reader = StreamReader(live_server.url + "/telecare/console/stream/", _session(operator))
    reader.start()
    assert reader.opened.wait(5)
    assert reader.events[0][1]["unresolved"] == 0

    # when the button is pressed (the HTTP door, as a device would)
    published = _publish(live_server)

    # then the stream sends the new state within a second: critical and unresolved
    arrived = reader.first(unresolved=1, within=3)
    assert arrived is not None
    assert arrived - published < 1.0
    assert reader.events[-1][1]["critical"] == 1
    reader.join(10)


@pytest.mark.postgres
def test_stream_is_woken_by_the_alarm_not_by_its_poll(
    live_server, sos_button, operator, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("notifications are PostgreSQL's; SQLite consoles poll (the test above)")
    # given a stream whose poll would look only after the test has given up
    monkeypatch.setattr(console, "STREAM_SECONDS", 6)
    monkeypatch.setattr(console, "STREAM_FALLBACK_SECONDS", 30.0)
    reader = StreamReader(live_server.url + "/telecare/console/stream/", _session(operator))
    reader.start()
    assert reader.opened.wait(5)
    time.sleep(0.3)  # the stream is waiting on its notification by now

    published = _publish(live_server)

    arrived = reader.first(unresolved=1, within=3)
    assert arrived is not None
    assert arrived - published < 0.5
    reader.join(10)


def test_other_regions_alarm_does_not_reach_the_stream(
    live_server, sos_button, other_operator, monkeypatch
):
    monkeypatch.setattr(console, "STREAM_SECONDS", 3)
    reader = StreamReader(live_server.url + "/telecare/console/stream/", _session(other_operator))
    reader.start()
    assert reader.opened.wait(5)

    _publish(live_server)
    reader.join(10)

    assert [data["unresolved"] for _at, data in reader.events] == [0]


def test_under_asgi_each_event_leaves_while_the_stream_is_open(sos_button, operator, monkeypatch):
    # Django reads a synchronous iterator to its end before sending under ASGI: the stream
    # must be asynchronous there, or the console would hear of an alarm 55 s late.
    monkeypatch.setattr(console, "STREAM_SECONDS", 4)
    client = AsyncClient()
    client.force_login(operator)

    async def read() -> list[tuple[float, dict]]:
        response = await client.get(
            "/telecare/console/stream/", headers={"Accept": "text/event-stream"}
        )
        assert response.is_async
        events = []
        pressed = False
        async for chunk in response.streaming_content:
            for line in chunk.decode().splitlines():
                if line.startswith("data: "):
                    events.append((time.monotonic(), json.loads(line[6:])))
            if events and not pressed:
                pressed = True
                raw = body(seq=1)
                await sync_to_async(services.ingest_message)(raw, signed(raw))
                pressed_at = time.monotonic()
        return [(at - pressed_at, data) for at, data in events]

    started = time.monotonic()
    events = async_to_sync(read)()

    assert [data["unresolved"] for _at, data in events] == [0, 1]
    assert events[1][0] < 1.0  # after the press, long before the stream's end
    assert time.monotonic() - started >= 4  # the stream stayed open meanwhile
