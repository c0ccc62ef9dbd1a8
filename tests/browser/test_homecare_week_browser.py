"""A provider's week of work in the browser, end to end (issue 5, "done when"): a street clerk
records a care plan, its orders come each day, the provider accepts and plans them, the
caregiver checks in and out on her phone, a flagged visit is reviewed and rejected, the clerk
confirms the good visit, and at the start of the next month the provider prepares the
statement, the district approves it and the provider downloads it."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.core.management import call_command

from tests.browser.pages import PHONE, log_in, shot
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
from yiyang.homecare.models import CarePlan, ServiceOrder, Settlement

pytestmark = [pytest.mark.browser]

TZ = ZoneInfo("Asia/Shanghai")


def _on(day: int, hour: int = 8, month: int = 3):
    """The clock at that moment of 2026, running (a frozen clock stalls the live server)."""
    return time_machine.travel(datetime(2026, month, day, hour, 0, tzinfo=TZ), tick=True)


def _plan_and_accept_the_day(browser, live_server, day: date) -> ServiceOrder:
    """The day's order comes from the plan; the dispatcher accepts it and plans the day."""
    call_command("homecare_daily", day=day, verbosity=0)
    order = ServiceOrder.objects.get(planned_start__date=day)
    board = log_in(browser, live_server, "dispatcher")
    board.goto(live_server.url + f"/homecare/orders/{order.pk}/")
    with board.expect_navigation():
        board.click("button[name=action][value=accept]")
    board.goto(live_server.url + f"/homecare/dispatch/?day={day.isoformat()}")
    with board.expect_navigation():
        board.click("#yy-plan-day")
    with board.expect_navigation():
        board.click("#yy-accept")
    board.context.close()
    order.refresh_from_db()
    assert order.status == "assigned"
    return order


def _visit(browser, live_server, order: ServiceOrder, *, minutes: int, reason: str = ""):
    """The caregiver checks in at the door at the planned time and out `minutes` later, on
    her phone."""
    phone = log_in(browser, live_server, "caregiver", PHONE)
    phone.context.grant_permissions(["geolocation"])
    phone.context.set_geolocation({"latitude": 37.9861, "longitude": 106.199})
    start = order.planned_start
    with time_machine.travel(start, tick=True):
        phone.goto(live_server.url + "/homecare/today/")
        with phone.expect_navigation():
            phone.click(f"#visit-{order.pk} button")
    order.refresh_from_db()
    assert order.status == "checked_in"
    with time_machine.travel(start + timedelta(minutes=minutes), tick=True):
        phone.fill(f"#visit-{order.pk} textarea", "打扫卧室和厨房")
        if reason:
            phone.fill(f"#visit-{order.pk} input[name=duration_reason]", reason)
        with phone.expect_navigation():
            phone.click(f"#visit-{order.pk} button")
    phone.context.close()
    order.refresh_from_db()
    assert order.status == "checked_out"
    return order


def test_a_provider_runs_a_week_from_care_plan_to_approved_statement(
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
    district_clerk,  # noqa: F811
):
    services.set_work_day(
        worker,
        start_latitude=Decimal("37.990000"),
        start_longitude=Decimal("106.199000"),
        shift_starts_at=time(8),
        shift_ends_at=time(17),
        actor=dispatcher,
    )
    with _on(day=2):
        # Monday: the street clerk records cleaning on Mondays and Wednesdays at 9:00
        clerk = log_in(browser, live_server, "street_worker")
        clerk.goto(live_server.url + f"/homecare/elders/{elder.pk}/services/")
        plan_form = clerk.locator("form:has(#yy-create-plan)")
        plan_form.locator("select[name=provider]").select_option(str(provider.pk))
        plan_form.locator("select[name=item]").select_option(str(items["cleaning"].pk))
        plan_form.locator("input[name=weekdays][value='1']").check()
        plan_form.locator("input[name=weekdays][value='3']").check()
        plan_form.locator("input[name=start_time]").fill("09:00")
        plan_form.locator("input[name=starts_on]").fill("2026-03-02")
        plan_form.locator("input[name=ends_on]").fill("2026-03-08")
        shot(clerk, "homecare-week-plan")
        with clerk.expect_navigation():
            clerk.click("#yy-create-plan")
        plan = CarePlan.objects.get()
        assert (plan.weekdays, plan.start_time) == ([1, 3], time(9))
        clerk.context.close()
        # its order comes, is planned, and the visit is done in full (60 minutes)
        monday = _plan_and_accept_the_day(browser, live_server, date(2026, 3, 2))
        monday = _visit(browser, live_server, monday, minutes=60)
        assert monday.review_status == ""

    with _on(day=4):
        # Wednesday: the visit ends after 20 minutes, with the caregiver's reason
        wednesday = _plan_and_accept_the_day(browser, live_server, date(2026, 3, 4))
        wednesday = _visit(browser, live_server, wednesday, minutes=20, reason="老人要去医院复诊")
        assert wednesday.review_status == "pending"
        assert list(wednesday.flags.values_list("kind", flat=True)) == ["too_short"]
        # the street reviews it from the queue and rejects it with a reason
        reviewer = log_in(browser, live_server, "street_worker")
        reviewer.goto(live_server.url + "/homecare/orders/review/")
        shot(reviewer, "homecare-week-review")
        with reviewer.expect_navigation():
            reviewer.click(f"a[href='/homecare/orders/{wednesday.pk}/']")
        reviewer.fill("form:has(button[value=review_reject]) input[name=reason]", "服务时长不足")
        with reviewer.expect_navigation():
            reviewer.click("button[name=action][value=review_reject]")
        wednesday.refresh_from_db()
        assert wednesday.review_status == "rejected"
        # and confirms Monday's visit for the elder, with five stars
        reviewer.goto(live_server.url + f"/homecare/orders/{monday.pk}/")
        reviewer.select_option("#yy-rating", "5")
        with reviewer.expect_navigation():
            reviewer.click("button[name=action][value=confirm]")
        monday.refresh_from_db()
        assert (monday.status, monday.rating) == ("confirmed", 5)
        reviewer.context.close()

    with _on(day=2, hour=9, month=4):
        # April: the nightly job has confirmed, flagged, what the family never confirmed
        call_command("homecare_daily", verbosity=0)
        # the provider prepares March, the district approves, the provider downloads it
        office = log_in(browser, live_server, "dispatcher")
        office.goto(live_server.url + "/homecare/settlements/")
        office.fill("input[name=month]", "2026-03")
        with office.expect_navigation():
            office.click("#yy-prepare")
        settlement = Settlement.objects.get()
        shot(office, "homecare-week-statement")
        rows = office.inner_text("table")
        assert "服务时长不足" in rows  # the rejected visit is listed with its reason
        district = log_in(browser, live_server, "district_clerk")
        district.goto(live_server.url + f"/homecare/settlements/{settlement.pk}/")
        with district.expect_navigation():
            district.click("#yy-approve")
        settlement.refresh_from_db()
        assert settlement.status == "approved"
        office.reload()
        with office.expect_download() as download:
            office.click(f"a[href='/homecare/settlements/{settlement.pk}/statement/']")
        sheet = openpyxl.load_workbook(BytesIO(download.value.path().read_bytes())).active
        cells = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row]

    # then one visit is paid: 40.00 purchased less the elder's 10 % co-pay; the other is not
    assert (settlement.visit_count, settlement.payable_fen) == (1, 3600)
    assert "服务时长不足" in cells
    assert ServiceOrder.objects.get(pk=monday.pk).status == "settled"
    assert ServiceOrder.objects.get(pk=wednesday.pk).status != "settled"
