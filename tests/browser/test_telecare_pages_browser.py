"""The pages a street worker and the city use around the alarm centre, in Chinese: the
response plan's cascade, a home care bed from set-up to service with its month's visits, the
alarm rules with a refused value named beside its field, and the responder's arrival on site."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.browser.pages import log_in, shot
from tests.conftest import CITY, COMMUNITY_A1, STREET_A, _user
from tests.factories import make_elder
from yiyang.core.roles import Role
from yiyang.registry.models import Elder
from yiyang.telecare import services
from yiyang.telecare.messages import sign, signing_key
from yiyang.telecare.models import Alarm, AlarmRule, HomeCareBed, ResponsePlan

pytestmark = [pytest.mark.browser]


@pytest.fixture
def morning():
    moment = datetime(2026, 6, 16, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=True):
        yield


def _submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_plan_bed_rules_and_arrival_pages(morning, transactional_db, live_server, browser, regions):
    services.install_default_rules()  # a transactional test flushes the migration's rows
    worker = _user("jiedao", Role.STREET_STAFF, STREET_A)
    _user("gaojing", Role.ALARM_OPERATOR, STREET_A)
    _user("shiju", Role.CITY_ADMIN, CITY)
    elder = make_elder(residence_region_id=COMMUNITY_A1, name="马秀英", address="富平社区3号楼")
    Elder.objects.filter(pk=elder.pk).update(
        ability_level=2, ability_level_valid_until=date(2027, 6, 1)
    )
    device, _secret = services.provision_device(
        elder, kind="sos_button", serial="SOS-PAGE-1", installed_on=date(2026, 6, 1),
        secret="page-secret-0001", actor=worker,
    )  # fmt: skip

    # the street worker writes the cascade: the son first, the neighbour with the key second
    page = log_in(browser, live_server, "jiedao")
    page.goto(live_server.url + f"/telecare/plans/{elder.pk}/")
    page.fill("#id_home_access", "门口钥匙盒，密码找邻居李桂兰")
    page.fill("#id_conditions", "心脏支架，左耳听力差")
    page.fill("#id_contacts-0-ORDER", "2")
    page.select_option("#id_contacts-0-role", "neighbour")
    page.fill("#id_contacts-0-name", "李桂兰")
    page.fill("#id_contacts-0-phone", "13800000002")
    page.check("#id_contacts-0-is_keyholder")
    page.fill("#id_contacts-1-ORDER", "1")
    page.select_option("#id_contacts-1-role", "family")
    page.fill("#id_contacts-1-name", "马军")
    page.fill("#id_contacts-1-phone", "1390000000x")
    page.check("#id_contacts-1-has_consented")
    _submit(page, "#yy-plan-form button[type=submit]")
    assert page.locator("#id_contacts-1-phone_errors").is_visible()  # which row, which field
    shot(page, "telecare-plan-error")
    page.fill("#id_contacts-1-phone", "13900000001")
    page.fill("#id_contacts-1-consented_on", "2026-06-01")
    _submit(page, "#yy-plan-form button[type=submit]")
    plan = ResponsePlan.objects.get(elder=elder)
    assert list(plan.contacts.order_by("position").values_list("name", flat=True)) == [
        "马军", "李桂兰",
    ]  # fmt: skip
    shot(page, "telecare-plan")

    # a home care bed: set up without the adaptation, which keeps it from service
    page.goto(live_server.url + f"/telecare/beds/new/{elder.pk}/")
    page.fill("#id_provider_name", "吴忠颐康护理站")
    page.fill("#id_contract_number", "HT-2026-001")
    page.fill("#id_contract_start", "2026-06-01")
    page.fill("#id_contract_end", "2027-05-31")
    _submit(page, "#yy-bed-form button[type=submit]")
    assert page.locator("#yy-bed-readiness .text-danger").count() == 1
    page.fill("#id_adaptation_done_on", "2026-06-10")
    _submit(page, "#yy-bed-adaptation button[type=submit]")
    page.fill("#id_month", "2026-06")
    page.fill("#id_owed_visits", "8")
    page.fill("#id_services", "助浴、保洁、康复")
    _submit(page, "#yy-bed-month button[type=submit]")
    _submit(page, "#yy-bed-readiness button[type=submit]")
    assert HomeCareBed.objects.get().status == "active"
    assert page.locator("#yy-bed-months").inner_text().count("8") >= 2  # owed 8, still owed 8
    shot(page, "telecare-bed")
    page.goto(live_server.url + "/telecare/beds/")
    shot(page, "telecare-bed-list")

    # the city's rules: a no-motion threshold of 0 hours is refused beside its field
    page = log_in(browser, live_server, "shiju")
    page.goto(live_server.url + f"/telecare/rules/no_motion/?elder={elder.pk}")
    page.fill("#id_threshold", "0")
    _submit(page, "#yy-rule-form button[type=submit]")
    assert page.locator("#id_threshold_errors").is_visible()
    shot(page, "telecare-rule-error")
    page.fill("#id_threshold", "6")
    page.fill("#id_note", "老人习惯午睡到三点")
    _submit(page, "#yy-rule-form button[type=submit]")
    assert AlarmRule.objects.get(elder=elder, code="no_motion").threshold == 6
    shot(page, "telecare-rules")

    # an SOS, dispatched to the son, who arrives twenty minutes later
    raw = b'{"device":"SOS-PAGE-1","seq":1,"kind":"sos","ts":"2026-06-16T09:00:00+08:00"}'
    alarm = services.ingest_message(raw, sign(raw, signing_key("page-secret-0001"))).alarms[0]
    page = log_in(browser, live_server, "gaojing")
    page.goto(live_server.url + f"/telecare/alarms/{alarm.pk}/")
    _submit(page, "#yy-acknowledge button[type=submit]")
    page.select_option("#id_target", "family")
    _submit(page, "#yy-dispatch button[type=submit]")
    page.fill("#id_responder", "儿子 马军")
    _submit(page, "#yy-arrival button[type=submit]")
    alarm = Alarm.objects.get(pk=alarm.pk)
    assert alarm.arrived_at is not None
    assert "儿子 马军" in page.locator("#yy-alarm-steps").inner_text()
    shot(page, "telecare-arrival")
    assert device.pk  # the device heard the SOS


def test_daily_check_ins_page(morning, transactional_db, live_server, browser, regions):
    # given two elders of the street who chose the daily "I'm OK": one pressed this morning,
    # one not yet; and a third elder with a button who did not choose it
    services.install_default_rules()  # a transactional test flushes the migration's rows
    worker = _user("jiedao", Role.STREET_STAFF, STREET_A)
    admin = _user("shiju", Role.CITY_ADMIN, CITY)
    names = ["马秀英", "李桂芳", "赵玉兰"]
    elders = [
        make_elder(residence_region_id=COMMUNITY_A1, name=name, address=f"富平社区{n}号楼")
        for n, name in enumerate(names, start=1)
    ]
    for n, elder in enumerate(elders, start=1):
        services.provision_device(
            elder, kind="sos_button", serial=f"SOS-OK-{n}", installed_on=date(2026, 6, 1),
            secret=f"ok-secret-000{n}", actor=worker,
        )  # fmt: skip
    for elder in elders[:2]:
        services.set_rule(
            "daily_ok", elder=elder, severity=2, threshold=26,
            effective_from=date(2026, 6, 16), actor=admin,
        )  # fmt: skip
    raw = b'{"device":"SOS-OK-1","seq":1,"kind":"ok_press","ts":"2026-06-16T08:30:00+08:00"}'
    assert services.ingest_message(raw, sign(raw, signing_key("ok-secret-0001"))).accepted

    # when the street worker opens the page from the menu
    page = log_in(browser, live_server, "jiedao")
    with page.expect_navigation():
        page.click("a.yy-nav[href='/telecare/checks/']")

    # then she sees who pressed and who has not, in Chinese
    rows = page.locator("#yy-check-list tbody tr")
    assert rows.count() == 2
    assert page.locator("tr[data-device='SOS-OK-1'] td[data-daily='pressed']").inner_text() == (
        "08:30 已报平安"
    )
    assert page.locator("tr[data-device='SOS-OK-2'] td[data-daily='not_yet']").is_visible()
    assert page.locator("[data-count='pressed']").inner_text() == "1"
    shot(page, "telecare-checks")

    # and the filter "not yet" keeps 李桂芳 alone; "every button" adds 赵玉兰
    with page.expect_navigation():
        page.click("#yy-check-filters a[href$='daily=not_yet']")
    assert page.locator("#yy-check-list tbody tr").all_inner_texts()[0].startswith("李桂芳")
    assert page.locator("#yy-check-list tbody tr").count() == 1
    page.goto(live_server.url + "/telecare/checks/?who=all")
    assert page.locator("#yy-check-list tbody tr").count() == 3
    shot(page, "telecare-checks-all")
