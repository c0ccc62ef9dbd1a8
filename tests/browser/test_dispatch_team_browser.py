"""A dispatcher plans a day with a two-person bathing visit and accepts it; both caregivers see the
visit on a 390 px phone, marked with the partner's name, and check in from their own phones
(issue 9, teams on the board). Their phone pages, open while the plan is accepted, are each told of
the new visit without a reload."""

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tests.browser.pages import PHONE, log_in, place, shot, step
from tests.conftest import COMMUNITY_A1, STREET_A, _user
from tests.factories import make_elder
from tests.homecare.conftest import (  # noqa: F401 (fixtures of the home-service tests)
    dispatcher,
    district_clerk,
    hire,
    items,
    policy,
    provider,
    worker,
)
from yiyang.core.roles import Role
from yiyang.homecare import services
from yiyang.homecare.models import DayPlan, PlanNotice, ServiceOrder
from yiyang.scheduling.dayplan import clock
from yiyang.workforce import services as workforce

pytestmark = [pytest.mark.browser]

TZ = ZoneInfo("Asia/Shanghai")


def _phone(browser, live_server, username: str, where: tuple[Decimal, Decimal]):
    """Her phone at `where`, the site allowed to read its location."""
    page = log_in(browser, live_server, username, PHONE)
    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    page.context.set_geolocation({"latitude": float(where[0]), "longitude": float(where[1])})
    page.goto(live_server.url + "/homecare/today/")
    return page


