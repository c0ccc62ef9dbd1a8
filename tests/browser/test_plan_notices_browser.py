"""A caregiver's phone page, left open, learns that the dispatcher accepted a plan that gives her a
new visit and moves another, shows what changed without reloading, and lets it go when she taps
知道了 (issue 9, "caregivers see the new order on their phones")."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from tests.browser.pages import DESKTOP, PHONE, log_in, shot
from tests.conftest import COMMUNITY_A1
from tests.factories import make_elder
from tests.homecare.conftest import (  # noqa: F401 (fixtures of the home-service tests)
    HOME,
    dispatcher,
    district_clerk,
    items,
    policy,
    provider,
    worker,
)
from yiyang.homecare import services
from yiyang.homecare.models import DayPlan, PlanNotice

pytestmark = [pytest.mark.browser]

TZ = ZoneInfo("Asia/Shanghai")


def _accepted_order(name: str, hour: int, minute: int, code: str, clerk, at_provider, actor):
    elder = make_elder(
        residence_region_id=COMMUNITY_A1,
        name=name,
        address=f"富平社区{name}家",
        latitude=HOME[0],
        longitude=HOME[1],
    )
    order = services.request_order(
        elder,
        provider=at_provider,
        data=services.OrderData(
            item_code=code, planned_start=datetime(2026, 3, 2, hour, minute, tzinfo=TZ)
        ),
        actor=clerk,
    )
    return services.accept_order(order, actor=actor)


def test_her_open_phone_shows_the_accepted_plans_changes_and_lets_them_go(
    monday,
    transactional_db,
    settings,
    browser,
    live_server,
    provider,  # noqa: F811
    items,  # noqa: F811
    dispatcher,  # noqa: F811
    worker,  # noqa: F811
    street_worker,
):
    settings.HOMECARE_NOTICE_POLL_SECONDS = 1
    services.set_work_day(
        worker,
        start_latitude=HOME[0],
        start_longitude=HOME[1],
        shift_starts_at=time(8),
        shift_ends_at=time(17),
        actor=dispatcher,
    )
    # given 李护理 has her cleaning for 张秀兰 at 09:00, and 王秀英's bath waits for a caregiver
    cleaning = _accepted_order("张秀兰", 9, 0, "clean_60", street_worker, provider, dispatcher)
    services.assign_order(cleaning, caregiver=worker, actor=dispatcher)
    PlanNotice.objects.update(acknowledged_at=datetime(2026, 3, 2, 7, 0, tzinfo=TZ))
    bath = _accepted_order("王秀英", 10, 30, "bath_60", street_worker, provider, dispatcher)
    # and a proposal of the day that moves the cleaning to 09:20 and gives her the bath at 10:30
    DayPlan.objects.create(
        provider=provider,
        day=date(2026, 3, 2),
        created_by=dispatcher,
        routes=[
            {
                "caregiver": worker.pk,
                "visits": [
                    {"order": cleaning.pk, "start": 9 * 60 + 20},
                    {"order": bath.pk, "start": 10 * 60 + 30},
                ],
            }
        ],
    )
    # and her phone page is open, with nothing to tell
    phone = log_in(browser, live_server, "caregiver", PHONE)
    phone.goto(live_server.url + "/homecare/today/")
    assert phone.locator(".yy-visit").evaluate_all("cards => cards.map(c => c.id)") == [
        f"visit-{cleaning.pk}"
    ]
    assert phone.locator(".yy-notice").count() == 0
    phone.evaluate("window.yyNotReloaded = true")
    shot(phone, "plan-notice-phone-before")

    # when the dispatcher, on the board in another browser, accepts the plan
    board = log_in(browser, live_server, "dispatcher", DESKTOP)
    board.goto(live_server.url + "/homecare/dispatch/?day=2026-03-02")
    with board.expect_navigation():
        board.click("#yy-accept")
    assert DayPlan.objects.get(status="accepted").routes[0]["caregiver"] == worker.pk

    # then within a few seconds her page, never reloaded, says what changed for her
    phone.wait_for_selector(".yy-notice", timeout=5000)
    assert phone.evaluate("window.yyNotReloaded") is True
    assert phone.locator(".yy-notice-line").all_inner_texts() == [
        "新增 1 单：王秀英 10:30 助浴",
        "张秀兰 时间改为 09:20（原 09:00）",
    ]
    # and lists her round afresh, in the plan's order, the changed visits marked
    assert phone.locator(".yy-visit").evaluate_all("cards => cards.map(c => c.id)") == [
        f"visit-{cleaning.pk}",
        f"visit-{bath.pk}",
    ]
    assert phone.locator(".yy-time").all_inner_texts() == ["09:20", "10:30"]
    assert phone.locator(".yy-visit.yy-changed").count() == 2
    shot(phone, "plan-notice-phone-told")

    # when she taps 知道了
    phone.click(".yy-acknowledge")

    # then the notice goes, still without a reload, and stays gone
    phone.wait_for_selector(".yy-notice", state="detached", timeout=5000)
    assert phone.evaluate("window.yyNotReloaded") is True
    # (HTMX gives a swapped-in element its predecessor's classes until it settles, 20 ms later)
    phone.wait_for_function(
        "() => document.querySelectorAll('.yy-visit.yy-changed').length === 0", timeout=2000
    )
    notice = PlanNotice.objects.get(caregiver=worker, cause="plan_accepted")
    assert notice.acknowledged_at is not None
    phone.reload()
    assert phone.locator(".yy-notice").count() == 0
    shot(phone, "plan-notice-phone-acknowledged")
