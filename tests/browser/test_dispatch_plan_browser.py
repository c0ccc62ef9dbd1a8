"""A dispatcher plans a small day on the board, locks one visit, moves another, re-optimises and
accepts; the caregiver's phone then lists her visits in planned order (issue 9)."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from tests.browser.pages import log_in, place, shot, step
from tests.conftest import COMMUNITY_A1
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
from yiyang.homecare import services
from yiyang.homecare.models import DayPlan, ServiceOrder

pytestmark = [pytest.mark.browser]

TZ = ZoneInfo("Asia/Shanghai")


def test_dispatcher_plans_locks_moves_reoptimises_and_accepts_then_the_phone_shows_the_order(
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
    settings.HOMECARE_PLAN_SECONDS = 1
    # given two caregivers, 李护理 (may bathe) starting north-west and 王阿姨 south-east
    helper = hire(provider, dispatcher, "王阿姨", 30)
    for person, (north, east) in ((worker, (900, -900)), (helper, (-900, 900))):
        lat, lng = place(north, east)
        services.set_work_day(
            person,
            start_latitude=lat,
            start_longitude=lng,
            shift_starts_at=time(8),
            shift_ends_at=time(17),
            break_minutes=30,
            break_from=time(11, 30),
            break_until=time(13, 30),
            actor=dispatcher,
        )
    # and six accepted visits around the centre, one of them a bath
    day = [
        ("张秀兰", (700, -600), 9, "bath_60"),
        ("刘桂英", (500, -300), 11, "clean_60"),
        ("陈玉珍", (-200, 100), 9, "clean_60"),
        ("杨淑芬", (-600, 700), 10, "clean_60"),
        ("赵金花", (-400, 300), 14, "clean_60"),
        ("孙凤兰", (200, -800), 15, "clean_60"),
    ]
    orders = {}
    for name, (north, east), hour, code in day:
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
    # 赵金花's visit is urgent (she came home from hospital yesterday)
    ServiceOrder.objects.filter(pk=orders["赵金花"].pk).update(is_urgent=True)

    # when the dispatcher plans the day
    board = log_in(browser, live_server, "dispatcher", {"width": 1440, "height": 900})
    board.goto(live_server.url + "/homecare/dispatch/?day=2026-03-02")
    step(board, "#yy-plan-day")
    board.wait_for_selector("#yy-plan-map[data-ready='1']")
    shot(board, "dispatch-plan-proposed")
    plan = DayPlan.objects.get(status="proposed")
    placed = plan.starts()
    assert set(placed) == {order.pk for order in orders.values()}
    assert placed[orders["张秀兰"].pk][0] == worker.pk  # only she may bathe
    assert board.locator(".yy-tl-visit").count() == 6
    # each caregiver with visits has her lunch break on her timeline
    assert board.locator(".yy-tl-break").count() == len(
        [r for r in DayPlan.objects.get(status="proposed").routes if r["visits"]]
    )
    assert board.locator(f"#visit-row-{orders['赵金花'].pk} .yy-urgent").count() == 1

    # and locks 陈玉珍's visit where it is
    kept = placed[orders["陈玉珍"].pk][0]
    step(board, f"#visit-row-{orders['陈玉珍'].pk} .yy-lock")
    # and tries to give the bath to 王阿姨, who may not bathe: refused with the reason
    bath = orders["张秀兰"].pk
    board.select_option(f"#visit-row-{bath} .yy-move-to", str(helper.pk))
    step(board, f"#visit-row-{bath} .yy-move")
    assert "健康" in board.locator(".alert-danger, .alert-error, .alert").first.inner_text()
    # and moves 孙凤兰's cleaning to whoever does not have it
    sun = orders["孙凤兰"].pk
    other = (
        helper if DayPlan.objects.get(status="proposed").starts()[sun][0] == worker.pk else worker
    )
    board.select_option(f"#visit-row-{sun} .yy-move-to", str(other.pk))
    step(board, f"#visit-row-{sun} .yy-move")
    shot(board, "dispatch-plan-adjusted")
    # and re-optimises around the locks
    step(board, "#yy-reoptimise")
    board.wait_for_selector("#yy-plan-map[data-ready='1']")
    again = DayPlan.objects.get(status="proposed")
    assert again.starts()[orders["陈玉珍"].pk][0] == kept
    assert again.starts()[sun][0] == other.pk
    assert board.locator(".yy-tl-locked").count() == 2
    shot(board, "dispatch-plan-reoptimised")
    # and accepts
    step(board, "#yy-accept")
    shot(board, "dispatch-plan-accepted")

    # then every visit is assigned as planned
    accepted = DayPlan.objects.get(status="accepted")
    for pk, (caregiver_pk, _start) in accepted.starts().items():
        assert ServiceOrder.objects.get(pk=pk).caregiver_id == caregiver_pk
    # and 李护理's phone lists her visits in planned order with the planned times
    phone = log_in(browser, live_server, "caregiver", {"width": 390, "height": 844})
    phone.goto(live_server.url + "/homecare/today/")
    shot(phone, "dispatch-plan-phone")
    mine = sorted((start, pk) for pk, (cg, start) in accepted.starts().items() if cg == worker.pk)
    shown = phone.locator(".yy-visit").evaluate_all("cards => cards.map(c => c.id)")
    assert shown == [f"visit-{pk}" for _start, pk in mine]
    times = phone.locator(".yy-time").all_inner_texts()
    assert times == [f"{start // 60:02d}:{start % 60:02d}" for start, _pk in mine]

    # when 王阿姨 falls ill and the dispatcher re-plans the rest of the day
    board.select_option("#yy-sick", str(helper.pk))
    step(board, "#yy-replan")
    board.wait_for_selector("#yy-plan-map[data-ready='1']")
    shot(board, "dispatch-plan-replanned")
    # then her visits leave her lane and the page lists what changed
    replanned = DayPlan.objects.get(status="proposed", is_replan=True)
    assert helper.pk not in {cg for cg, _start in replanned.starts().values()}
    # and the bath 李护理 promised stays with her: her visits are the last to give way
    assert replanned.starts()[bath][0] == worker.pk
    theirs = [pk for pk, (cg, _start) in accepted.starts().items() if cg == helper.pk]
    assert set(theirs) <= {change["order"] for change in replanned.changes}
    assert board.locator("#yy-changes li").count() == len(replanned.changes)

    # when the re-plan is accepted and later 李护理 falls ill too, the bath (only she may bathe)
    # cannot go to anyone: the board lists it unplaced, still hers, with a button to take it back
    step(board, "#yy-accept")
    board.select_option("#yy-sick", str(worker.pk))
    step(board, "#yy-replan")
    board.wait_for_selector("#yy-plan-map[data-ready='1']")
    row = board.locator(f"#visit-row-{bath}")
    assert "病假" in row.locator(".yy-still-assigned").inner_text()
    shot(board, "dispatch-plan-off-sick")
    step(board, f"#visit-row-{bath} .yy-unassign")
    # then the bath waits, accepted, without a caregiver, and its event says why
    taken_back = ServiceOrder.objects.get(pk=bath)
    assert (taken_back.status, taken_back.caregiver_id) == ("accepted", None)
    assert "李护理" in taken_back.events.get(event_type="unassigned").reason
    shot(board, "dispatch-plan-unassigned")
