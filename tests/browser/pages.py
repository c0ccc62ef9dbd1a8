"""Steps the browser tests share: logging in as a user of a given screen size, screenshots."""

from pathlib import Path

SHOTS = Path("/tmp/shots")
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
PASSWORD = "Correct-Horse-9"  # tests/conftest.py gives every test user this password


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
