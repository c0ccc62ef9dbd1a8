"""The city administrator opens the dashboard, sees the trend sparklines drawn by ECharts and
drills down from the city to a community."""

import os
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import sync_playwright

from tests.conftest import CITY, COMMUNITY_A1, DISTRICT, STREET_A
from tests.stats.conftest import elders  # noqa: F401 (fixture of the stats tests)
from yiyang.stats.defaults import install_default_indicators
from yiyang.stats.models import Indicator
from yiyang.stats.services import report_figure, snapshot_month

pytestmark = [pytest.mark.browser]

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
SHOTS = Path("/tmp/shots")


def test_director_reads_the_dashboard_and_drills_down(live_server, city_admin, elders):  # noqa: F811
    # given snapshots of April and May, and a reported social-worker ratio of 0 (target 1 ‰):
    # 100 % short, as far as any computed figure of this small city can be, and first by position
    install_default_indicators()
    for month in (date(2026, 4, 1), date(2026, 5, 1)):
        with time_machine.travel(date(2026, 5, 31), tick=False):
            snapshot_month(month)
    moment = datetime(2026, 6, 15, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=True), sync_playwright() as playwright:
        report_figure(
            Indicator.objects.get(code="social_worker_ratio"),
            region=city_admin.region,
            month=date(2026, 6, 1),
            value=Decimal(0),
            source="6月社工统计表",
            actor=city_admin,
        )
        snapshot_month(date(2026, 6, 1))
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = chromium.new_context(
            locale="zh-CN", viewport={"width": 1366, "height": 900}
        ).new_page()
        page.goto(live_server.url + "/login/")
        page.fill("#id_username", "city_admin")
        page.fill("#id_password", "Correct-Horse-9")
        page.click("button[type=submit]")

        # when she opens the dashboard
        page.goto(live_server.url + "/stats/")

        # then the indicator behind its target leads, and the sparklines are drawn
        first = page.locator("#indicator-table tbody tr").first
        assert first.get_attribute("data-indicator") == "social_worker_ratio"
        assert "未达标" in first.inner_text()
        page.wait_for_selector("[data-sparkline='elders_total'] svg")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "stats-city.png"), full_page=True)

        # and she drills down: district, street, community
        for name, code in (
            ("利通区", DISTRICT),
            ("胜利街道", STREET_A),
            ("富平社区", COMMUNITY_A1),
        ):
            page.click(f"text={name}")
            page.wait_for_url(f"**/stats/?region={code}")
        assert "富平社区" in page.locator("h1").inner_text()
        elders_row = page.locator("tr[data-indicator='elders_total']")
        assert "3" in elders_row.locator("td").nth(1).inner_text()
        page.screenshot(path=str(SHOTS / "stats-community.png"), full_page=True)
        assert CITY in page.locator(".breadcrumb").inner_html()

        # and she sets a district's own target, then reads the reported figures
        page.goto(live_server.url + "/stats/targets/")
        page.select_option("#id_indicator", label="护理型床位占比")
        page.select_option("#id_region", value=DISTRICT)
        page.fill("#id_year", "2026")
        page.fill("#id_value", "65")
        with page.expect_navigation():
            page.click("#target-form button")
        assert "65%" in page.locator("#target-table").inner_text()
        page.screenshot(path=str(SHOTS / "stats-targets.png"), full_page=True)
        page.goto(live_server.url + "/stats/figures/")
        assert "6月社工统计表" in page.locator("#report-table").inner_text()
        page.screenshot(path=str(SHOTS / "stats-reports.png"), full_page=True)
        chromium.close()
