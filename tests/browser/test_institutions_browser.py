"""Institution staff admit a person to a free bed and later discharge her; a family's public page
(phone and desktop widths) shows the free-bed count drop and rise, and the map is drawn."""

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import COMMUNITY_A1
from tests.factories import make_elder
from tests.institutions.conftest import (  # noqa: F401 (fixtures of the institutions tests)
    district_worker,
    filing_a,
    home,
    institution_staff,
    room,
)
from yiyang.institutions.models import Institution

pytestmark = [pytest.mark.browser]

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
SHOTS = Path("/tmp/shots")


def _free_beds(page, live_server, *, width: int, height: int, shot: str) -> list[int]:
    """The free counts on the first card, in bed-kind order (ordinary, nursing, dementia)."""
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_server.url + "/institutions/public/")
    page.wait_for_selector("#yy-public-map[data-ready='1']")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / shot), full_page=True)
    badges = page.locator(".yy-free-beds .badge").all_inner_texts()
    return [int(re.findall(r"\d+", badge)[-1]) for badge in badges]


def test_admission_and_discharge_move_the_public_free_bed_count(
    transactional_db,
    live_server,
    room,  # noqa: F811
    institution_staff,  # noqa: F811
):
    # given a home on the map with two free nursing beds, and a registry elder
    Institution.objects.filter(pk=room.institution_id).update(
        latitude=Decimal("37.99"), longitude=Decimal("106.20")
    )
    elder = make_elder(residence_region_id=COMMUNITY_A1, name="王桂英")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        family = chromium.new_context(locale="zh-CN").new_page()
        before = _free_beds(
            family, live_server, width=390, height=844, shot="institutions-public-phone.png"
        )
        assert before == [1, 2]  # one ordinary, two nursing beds free

        staff = chromium.new_context(
            locale="zh-CN", viewport={"width": 1366, "height": 900}
        ).new_page()
        staff.goto(live_server.url + "/login/")
        staff.fill("#id_username", "institution_staff")
        staff.fill("#id_password", "Correct-Horse-9")
        staff.click("button[type=submit]")
        staff.goto(f"{live_server.url}/institutions/{room.institution_id}/beds/")
        staff.screenshot(path=str(SHOTS / "institutions-bed-board.png"), full_page=True)

        # when the staff admit her to bed 1
        staff.click(f"a[data-bed='{room.beds.get(code='1').pk}']")
        staff.fill("#id_elder_id_number", elder.id_number)
        staff.fill("#id_contract_number", "HT-2026-1")
        staff.fill("#id_fee_yuan", "2800")
        staff.click("#yy-admit-form button[type=submit]")
        staff.wait_for_selector("#yy-stay-status")
        staff.screenshot(path=str(SHOTS / "institutions-resident.png"), full_page=True)

        # then the family sees one free nursing bed fewer
        during = _free_beds(
            family, live_server, width=1366, height=900, shot="institutions-public-desktop.png"
        )
        assert during == [1, 1]

        # and when she is discharged, the bed is free again
        staff.click("#yy-action-discharge summary")
        staff.click("#yy-action-discharge button[type=submit]")
        staff.wait_for_selector(".alert-success")
        after = _free_beds(
            family, live_server, width=390, height=844, shot="institutions-public-after.png"
        )
        assert after == before
        chromium.close()
