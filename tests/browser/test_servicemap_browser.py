"""A district clerk opens the service map offline (no tile server): the points are drawn on the
plain background, a layer can be switched off, and the same figures stand in the table; then
the 15-minute circle with its proposed site, and the city administrator's figures page."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import STREET_A
from tests.servicemap.conftest import (  # noqa: F401 (fixtures of the service-map tests)
    elders,
    meal_point,
    placed,
)

pytestmark = [pytest.mark.browser]

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
SHOTS = Path("/tmp/shots")


# The map draws on a canvas (preferCanvas): count the circle markers Leaflet holds.
MARKERS = """(id) => { let n = 0; document.getElementById(id).yyMap.eachLayer(
  (layer) => { if (layer instanceof L.CircleMarker) n += 1; }); return n; }"""


def _login(page, base: str, username: str) -> None:
    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "Correct-Horse-9")
    page.click("button[type=submit]")


def test_clerk_reads_the_map_and_the_circle_offline(live_server, city_admin, elders, meal_point):  # noqa: F811
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = chromium.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
        # Offline: any request leaving the server fails, so a tile fetch would show up.
        outside = []
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(live_server.url)
                else (outside.append(route.request.url), route.abort())
            ),
        )
        page = context.new_page()
        _login(page, live_server.url, "city_admin")

        # when she opens the street's map
        page.goto(f"{live_server.url}/servicemap/?region={STREET_A}")
        page.wait_for_selector("#service-map[data-ready='1']")

        # then the communities and the meal point are drawn on the plain background
        assert page.locator("#service-map.yy-map-plain").count() == 1
        assert page.evaluate(MARKERS, "service-map") == 3  # 富平, 明珠 and the meal point
        page.screenshot(path=str(SHOTS / "servicemap-street.png"), full_page=True)
        # and switching the elders' layer off leaves the meal point alone
        page.locator(".leaflet-control-layers label", has_text="各社区老年人").click()
        assert page.evaluate(MARKERS, "service-map") == 1
        assert "富平社区" in page.locator("#service-map-table").inner_text()

        # when she opens the circle for the street
        page.goto(f"{live_server.url}/servicemap/circle/?region={STREET_A}")
        page.wait_for_selector("#circle-map[data-ready='1']")
        assert page.locator("#circle-share").inner_text() == "25%"
        assert page.locator("#proposed-sites li").count() == 2
        assert page.locator("#worst-communities li").first.inner_text().startswith("明珠社区")
        page.screenshot(path=str(SHOTS / "servicemap-circle.png"), full_page=True)

        # and the figures page
        page.click("text=服务圈参数")
        page.wait_for_selector("#id_minutes")
        page.screenshot(path=str(SHOTS / "servicemap-policy.png"), full_page=True)
        assert outside == []
        chromium.close()
