"""A clerk in a real browser: log in, find an elder, open the profile, add one (with a typo first)."""

from datetime import date

import pytest

from tests.conftest import COMMUNITY_A1
from tests.factories import make_id_number
from tests.registry.pages_helpers import elder_with
from yiyang.registry.models import Elder

pytestmark = [pytest.mark.browser]


@pytest.fixture
def page(browser):
    return browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 768}).new_page()


def test_clerk_finds_an_elder_and_adds_another(transactional_db, live_server, page, street_worker):
    # given
    elder = elder_with(COMMUNITY_A1, name="王桂英")
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "street_worker")
    page.fill("#id_password", "Correct-Horse-9")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    # Bootstrap's stylesheet is served by the live server (it defines --bs-blue on :root).
    bootstrap_blue = page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--bs-blue').trim()"
    )
    assert bootstrap_blue == "#0d6efd"

    # when the clerk searches by pinyin initials and opens the profile
    page.goto(live_server.url + "/registry/elders/")
    page.fill("input[name=q]", "wgy")
    page.press("input[name=q]", "Enter")
    page.click("table tbody tr:first-child a")

    # then the profile shows the masked number only
    page.wait_for_url(f"{live_server.url}/registry/elders/{elder.pk}/")
    assert page.inner_text("h1") == "王桂英"
    assert elder.id_number_masked in page.content()
    assert elder.id_number not in page.content()

    # when the clerk adds an elder with a typo in the identity number
    good = make_id_number(date(1946, 2, 3), male=True, sequence=58)
    typo = good[:17] + ("1" if good[17] == "0" else "0")
    page.goto(live_server.url + "/registry/elders/new/")
    page.fill("input[name=name]", "马建国")
    page.fill("input[name=id_number]", typo)
    page.select_option("select[name=residence_region]", COMMUNITY_A1)
    page.click("form.yy-form button[type=submit]")

    # then the Chinese error names the field and nothing is saved
    error = page.inner_text("#id_id_number_errors")
    assert "校验" in error or "check character" in error
    assert not Elder.objects.filter(name="马建国").exists()

    # when the clerk corrects it, the record is saved and the profile opens
    page.fill("input[name=id_number]", good)
    page.click("form.yy-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/registry/elders/*/")
    assert page.inner_text("h1") == "马建国"
    assert Elder.objects.get(name="马建国").id_number == good
