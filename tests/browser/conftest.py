"""What every browser test shares: Debian's chromium driven by Playwright against the live server."""

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
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
