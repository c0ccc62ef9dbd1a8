"""A daughter complains about a visit from the family link on her phone, and the provider's
manager handles the case on hers (390×844): acknowledge, record the call, resolve."""

from datetime import datetime

import pytest

from tests.browser.pages import PHONE, log_in, shot
from tests.browser.test_homecare_browser import TZ, monday  # noqa: F401 (the same Monday)
from tests.homecare.conftest import (  # noqa: F401 (fixtures of the home-service tests)
    case_policy,
    dispatcher,
    district_clerk,
    elder,
    items,
    policy,
    provider,
    worker,
)
from yiyang.homecare import services
from yiyang.homecare.models import CaseEvent, ProviderCase

pytestmark = [pytest.mark.browser]


def test_a_family_complaint_is_filed_on_a_phone_and_the_manager_closes_the_case(
    monday,  # noqa: F811
    transactional_db,
    browser,
    live_server,
    elder,  # noqa: F811
    provider,  # noqa: F811
    items,  # noqa: F811
    dispatcher,  # noqa: F811
    worker,  # noqa: F811
    case_policy,  # noqa: F811
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
    services.check_out(order, note="打扫卧室", duration_reason="老人外出复诊", actor=caregiver)
    # when the daughter opens the link on her phone and complains that the caregiver was late
    context = browser.new_context(locale="zh-CN", viewport=PHONE, has_touch=True)
    family = context.new_page()
    family.goto(live_server.url + f"/homecare/confirm/{services.family_link_token(order)}/")
    family.click("#yy-family-complaint summary")
    family.select_option("#id_category", "late_or_no_show")
    family.fill("#id_text", "约好八点，九点才到")
    family.fill("#id_complainant_name", "张丽")
    family.fill("#id_phone", "13912345678")
    with family.expect_navigation():
        family.click("#yy-family-complain")
    shot(family, "complaints-family-filed")
    assert family.is_visible("#yy-family-complained")
    case = ProviderCase.objects.get()
    assert (case.source, case.complaint.channel, case.status) == (
        "complaint",
        "family_link",
        "open",
    )
    # and the manager finds it in 投诉与差评 on her phone and takes it through to the end
    manager = log_in(browser, live_server, "dispatcher", PHONE)
    manager.goto(live_server.url + "/homecare/cases/")
    shot(manager, "complaints-case-list")
    with manager.expect_navigation():
        manager.click(f"#yy-cases a[href='/homecare/cases/{case.pk}/']")
    assert "13912345678" in manager.content()  # the number to call back
    manager.fill("#yy-ack-note", "今天上午回电家属")
    with manager.expect_navigation():
        manager.click("#yy-acknowledge")
    manager.fill("#yy-contact-note", "已致电张女士道歉，调整上门时间")
    with manager.expect_navigation():
        manager.click("#yy-contact")
    manager.select_option("#yy-outcome", "upheld")
    manager.fill("#yy-resolution", "对护理员进行考勤提醒，下周起固定八点上门")
    manager.select_option("#yy-resolve-satisfaction", "satisfied")
    with manager.expect_navigation():
        manager.click("#yy-resolve")
    shot(manager, "complaints-case-resolved")
    # then the case is resolved, every step on its timeline
    case.refresh_from_db()
    assert (case.status, case.outcome, case.satisfaction) == ("resolved", "upheld", "satisfied")
    assert list(
        CaseEvent.objects.filter(case=case).order_by("pk").values_list("event_type", flat=True)
    ) == ["opened", "acknowledged", "contacted", "resolved"]
    assert manager.inner_text("#yy-case-status") == "已办结"
