"""What every browser test shares: Debian's chromium driven by Playwright against the live server."""

import os

import pytest
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
