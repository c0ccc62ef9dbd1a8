"""The web side of bench/alarm_latency.py: serve the platform as production does (uvicorn,
docs/operations/deploy.md), log an operator in through the login form, and keep the alarm
console's event stream open the way a browser's EventSource does (reconnecting after the
`retry:` the server asks for), noting when each event arrived."""

from __future__ import annotations

import http.client
import http.cookiejar
import json
import re
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_web(env: dict, port: int, workers: int = 1) -> subprocess.Popen:
    """uvicorn on the bench database; returns once it answers the login page."""
    log = tempfile.NamedTemporaryFile("w+", prefix="web-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "uvicorn"),
            "yiyang.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--no-access-log",
            "--log-level",
            "warning",
            # Open streams would otherwise hold the shutdown for up to their 55 s.
            "--timeout-graceful-shutdown",
            "3",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    process.log_path = log.name  # type: ignore[attr-defined]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2):
                return process
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.2)
    raise SystemExit(f"web server did not start: {Path(log.name).read_text()}")


def log_in(port: int, username: str, password: str) -> str:
    """Log in through the form (CSRF token and all); return the session cookie's value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"
    page = opener.open(base + "/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        raise SystemExit("no CSRF token on the login page")
    form = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
    ).encode()
    opener.open(urllib.request.Request(base + "/login/", data=form, headers={"Referer": base}))  # noqa: S310 (our own server)
    for cookie in jar:
        if cookie.name == "sessionid":
            return cookie.value
    raise SystemExit("the operator could not log in")


class ConsoleStream(threading.Thread):
    """One open console: (arrival time.time(), event data) for every event, across reconnects."""

    def __init__(self, port: int, session: str) -> None:
        super().__init__(daemon=True)
        self.port, self.session = port, session
        self.events: list[tuple[float, dict]] = []
        self.connections = 0
        self.ready = threading.Event()
        self.stopping = threading.Event()
        self._connection: http.client.HTTPConnection | None = None

    def run(self) -> None:
        retry = 3.0  # EventSource's default until the server names its own
        while not self.stopping.is_set():
            connection = self._connection = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=120
            )
            try:
                connection.request(
                    "GET",
                    "/telecare/console/stream/",
                    headers={"Accept": "text/event-stream", "Cookie": f"sessionid={self.session}"},
                )
                response = connection.getresponse()
                if response.status != 200:
                    raise SystemExit(f"stream answered {response.status}")
                self.connections += 1
                while line := response.readline():
                    if line.startswith(b"retry: "):
                        retry = int(line[7:]) / 1000
                    elif line.startswith(b"data: "):
                        self.events.append((time.time(), json.loads(line[6:])))
                        self.ready.set()
            except OSError:
                pass
            finally:
                connection.close()
            self.stopping.wait(retry)

    def stop(self) -> None:
        self.stopping.set()
        connection = self._connection
        if connection is not None and connection.sock is not None:
            connection.sock.shutdown(socket.SHUT_RDWR)

    def pushed_at(self, count: int) -> float | None:
        """When the console first showed at least `count` unresolved alarms."""
        for at, data in self.events:
            if data["unresolved"] >= count:
                return at
        return None