def test_a_two_person_bath_is_planned_accepted_and_both_check_in_on_their_phones(
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
    city_admin,
):
    settings.HOMECARE_PLAN_SECONDS = 1
    settings.HOMECARE_NOTICE_POLL_SECONDS = 1
    # given bathing a bedridden elder needs two caregivers (the city's catalogue says so)
    services.define_item(
        services.ItemData(
            "bath_two", "卧床助浴", "bathing", "visit", 60, 4, True, caregivers_needed=2
        ),
        actor=city_admin,
    )
    # and 陈护理, who may bathe like 李护理, has her own phone login; 王阿姨 may only clean
    partner = hire(
        provider, dispatcher, "陈护理", 20, user=_user("caregiver2", Role.CAREGIVER, STREET_A)
    )
    workforce.add_certificate(
        partner, kind="skill", skill_level=4, number="SK-2", issued_on=date(2024, 1, 1),
        actor=dispatcher,
    )  # fmt: skip
    workforce.add_certificate(
        partner, kind="health", number="HC-2", issued_on=date(2025, 6, 1),
        expires_on=date(2026, 12, 31), actor=dispatcher,
    )  # fmt: skip
    helper = hire(provider, dispatcher, "王阿姨", 30)
    for person, (north, east) in (
        (worker, (900, -900)),
        (partner, (800, -700)),
        (helper, (-900, 900)),
    ):
        lat, lng = place(north, east)
        services.set_work_day(
            person,
            start_latitude=lat,
            start_longitude=lng,
            shift_starts_at=time(8),
            shift_ends_at=time(17),
            actor=dispatcher,
        )  # fmt: skip
    # and a day of a two-person bath at 9:00 and two cleanings
    orders = {}
    for name, (north, east), hour, code in (
        ("张秀兰", (600, -500), 9, "bath_two"),
        ("陈玉珍", (-200, 100), 9, "clean_60"),
        ("杨淑芬", (-600, 700), 14, "clean_60"),
    ):
        lat, lng = place(north, east)
        elder = make_elder(
            residence_region_id=COMMUNITY_A1,
            name=name,
            address=f"富平社区{name}家",
            latitude=lat,
            longitude=lng,
        )
        order = services.request_order(
            elder,
            provider=provider,
            data=services.OrderData(
                item_code=code, planned_start=datetime(2026, 3, 2, hour, 0, tzinfo=TZ)
            ),
            actor=street_worker,
        )
        orders[name] = services.accept_order(order, actor=dispatcher)
    bath = orders["张秀兰"]

    # when the dispatcher plans the day
    board = log_in(browser, live_server, "dispatcher", {"width": 1440, "height": 900})
    board.goto(live_server.url + "/homecare/dispatch/?day=2026-03-02")
    step(board, "#yy-plan-day")
    board.wait_for_selector("#yy-plan-map[data-ready='1']")
    shot(board, "dispatch-team-proposed")

    # then the bath is on the timeline under both caregivers of the team
    plan = DayPlan.objects.get(status="proposed")
    team = next(r for r in plan.routes if r.get("partner"))
    assert {team["caregiver"], team["partner"]} == {worker.pk, partner.pk}
    for member in (worker, partner):
        lane = board.locator(f".yy-tl-lane[data-caregiver='{member.pk}']")
        assert lane.locator(f".yy-tl-visit[data-order='{bath.pk}']").count() == 1
        other = "陈护理" if member == worker else "李护理"
        assert lane.locator(".yy-tl-team").inner_text().strip() == f"与{other}同行"
    row = board.locator(f"#visit-row-{bath.pk}")
    assert row.locator(".yy-two-person").inner_text().strip() == "两人服务"
    assert "+" in row.locator(".yy-row-caregiver").inner_text()
    # a team's visit is not moved to one caregiver by hand
    assert row.locator(".yy-move").count() == 0

    # and both caregivers have their phone page open, with nothing on it yet
    home = place(600, -500)
    phones = {
        name: _phone(browser, live_server, name, home) for name in ("caregiver", "caregiver2")
    }
    for phone in phones.values():
        assert phone.locator(".yy-visit").count() == 0
        phone.evaluate("window.yyNotReloaded = true")

    # when the dispatcher accepts the plan
    step(board, "#yy-accept")
    shot(board, "dispatch-team-accepted")

    # then the bath is assigned to both
    assigned = ServiceOrder.objects.get(pk=bath.pk)
    assert {assigned.caregiver_id, assigned.second_caregiver_id} == {worker.pk, partner.pk}
    first_user, second_user = (
        ("caregiver", "caregiver2")
        if assigned.caregiver_id == worker.pk
        else ("caregiver2", "caregiver")
    )
    names = {"caregiver": "李护理", "caregiver2": "陈护理"}

    start = clock(plan.starts()[bath.pk][1])

    # and each open phone, never reloaded, is told of the new visit within a few seconds and
    # shows it marked as changed, as a two-person visit with her partner's name and her own button
    for username, other in ((first_user, second_user), (second_user, first_user)):
        phone = phones[username]
        phone.wait_for_selector(".yy-notice", timeout=5000)
        assert phone.evaluate("window.yyNotReloaded") is True
        assert (
            f"新增 1 单：张秀兰 {start} 卧床助浴"
            in phone.locator(".yy-notice-line").all_inner_texts()
        )
        card = phone.locator(f"#visit-{bath.pk}")
        assert card.locator(".yy-team").inner_text().strip() == f"两人服务，搭档：{names[other]}"
        assert "yy-changed" in (card.get_attribute("class") or "")
        assert card.locator(".yy-locate button").inner_text().strip() == "签到"
    # one notice each, of all her changes together
    told = PlanNotice.objects.filter(caregiver__in=[worker, partner]).values_list("caregiver_id")
    assert sorted(told) == sorted([(worker.pk,), (partner.pk,)])
    shot(phones[second_user], "dispatch-team-phone-second-told")

    # when she taps 知道了, the notice goes and the visit stays, still without a reload
    for phone in phones.values():
        phone.click(".yy-acknowledge")
        phone.wait_for_selector(".yy-notice", state="detached", timeout=5000)
        assert phone.locator(f"#visit-{bath.pk} .yy-team").count() == 1
    shot(phones[second_user], "dispatch-team-phone-second")

    # when the second caregiver checks in first, then the first one
    for username in (second_user, first_user):
        phone = phones[username]
        step(phone, f"#visit-{bath.pk} .yy-locate button")
        assert "已签到" in phone.locator(".alert").first.inner_text()
    shot(phones[first_user], "dispatch-team-phone-first-checked-in")

    # then both times and places are kept: the visit is under way, each check-in at the home
    visit = ServiceOrder.objects.get(pk=bath.pk)
    assert visit.status == "checked_in"
    assert visit.second_checked_in_at is not None
    assert visit.second_checked_in_at < visit.checked_in_at
    assert (visit.check_in_distance_m, visit.second_check_in_distance_m) == (0, 0)
    # and each phone shows her own state and offers her own check-out
    for username in (first_user, second_user):
        phone = phones[username]
        phone.reload()
        assert phone.locator(f"#visit-{bath.pk} .yy-status").inner_text().strip() == "已签到"
        assert phone.locator(f"#visit-{bath.pk} .yy-locate button").inner_text().strip() == "签退"
    shot(phones[second_user], "dispatch-team-phone-second-checked-in")
    # only the first caregiver writes the visit's note
    assert phones[second_user].locator(f"#visit-{bath.pk} textarea[name=note]").count() == 0
    assert phones[first_user].locator(f"#visit-{bath.pk} textarea[name=note]").count() == 1

    # and the order page shows both caregivers and the second one's check-in
    board.goto(live_server.url + f"/homecare/orders/{bath.pk}/")
    assert board.locator("#yy-two-person").inner_text().strip() == "两人服务"
    second_name = names[second_user]
    assert board.locator("#yy-second-caregiver").inner_text().startswith(second_name)
    assert "距住址 0 米" in board.locator("#yy-second-caregiver").inner_text()
    shot(board, "dispatch-team-order")

    # and the order list names both caregivers of the bath
    board.goto(live_server.url + "/homecare/orders/?day=2026-03-02")
    assert board.locator(".yy-second").all_inner_texts() == [f" + {second_name}"]
    shot(board, "dispatch-team-order-list")
