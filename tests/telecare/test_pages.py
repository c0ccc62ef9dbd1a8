"""The telecare pages: the console and its stream, one alarm handled, the device pages."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from tests.telecare.conftest import body, signed
from yiyang.core.models import AccessRecord
from yiyang.registry import services as registry
from yiyang.telecare import services
from yiyang.telecare.models import Alarm, Device

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _raise(seq: int = 1, kind: str = "sos") -> Alarm:
    raw = body(seq=seq, kind=kind)
    return services.ingest_message(raw, signed(raw)).alarms[0]


def _stream(client) -> list[dict]:
    response = client.get(reverse("telecare:alarm_stream"))
    text = b"".join(response.streaming_content).decode()
    return [json.loads(line[6:]) for line in text.splitlines() if line.startswith("data: ")]


def test_console_lists_alarms_most_severe_then_oldest(sos_button, operator, clock):
    from datetime import timedelta

    first = _raise(1)
    clock.shift(timedelta(seconds=5))
    low = services.ingest_message(
        body(seq=2, kind="heartbeat", battery=5), signed(body(seq=2, kind="heartbeat", battery=5))
    ).alarms[0]
    second = _raise(3)

    response = _client(operator).get(reverse("telecare:console"))

    assert response.status_code == 200
    assert [alarm.pk for alarm in response.context["rows"]] == [first.pk, second.pk, low.pk]
    assert "马秀英" in response.content.decode()


def test_stream_sends_a_new_version_when_an_alarm_arrives(sos_button, operator):
    client = _client(operator)
    before = _stream(client)

    _raise(1)
    after = _stream(client)

    assert before[0]["critical"] == 0
    assert after[0]["critical"] == 1
    assert after[0]["version"] != before[0]["version"]


def test_other_streets_operator_sees_nothing(sos_button, other_operator):
    _raise(1)
    client = _client(other_operator)

    assert client.get(reverse("telecare:console")).context["rows"] == []
    assert _stream(client)[0]["critical"] == 0


def test_operator_handles_an_alarm_on_the_page(sos_button, operator, elder, street_worker):
    registry.set_contacts(
        elder,
        [{"kind": "emergency", "name": "马军", "relation": "child", "phone": "13912345678"}],
        actor=street_worker,
    )
    alarm = _raise(1)
    client = _client(operator)

    page = client.get(reverse("telecare:alarm_detail", kwargs={"pk": alarm.pk}))
    assert "13912345678" in page.content.decode()
    assert AccessRecord.objects.filter(actor=operator, purpose=f"alarm {alarm.pk}").count() == 1

    for name, data in (
        ("alarm_acknowledge", {}),
        ("alarm_call", {"called": "马军", "phone": "13912345678", "result": "answered"}),
        ("alarm_dispatch", {"target": "family", "note": "儿子去看"}),
        ("alarm_resolve", {"outcome": "helped_at_home"}),
    ):
        response = client.post(reverse(f"telecare:{name}", kwargs={"pk": alarm.pk}), data)
        assert response.status_code == 302, name

    alarm.refresh_from_db()
    assert (alarm.status, alarm.outcome) == ("resolved", "helped_at_home")
    assert alarm.events.count() == 5


def test_street_worker_sees_the_card_without_numbers_or_forms(sos_button, street_worker, elder):
    registry.set_contacts(
        elder,
        [{"kind": "emergency", "name": "马军", "relation": "child", "phone": "13912345678"}],
        actor=street_worker,
    )
    alarm = _raise(1)
    client = _client(street_worker)

    page = client.get(reverse("telecare:alarm_detail", kwargs={"pk": alarm.pk}))
    refused = client.post(reverse("telecare:alarm_acknowledge", kwargs={"pk": alarm.pk}))

    assert "13912345678" not in page.content.decode()
    assert 'id="yy-acknowledge"' not in page.content.decode()
    assert refused.status_code == 403
    assert Alarm.objects.get().status == "open"


def test_invalid_step_shows_the_reason(sos_button, operator):
    alarm = _raise(1)

    response = _client(operator).post(
        reverse("telecare:alarm_resolve", kwargs={"pk": alarm.pk}), {"outcome": "false_alarm"}
    )

    assert response.status_code == 422
    assert Alarm.objects.get().status == "open"


def test_provision_on_the_page_shows_the_secret_once(elder, street_worker):
    client = _client(street_worker)

    response = client.post(
        reverse("telecare:device_create", kwargs={"elder_pk": elder.pk}),
        {
            "kind": "smoke",
            "serial": "SMK-1",
            "installed_on": "2026-06-16",
            "heartbeat_seconds": 300,
        },
    )

    assert response.status_code == 200
    device = Device.objects.get()
    assert response.context["secret"] in response.content.decode()
    detail = client.get(reverse("telecare:device_detail", kwargs={"pk": device.pk}))
    assert response.context["secret"] not in detail.content.decode()


def test_provision_form_names_the_bad_field(elder, street_worker):
    response = _client(street_worker).post(
        reverse("telecare:device_create", kwargs={"elder_pk": elder.pk}),
        {"kind": "smoke", "serial": "a b", "installed_on": "2026-06-16", "heartbeat_seconds": 300},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["serial"]
    assert Device.objects.count() == 0


def test_unbind_on_the_page(sos_button, street_worker):
    client = _client(street_worker)

    response = client.post(
        reverse("telecare:device_unbind", kwargs={"pk": sos_button.pk}), {"reason": "损坏"}
    )

    assert response.status_code == 302
    sos_button.refresh_from_db()
    assert sos_button.status == "unbound"


@pytest.mark.parametrize("count", [1, 25])
def test_console_query_count(sos_button, operator, django_assert_num_queries, count):
    for seq in range(count):
        _raise(seq)
    client = _client(operator)

    # session, user, the rows, the version aggregate, and the base page's four regions of
    # the user's place
    with django_assert_num_queries(8):
        client.get(reverse("telecare:console"))
