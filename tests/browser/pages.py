"""Steps the browser tests share: logging in as a user of a given screen size, screenshots,
places near the test district's centre, a click that loads a new page."""

from decimal import Decimal
from pathlib import Path

SHOTS = Path("/tmp/shots")
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
PASSWORD = "Correct-Horse-9"  # tests/conftest.py gives every test user this password
CENTRE = (Decimal("37.986000"), Decimal("106.199000"))


def log_in(browser, live_server, username: str, viewport: dict = DESKTOP):
    """A new browser context (Chinese, touch on a phone) with the user logged in; its page."""
    context = browser.new_context(
        locale="zh-CN", viewport=viewport, has_touch=viewport["width"] < 768
    )
    page = context.new_page()
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    return page


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def place(north_m: int, east_m: int = 0) -> tuple[Decimal, Decimal]:
    """Latitude and longitude `north_m` metres north and `east_m` east of `CENTRE` (at 38°N)."""
    return (
        CENTRE[0] + Decimal(north_m) / Decimal(111_195),
        CENTRE[1] + Decimal(east_m) / Decimal(87_700),
    )


def step(page, selector: str) -> None:
    """Click what submits a form or follows a link, and wait for the page it loads."""
    with page.expect_navigation():
        page.click(selector)
