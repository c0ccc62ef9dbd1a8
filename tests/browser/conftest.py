"""What every browser test shares: Debian's chromium driven by Playwright against the live server."""

import os
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.handlers.wsgi import WSGIHandler
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in the test's thread; Django's ORM, called by the
# test between browser steps, must be allowed to run beside it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture
def browser(live_server):
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def monday():
    """Monday 2 March 2026 at 07:00 in the city, with the clock running (a frozen one stalls the
    live server)."""
    with time_machine.travel(
        datetime(2026, 3, 2, 7, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True
    ):
        yield


# The test database is SQLite in memory, and the live server's request threads share its one
# connection: two requests at once (a phone's poll beside the dispatcher's board) can deadlock in
# SQLite. One request at a time, as a phone and a desk take turns anyway; a streaming response's
# body is sent after the lock is let go, so an open alarm stream does not hold up the rest.
_ONE_REQUEST = threading.Lock()
_handle = WSGIHandler.__call__


def _one_at_a_time(self, environ, start_response):
    with _ONE_REQUEST:
        return _handle(self, environ, start_response)


@pytest.fixture(autouse=True)
def one_request_at_a_time(monkeypatch):
    monkeypatch.setattr(WSGIHandler, "__call__", _one_at_a_time)
