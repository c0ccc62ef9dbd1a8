"""The pages added for the operators and the bureau: the response plan, home care beds, the
alarm rules, and a responder's arrival on the alarm card."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests.telecare.conftest import body, signed
from yiyang.telecare import directory, services
from yiyang.telecare.models import AlarmRule, BedMonthPlan, HomeCareBed, ResponsePlan

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _plan_post(rows: list[dict], **fields) -> dict:
    data = {
        "home_access": fields.get("home_access", "门口密码钥匙盒 1234，邻居李姐有钥匙"),
        "conditions": fields.get("conditions", "心脏支架，左耳听力差"),
        "contacts-TOTAL_FORMS": str(len(rows)),
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "10",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"contacts-{index}-{name}"] = value
    return data


def test_street_worker_writes_the_cascade_in_the_order_numbered(elder, street_worker):
    url = reverse("telecare:plan_edit", kwargs={"elder_pk": elder.pk})
    rows = [
        {"ORDER": "2", "role": "neighbour", "name": "李桂兰", "phone": "13800000002",
         "is_keyholder": "on"},
        {"ORDER": "1", "role": "family", "name": "马军", "phone": "13900000001",
         "has_consented": "on", "consented_on": "2026-06-01"},
        {"ORDER": "", "role": "", "name": "", "phone": ""},  # an empty extra row
    ]  # fmt: skip

    response = _client(street_worker).post(url, _plan_post(rows))

    assert response.status_code == 302
    plan = ResponsePlan.objects.get(elder=elder)
    assert plan.conditions == "心脏支架，左耳听力差"
    contacts = list(plan.contacts.order_by("position").values_list("name", "has_consented",
                                                                       "is_keyholder"))  # fmt: skip
    assert contacts == [("马军", True, False), ("李桂兰", False, True)]
    page = _client(street_worker).get(url).content.decode()
    assert "马军" in page
    assert "李桂兰" in page


def test_plan_page_names_the_row_and_field_and_writes_nothing(elder, street_worker):
    url = reverse("telecare:plan_edit", kwargs={"elder_pk": elder.pk})
    rows = [
        {"ORDER": "1", "role": "family", "name": "马军", "phone": "13900000001",
         "has_consented": "on"},  # agreed, but when?
    ]  # fmt: skip

    response = _client(street_worker).post(url, _plan_post(rows))

    assert response.status_code == 422
    assert 'id="id_contacts-0-consented_on_errors"' in response.content.decode()
    assert not ResponsePlan.objects.exists()


def test_operator_may_not_edit_a_plan(elder, operator):
    url = reverse("telecare:plan_edit", kwargs={"elder_pk": elder.pk})

    assert _client(operator).get(url).status_code == 403


def _assessed(elder) -> None:
    from yiyang.registry.models import Elder

    Elder.objects.filter(pk=elder.pk).update(
        ability_level=2, ability_level_valid_until=date(2027, 6, 1)
    )


def test_bed_set_up_planned_and_put_into_service_on_the_pages(elder, sos_button, street_worker):
    client = _client(street_worker)
    created = client.post(
        reverse("telecare:bed_create", kwargs={"elder_pk": elder.pk}),
        {"provider_name": "吴忠颐康护理站", "contract_number": "HT-2026-001",
         "contract_start": "2026-06-01", "contract_end": "2027-05-31"},
    )  # fmt: skip
    bed = HomeCareBed.objects.get()
    assert created.status_code == 302
    page = client.get(reverse("telecare:bed_detail", kwargs={"pk": bed.pk})).content.decode()
    assert 'id="yy-bed-readiness"' in page
    assert "bi-x-circle" in page  # an element is missing

    refused = client.post(reverse("telecare:bed_open", kwargs={"pk": bed.pk}))
    assert refused.status_code == 422
    _assessed(elder)
    client.post(
        reverse("telecare:bed_adaptation", kwargs={"pk": bed.pk}),
        {"adaptation_done_on": "2026-06-10"},
    )
    client.post(
        reverse("telecare:bed_plan_month", kwargs={"pk": bed.pk}),
        {"month": "2026-06", "owed_visits": "8", "services": "助浴、保洁"},
    )
    opened = client.post(reverse("telecare:bed_open", kwargs={"pk": bed.pk}))

    bed.refresh_from_db()
    assert opened.status_code == 302
    assert (bed.status, bed.adaptation_done_on) == ("active", date(2026, 6, 10))
    assert BedMonthPlan.objects.get().owed_visits == 8
    listing = client.get(reverse("telecare:bed_list")).content.decode()
    assert elder.name in listing
    assert 'id="yy-bed-list"' in listing


def test_bed_form_names_the_bad_field(elder, street_worker):
    response = _client(street_worker).post(
        reverse("telecare:bed_create", kwargs={"elder_pk": elder.pk}),
        {"provider_name": "护理站", "contract_number": "HT-1",
         "contract_start": "2026-06-01", "contract_end": "2026-05-01"},
    )  # fmt: skip

    assert response.status_code == 422
    assert 'id="id_contract_end_errors"' in response.content.decode()
    assert not HomeCareBed.objects.exists()


def test_city_admin_changes_a_rule_for_one_elder_and_ingest_uses_it_at_once(
    sos_button, elder, city_admin
):
    warm = body(seq=1, kind="heartbeat", battery=25)
    services.ingest_message(warm, signed(warm))  # rules now cached in this process
    url = reverse("telecare:rule_edit", kwargs={"code": "low_battery"})

    response = _client(city_admin).post(
        url,
        {"elder": elder.pk, "severity": "3", "is_enabled": "on", "threshold": "30",
         "effective_from": "2026-06-16", "note": "电池老化"},
    )  # fmt: skip
    raw = body(seq=2, kind="heartbeat", battery=25)
    result = services.ingest_message(raw, signed(raw))

    assert response.status_code == 302
    assert AlarmRule.objects.get(elder=elder).threshold == 30
    assert [alarm.rule for alarm in result.alarms] == ["low_battery"]
    page = _client(city_admin).get(reverse("telecare:rule_list") + f"?elder={elder.pk}")
    assert "table-info" in page.content.decode()


@pytest.mark.parametrize(
    ("code", "changes", "field_name"),
    [
        ("no_motion", {"threshold": "0"}, "threshold"),
        ("no_motion", {"threshold": ""}, "threshold"),
        ("sos", {"threshold": "5"}, "threshold"),
        ("door_open_night", {"window_end_hour": "22"}, "window_end_hour"),
        ("no_motion", {"effective_from": "2026-06-01"}, "effective_from"),
    ],
)
def test_rule_form_names_the_field_and_saves_nothing(city_admin, code, changes, field_name):
    before = AlarmRule.objects.count()
    data = {"severity": "2", "is_enabled": "on", "threshold": "4", "window_start_hour": "22",
            "window_end_hour": "6", "effective_from": "2026-06-16"}  # fmt: skip
    if code == "no_motion":
        data.update(window_start_hour="8", window_end_hour="20")
    if code == "sos":
        data.update(window_start_hour="", window_end_hour="")
    data.update(changes)

    response = _client(city_admin).post(reverse("telecare:rule_edit", kwargs={"code": code}), data)

    assert response.status_code == 422
    assert f'id="id_{field_name}_errors"' in response.content.decode()
    assert AlarmRule.objects.count() == before


def test_rules_page_is_for_rule_managers_only(street_worker, operator, city_admin):
    url = reverse("telecare:rule_list")

    assert _client(street_worker).get(url).status_code == 403
    assert _client(operator).get(url).status_code == 403
    assert _client(city_admin).get(url).status_code == 200


def test_arrival_recorded_on_the_alarm_card(sos_button, operator, clock):
    raw = body(seq=1)
    alarm = services.ingest_message(raw, signed(raw)).alarms[0]
    client = _client(operator)
    client.post(reverse("telecare:alarm_acknowledge", kwargs={"pk": alarm.pk}))
    client.post(reverse("telecare:alarm_dispatch", kwargs={"pk": alarm.pk}), {"target": "family"})
    clock.shift(timedelta(minutes=25))

    response = client.post(
        reverse("telecare:alarm_arrival", kwargs={"pk": alarm.pk}), {"responder": "儿子 马军"}
    )

    alarm.refresh_from_db()
    assert response.status_code == 302
    assert alarm.arrived_at - alarm.dispatched_at == timedelta(minutes=25)
    page = client.get(reverse("telecare:alarm_detail", kwargs={"pk": alarm.pk})).content.decode()
    assert "儿子 马军" in page


def test_directory_is_cleared_between_tests():
    # the conftest fixture empties the per-process caches; a stale device would leak otherwise
    assert directory.devices._entries == {}
