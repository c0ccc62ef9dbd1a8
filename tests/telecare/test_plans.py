"""The response plan: ordered contacts with consent, home access, conditions; on the alarm card."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from tests.api.conftest import JsonClient
from tests.telecare.conftest import body, signed
from yiyang.core.errors import PermissionDeniedError
from yiyang.core.models import ChangeRecord
from yiyang.telecare import services
from yiyang.telecare.errors import TelecareError
from yiyang.telecare.models import PlanContact, ResponsePlan

SON = services.PlanContactData(
    role="family",
    name="马军",
    phone="13912345678",
    has_consented=True,
    consented_on=date(2026, 5, 1),
)
NEIGHBOUR = services.PlanContactData(
    role="neighbour", name="李大姐", phone="13800001111", is_keyholder=True
)


def test_plan_keeps_the_call_order_and_replaces_the_old(elder, street_worker):
    services.set_response_plan(
        elder, home_access="门口钥匙盒", conditions="", contacts=[NEIGHBOUR], actor=street_worker
    )

    plan = services.set_response_plan(
        elder,
        home_access="钥匙在邻居李大姐家",
        conditions="糖尿病，注意低血糖",
        contacts=[SON, NEIGHBOUR],
        actor=street_worker,
    )

    assert list(plan.contacts.values_list("position", "name", "has_consented")) == [
        (1, "马军", True),
        (2, "李大姐", False),
    ]
    assert ResponsePlan.objects.count() == 1
    records = ChangeRecord.objects.filter(content_type__model="responseplan").order_by("pk")
    assert [record.action for record in records] == ["create", "update"]
    assert records[1].changes["home_access"] == ["门口钥匙盒", "钥匙在邻居李大姐家"]


@pytest.mark.parametrize(
    ("contact", "field_name"),
    [
        pytest.param(
            SON.__class__(role="boss", name="x", phone="13900000000"), "contacts.0.role", id="role"
        ),
        pytest.param(
            SON.__class__(role="family", name=" ", phone="13900000000"),
            "contacts.0.name",
            id="name",
        ),
        pytest.param(
            SON.__class__(role="family", name="x", phone="call me"), "contacts.0.phone", id="phone"
        ),
        pytest.param(
            SON.__class__(role="family", name="x", phone="13900000000", has_consented=True),
            "contacts.0.consented_on",
            id="consent-without-date",
        ),
    ],
)
def test_bad_contact_is_refused_and_nothing_written(elder, street_worker, contact, field_name):
    with pytest.raises(TelecareError) as caught:
        services.set_response_plan(
            elder, home_access="", conditions="", contacts=[contact], actor=street_worker
        )

    assert caught.value.field == field_name
    assert ResponsePlan.objects.count() == 0
    assert PlanContact.objects.count() == 0


def test_other_street_cannot_write_the_plan(elder, other_street_worker):
    with pytest.raises(PermissionDeniedError):
        services.set_response_plan(
            elder, home_access="", conditions="", contacts=[SON], actor=other_street_worker
        )

    assert ResponsePlan.objects.count() == 0


def test_alarm_card_follows_the_plan(sos_button, elder, street_worker, operator):
    services.set_response_plan(
        elder,
        home_access="钥匙在邻居李大姐家",
        conditions="糖尿病",
        contacts=[SON, NEIGHBOUR],
        actor=street_worker,
    )
    raw = body(seq=1)
    alarm = services.ingest_message(raw, signed(raw)).alarms[0]
    client = Client()
    client.force_login(operator)

    page = client.get(reverse("telecare:alarm_detail", kwargs={"pk": alarm.pk})).content.decode()

    assert "钥匙在邻居李大姐家" in page
    assert "糖尿病" in page
    assert page.index("13912345678") < page.index("13800001111")
    assert "13800001111" in page


@pytest.mark.urls("tests.api.urls")
def test_plan_through_the_api(elder, street_worker, operator, other_operator):
    answer = JsonClient(street_worker).client.put(
        f"/api/v1/elders/{elder.pk}/response-plan",
        {
            "home_access": "钥匙盒 门左侧",
            "conditions": "",
            "contacts": [
                {
                    "role": "family",
                    "name": "马军",
                    "phone": "13912345678",
                    "has_consented": True,
                    "consented_on": "2026-05-01",
                }
            ],
        },
        content_type="application/json",
    )
    assert answer.status_code == 200

    shown = JsonClient(operator).get(f"/elders/{elder.pk}/response-plan")
    hidden = JsonClient(other_operator).get(f"/elders/{elder.pk}/response-plan")

    assert shown.json()["contacts"][0]["position"] == 1
    assert shown.json()["home_access"] == "钥匙盒 门左侧"
    assert hidden.status_code == 404
