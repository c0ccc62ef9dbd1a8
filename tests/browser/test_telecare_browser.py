"""An operator keeps the alarm console open; an SOS published by a device appears within a
second without a reload, and the operator handles it to the end: acknowledge, call, dispatch,
resolve. The record shows every step with its time and actor."""

import json
import time
import urllib.request
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.browser.pages import shot
from tests.conftest import COMMUNITY_A1, STREET_A, _user
from tests.factories import make_elder
from yiyang.core.roles import Role
from yiyang.telecare import services
from yiyang.telecare.messages import sign, signing_key
from yiyang.telecare.models import Alarm

pytestmark = [pytest.mark.browser]


@pytest.fixture
def morning():
    moment = datetime(2026, 6, 16, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=True):
        yield


def test_operator_sees_an_sos_live_and_handles_it_to_the_end(
    morning, transactional_db, live_server, browser, regions
):
    # given an elder with an SOS button, and an operator of her street with the console open
    services.install_default_rules()  # a transactional test flushes the migration's rows
    installer = _user("installer", Role.STREET_STAFF, STREET_A)
    _user("operator", Role.ALARM_OPERATOR, STREET_A)
    elder = make_elder(
        residence_region_id=COMMUNITY_A1, name="马秀英", address="富平社区3号楼2单元"
    )
    services.provision_device(
        elder,
        kind="sos_button",
        serial="SOS-LIVE-1",
        installed_on=date(2026, 6, 1),
        secret="live-secret-0001",
        actor=installer,
    )
    page = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900}).new_page()
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "operator")
    page.fill("#id_password", "Correct-Horse-9")
    page.click("button[type=submit]")
    page.goto(live_server.url + "/telecare/")
    page.wait_for_selector("#yy-live.text-bg-success", timeout=5000)

    # when the device publishes an SOS through the HTTP door
    body = json.dumps(
        {"device": "SOS-LIVE-1", "seq": 1, "kind": "sos", "ts": "2026-06-16T09:00:00+08:00"}
    ).encode()
    request = urllib.request.Request(  # noqa: S310 (the test's own server)
        live_server.url + "/api/v1/telecare/messages",
        data=body,
        headers={
            "Content-Type": "application/json",
            "X-Yiyang-Signature": sign(body, signing_key("live-secret-0001")),
        },
    )
    published = time.monotonic()
    with urllib.request.urlopen(request) as answer:  # noqa: S310 (the test's own server)
        assert answer.status == 202

    # then it appears on the console within a second, without a reload
    page.wait_for_selector("tr[data-alarm]", timeout=1000)
    shown_after = time.monotonic() - published
    assert shown_after < 1.0
    shot(page, "telecare-console")

    # and the operator handles it to the end
    page.click("tr[data-alarm] a")
    page.click("#yy-acknowledge button[type=submit]")
    page.fill("#yy-call [name=called]", "马秀英本人")
    page.select_option("#yy-call [name=result]", "no_answer")
    page.click("#yy-call button[type=submit]")
    page.select_option("#yy-dispatch [name=target]", "community_worker")
    page.fill("#yy-dispatch [name=note]", "社区网格员前往")
    page.click("#yy-dispatch button[type=submit]")
    shot(page, "telecare-alarm")
    page.select_option("#yy-resolve [name=outcome]", "helped_at_home")
    with page.expect_navigation():
        page.click("#yy-resolve button[type=submit]")

    alarm = Alarm.objects.get()
    assert alarm.status == "resolved"
    assert list(alarm.events.values_list("event_type", "actor__username")) == [
        ("raised", None),
        ("acknowledged", "operator"),
        ("call", "operator"),
        ("dispatched", "operator"),
        ("resolved", "operator"),
    ]
    assert page.locator("#yy-alarm-steps tbody tr").count() == 5
    page.close()  # ends the console's event stream before the database is torn down
