"""A provider's dispatcher assigns the day's orders on the board, and the caregiver checks in
and out on a phone (390×844, one hand): the main home-service flow in the browser."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.browser.pages import log_in, shot
from tests.homecare.conftest import (  # noqa: F401 (fixtures of the home-service tests)
    dispatcher,
    district_clerk,
    elder,
    items,
    policy,
    provider,
    worker,
)
from yiyang.homecare import services
from yiyang.homecare.models import ServiceOrder

pytestmark = [pytest.mark.browser]

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def monday():
    """Monday 2 March 2026 at 08:00, with the clock running (a frozen one stalls the server)."""
    with time_machine.travel(datetime(2026, 3, 2, 8, 0, tzinfo=TZ), tick=True):
        yield


def test_dispatcher_assigns_and_caregiver_checks_in_and_out_on_a_phone(
    monday,
    transactional_db,
    browser,
    live_server,
    elder,  # noqa: F811
    provider,  # noqa: F811
    items,  # noqa: F811
    dispatcher,  # noqa: F811
    worker,  # noqa: F811
    street_worker,
):
    # given two accepted orders of the day
    orders = []
    for hour, code in ((9, "clean_60"), (14, "bath_60")):
        order = services.request_order(
            elder,
            provider=provider,
            data=services.OrderData(
                item_code=code,
                planned_start=datetime(2026, 3, 2, hour, 0, tzinfo=TZ),
                needs_note="左腿无力，防跌倒",
            ),
            actor=street_worker,
        )
        orders.append(services.accept_order(order, actor=dispatcher))
    services.set_work_day(
        worker,
        start_latitude=Decimal("37.990000"),
        start_longitude=Decimal("106.199000"),
        shift_starts_at=time(8),
        shift_ends_at=time(17),
        actor=dispatcher,
    )
    # when the dispatcher plans the day on the board and accepts the plan
    board = log_in(browser, live_server, "dispatcher", {"width": 1366, "height": 900})
    board.goto(live_server.url + "/homecare/dispatch/?day=2026-03-02")
    shot(board, "homecare-dispatch")
    with board.expect_navigation():
        board.click("#yy-plan-day")
    with board.expect_navigation():
        board.click("#yy-accept")
    assert ServiceOrder.objects.filter(caregiver=worker).count() == 2
    # and the caregiver checks in and out of the first visit on the phone
    phone = log_in(browser, live_server, "caregiver", {"width": 390, "height": 844})
    phone.context.grant_permissions(["geolocation"])
    phone.context.set_geolocation({"latitude": 37.9861, "longitude": 106.199})
    phone.goto(live_server.url + "/homecare/today/")
    shot(phone, "homecare-today")
    # the button first asks the phone for its position, then submits: wait for that page
    with phone.expect_navigation():
        phone.click(f"#visit-{orders[0].pk} button")
    first = ServiceOrder.objects.get(pk=orders[0].pk)
    assert (first.status, first.check_in_distance_m) == ("checked_in", 11)
    ServiceOrder.objects.filter(pk=first.pk).update(
        checked_in_at=first.checked_in_at - timedelta(minutes=60)
    )
    phone.fill(f"#visit-{first.pk} textarea", "打扫卧室和厨房")
    with phone.expect_navigation():
        phone.click(f"#visit-{first.pk} button")
    shot(phone, "homecare-today-after")
    # then the visit is checked out with its note and needs no review
    first.refresh_from_db()
    assert (first.status, first.visit_note, first.review_status) == (
        "checked_out",
        "打扫卧室和厨房",
        "",
    )


def test_the_family_confirms_and_rates_a_visit_from_a_link_on_a_phone(
    monday,
    transactional_db,
    browser,
    live_server,
    elder,  # noqa: F811
    provider,  # noqa: F811
    items,  # noqa: F811
    dispatcher,  # noqa: F811
    worker,  # noqa: F811
    caregiver,
    street_worker,
):
    # given a visit checked out a moment ago
    order = services.request_order(
        elder,
        provider=provider,
        data=services.OrderData(
            item_code="clean_60", planned_start=datetime(2026, 3, 2, 8, 0, tzinfo=TZ)
        ),
        actor=street_worker,
    )
    services.accept_order(order, actor=dispatcher)
    services.assign_order(order, caregiver=worker, actor=dispatcher)
    services.check_in(order, latitude="37.986", longitude="106.199", actor=caregiver)
    services.check_out(
        order, note="打扫卧室和厨房", duration_reason="老人外出复诊", actor=caregiver
    )
    # when the daughter opens the link on her phone, without logging in, and gives 4 stars
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, has_touch=True
    )
    phone = context.new_page()
    phone.goto(live_server.url + f"/homecare/confirm/{services.family_link_token(order)}/")
    shot(phone, "homecare-family-confirm")
    phone.click("label[for=yy-rating-4]")
    phone.fill("#yy-comment", "很细心，谢谢")
    with phone.expect_navigation():
        phone.click("#yy-family-confirm")
    shot(phone, "homecare-family-confirmed")
    # then the visit is confirmed with her rating, and the page thanks her
    order.refresh_from_db()
    assert (order.status, order.rating, order.rating_comment) == ("confirmed", 4, "很细心，谢谢")
    assert phone.is_visible("#yy-family-done")


def _two_confirmed_march_visits(elder, provider, dispatcher, worker, caregiver, clerk) -> None:  # noqa: F811
    """Cleaning visits of 60 minutes on 2 and 3 March 2026, confirmed with five stars."""
    for day in (2, 3):
        with time_machine.travel(datetime(2026, 3, day, 9, 0, tzinfo=TZ), tick=False) as clock:
            order = services.request_order(
                elder,
                provider=provider,
                data=services.OrderData(
                    item_code="clean_60", planned_start=datetime(2026, 3, day, 9, 0, tzinfo=TZ)
                ),
                actor=clerk,
            )
            services.accept_order(order, actor=dispatcher)
            services.assign_order(order, caregiver=worker, actor=dispatcher)
            services.check_in(order, latitude="37.986", longitude="106.199", actor=caregiver)
            clock.shift(timedelta(minutes=60))
            services.check_out(order, actor=caregiver)
            services.confirm_visit(order, rating=5, actor=clerk)


def test_the_statement_shows_what_the_voucher_paid_and_what_the_elder_pays(
    transactional_db,
    browser,
    live_server,
    elder,  # noqa: F811
    provider,  # noqa: F811
    items,  # noqa: F811
    dispatcher,  # noqa: F811
    worker,  # noqa: F811
    caregiver,
    street_worker,
):
    from yiyang.benefits.models import LedgerEntry, Program

    # given two confirmed visits in March and a voucher of 50.00 yuan for March
    _two_confirmed_march_visits(elder, provider, dispatcher, worker, caregiver, street_worker)
    voucher = Program.objects.create(
        code="care_service_subsidy",
        name="养老服务补贴",
        kind="service_voucher",
        funding_region_id="640300000000",
        ledger_start_month=date(2026, 1, 1),
    )
    LedgerEntry.objects.create(
        elder=elder,
        program=voucher,
        period_month=date(2026, 3, 1),
        kind="payment",
        amount_fen=5000,
        region_code=elder.residence_region_id,
    )
    with time_machine.travel(datetime(2026, 4, 2, 9, 0, tzinfo=TZ), tick=True):
        settlement = services.prepare_settlement(provider, month=date(2026, 3, 1), actor=dispatcher)
        # when the provider opens the statement
        page = log_in(browser, live_server, "dispatcher", {"width": 1366, "height": 900})
        page.goto(live_server.url + f"/homecare/settlements/{settlement.pk}/")
        shot(page, "homecare-settlement-vouchers")
        # then the voucher's share and the part beyond the balance are shown
        assert "50.00" in page.inner_text("#yy-voucher-total")
        assert "22.00" in page.inner_text("table")


def test_the_statement_shows_the_minutes_an_hours_voucher_paid(
    transactional_db,
    browser,
    live_server,
    elder,  # noqa: F811
    provider,  # noqa: F811
    items,  # noqa: F811
    dispatcher,  # noqa: F811
    worker,  # noqa: F811
    caregiver,
    street_worker,
):
    from yiyang.benefits.models import LedgerEntry, Program

    # given two confirmed 60-minute visits in March and 90 minutes of service time for March
    _two_confirmed_march_visits(elder, provider, dispatcher, worker, caregiver, street_worker)
    hours = Program.objects.create(
        code="care_service_hours",
        name="居家服务时长补贴",
        kind="service_voucher",
        unit="minute",
        funding_region_id="640300000000",
        ledger_start_month=date(2026, 1, 1),
    )
    LedgerEntry.objects.create(
        elder=elder,
        program=hours,
        period_month=date(2026, 3, 1),
        kind="payment",
        amount_fen=0,
        minutes=90,
        region_code=elder.residence_region_id,
    )
    with time_machine.travel(datetime(2026, 4, 2, 9, 0, tzinfo=TZ), tick=True):
        settlement = services.prepare_settlement(provider, month=date(2026, 3, 1), actor=dispatcher)
        # when the provider opens the statement
        page = log_in(browser, live_server, "dispatcher", {"width": 1366, "height": 900})
        page.goto(live_server.url + f"/homecare/settlements/{settlement.pk}/")
        shot(page, "homecare-settlement-hours")
        # then the minutes drawn and their money are shown, per visit and in total
        assert "90" in page.inner_text("#yy-hours-total")
        assert "54.00" in page.inner_text("#yy-hours-total")
        table = page.inner_text("table")
        assert "60 分钟 · 36.00 元" in table
        assert "30 分钟 · 18.00 元" in table
