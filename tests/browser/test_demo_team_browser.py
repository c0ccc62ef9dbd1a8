"""The demo city shows a two-person team out of the box (issue 9): the caregiver `huli1` opens
her phone and sees today's bath for the bedridden elder with her partner's name; the dispatcher
`fuwu` plans the demo day and sees the bath under both members of the team."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.browser.pages import DESKTOP, PASSWORD, PHONE, log_in, shot
from yiyang.core.models import User
from yiyang.demo.loader import load_demo_city
from yiyang.homecare.models import DayPlan, ServiceOrder
from yiyang.workforce.models import Caregiver

pytestmark = [pytest.mark.browser]

TZ = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 6, 15)


@pytest.fixture
def demo_morning(transactional_db):
    """The demo city loaded, Monday 15 June 2026 at 07:30 with the clock running."""
    with time_machine.travel(datetime(2026, 6, 15, 7, 30, tzinfo=TZ), tick=True):
        load_demo_city(400, seed=3, today=TODAY)
        for username in ("huli1", "fuwu"):
            user = User.objects.get(username=username)
            user.set_password(PASSWORD)  # the demo's logins have no password until demo_admin
            user.save(update_fields=["password"])
        yield


def test_the_demo_shows_a_team_on_the_phone_and_the_board(
    demo_morning, settings, browser, live_server
):
    settings.HOMECARE_PLAN_SECONDS = 1
    bath = ServiceOrder.objects.on_day(TODAY).get(item__code="bathing_bedridden")  # scoped: test
    names = dict(Caregiver.objects.values_list("pk", "name"))  # scoped: test

    # when 马秀芳 (huli1) opens her phone page
    phone = log_in(browser, live_server, "huli1", PHONE)
    phone.goto(live_server.url + "/homecare/today/")
    shot(phone, "demo-team-phone")

    # then today's bath is hers, marked as a two-person visit with 杨桂兰 as her partner
    card = phone.locator(f"#visit-{bath.pk}")
    assert card.locator(".yy-team").inner_text().strip() == "两人服务，搭档：杨桂兰"

    # when the dispatcher plans the demo day
    board = log_in(browser, live_server, "fuwu", DESKTOP)
    board.goto(live_server.url + f"/homecare/dispatch/?day={TODAY}")
    with board.expect_navigation():
        board.click("#yy-plan-day")
    board.wait_for_selector("#yy-plan-map[data-ready='1']")
    shot(board, "demo-team-board")

    # then the bath is on the timeline under both members of the team, marked 两人服务
    plan = DayPlan.objects.get(status="proposed")
    team = next(r for r in plan.routes if r.get("partner"))
    assert {names[team["caregiver"]], names[team["partner"]]} == {"马秀芳", "杨桂兰"}
    for member, other in (
        (team["caregiver"], team["partner"]),
        (team["partner"], team["caregiver"]),
    ):
        lane = board.locator(f".yy-tl-lane[data-caregiver='{member}']")
        assert lane.locator(f".yy-tl-visit[data-order='{bath.pk}']").count() == 1
        assert lane.locator(".yy-tl-team").inner_text().strip() == f"与{names[other]}同行"
    row = board.locator(f"#visit-row-{bath.pk}")
    assert row.locator(".yy-two-person").inner_text().strip() == "两人服务"
