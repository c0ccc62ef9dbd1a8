"""The telecare API: the HTTP door for devices, devices, alarms and the operator's steps."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.conftest import JsonClient
from tests.telecare.conftest import body, signed
from yiyang.telecare.models import Alarm, AlarmEvent, Device, IngestRejection

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]


def _post_message(raw: bytes, signature: str | None):
    headers = {"X-Yiyang-Signature": signature} if signature else {}
    return Client().post(
        "/api/v1/telecare/messages", raw, content_type="application/json", headers=headers
    )


def test_http_door_accepts_a_signed_sos(sos_button):
    raw = body(seq=3)

    response = _post_message(raw, signed(raw))

    assert response.status_code == 202
    alarm = Alarm.objects.get()
    assert response.json() == {"accepted": True, "duplicate": False, "alarm_pks": [alarm.pk]}


def test_http_door_answers_a_replay_without_a_second_alarm(sos_button):
    raw = body(seq=3)
    _post_message(raw, signed(raw))

    response = _post_message(raw, signed(raw))

    assert response.status_code == 202
    assert response.json() == {"accepted": True, "duplicate": True, "alarm_pks": []}
    assert Alarm.objects.count() == 1


@pytest.mark.parametrize(
    ("raw", "signature", "status", "code", "field_name"),
    [
        pytest.param(b"{", "x", 422, "telecare_message_rejected_malformed", None, id="malformed"),
        pytest.param(
            body(seq=-1), "x", 422, "telecare_message_rejected_malformed", "seq", id="bad-seq"
        ),
        pytest.param(
            body(), None, 401, "telecare_message_rejected_bad_signature", "signature", id="unsigned"
        ),
        pytest.param(
            body(serial="X-404"),
            "ab",
            401,
            "telecare_message_rejected_unknown_device",
            "device",
            id="unknown",
        ),
    ],
)
def test_http_door_refuses_and_counts(sos_button, raw, signature, status, code, field_name):
    response = _post_message(raw, signature)

    assert response.status_code == status
    answer = response.json()
    assert (answer["code"], answer["field"]) == (code, field_name)
    assert answer["message"]
    assert Alarm.objects.count() == 0
    assert IngestRejection.objects.get().count == 1


def _raise_sos(seq: int = 1) -> Alarm:
    raw = body(seq=seq)
    _post_message(raw, signed(raw))
    return Alarm.objects.get(sequence=seq)


def test_operator_handles_alarm_through_the_api(sos_button, operator):
    alarm = _raise_sos()
    client = JsonClient(operator)

    assert client.post(f"/alarms/{alarm.pk}/acknowledge").status_code == 200
    call = {"called": "马秀英", "result": "no_answer"}
    assert client.post(f"/alarms/{alarm.pk}/calls", call).status_code == 200
    assert client.post(f"/alarms/{alarm.pk}/dispatch", {"target": "police_110"}).status_code == 200
    done = client.post(f"/alarms/{alarm.pk}/resolve", {"outcome": "false_alarm"})

    assert done.status_code == 200
    answer = done.json()
    assert (answer["status"], answer["outcome"]) == ("resolved", "false_alarm")
    assert [step["event_type"] for step in answer["events"]] == [
        "raised",
        "acknowledged",
        "call",
        "dispatched",
        "resolved",
    ]
    assert {step["actor"] for step in answer["events"][1:]} == {"operator_a"}


def test_wrong_step_answers_error_shape(sos_button, operator):
    alarm = _raise_sos()

    response = JsonClient(operator).post(f"/alarms/{alarm.pk}/resolve", {"outcome": "false_alarm"})

    assert response.status_code == 422
    assert response.json()["code"] == "telecare_alarm_wrong_status"
    assert AlarmEvent.objects.count() == 1


@pytest.mark.parametrize(
    ("actor", "list_status", "detail_status", "ack_status"),
    [
        pytest.param(None, 401, 401, 401, id="anonymous"),
        pytest.param("other_operator", 200, 404, 404, id="other-street-operator"),
        pytest.param("street_worker", 200, 200, 403, id="street-worker-reads-only"),
        pytest.param("operator", 200, 200, 200, id="operator"),
    ],
)
def test_alarm_permission_matrix(
    sos_button, request, actor, list_status, detail_status, ack_status
):
    alarm = _raise_sos()
    client = JsonClient(request.getfixturevalue(actor) if actor else None)

    listed = client.get("/alarms/")
    assert listed.status_code == list_status
    assert client.get(f"/alarms/{alarm.pk}").status_code == detail_status
    assert client.post(f"/alarms/{alarm.pk}/acknowledge").status_code == ack_status
    if actor == "other_operator":
        assert listed.json()["count"] == 0
        assert Alarm.objects.get().status == "open"


@pytest.mark.parametrize("count", [1, 25])
def test_alarm_list_query_count(sos_button, operator, django_assert_num_queries, count):
    for seq in range(count):
        _raise_sos(seq)
    client = JsonClient(operator)

    # session, user, count, page
    with django_assert_num_queries(4):
        response = client.get("/alarms/", {"unresolved": "true"})

    assert response.json()["count"] == count


def test_provision_answers_the_secret_once(elder, street_worker):
    response = JsonClient(street_worker).post(
        "/devices/",
        {"elder_pk": elder.pk, "kind": "gas", "serial": "GAS-1", "installed_on": "2026-06-16"},
    )

    assert response.status_code == 201
    answer = response.json()
    assert (answer["serial"], answer["elder_name"]) == ("GAS-1", "马秀英")
    assert len(answer["secret"]) >= 24
    shown = JsonClient(street_worker).get(f"/devices/{answer['pk']}").json()
    assert "secret" not in shown


def test_provision_for_other_streets_elder_is_not_found(other_elder, street_worker):
    response = JsonClient(street_worker).post(
        "/devices/",
        {
            "elder_pk": other_elder.pk,
            "kind": "gas",
            "serial": "GAS-1",
            "installed_on": "2026-06-16",
        },
    )

    assert response.status_code == 404
    assert Device.objects.count() == 0


def test_unbind_through_the_api(sos_button, street_worker):
    response = JsonClient(street_worker).post(
        f"/devices/{sos_button.pk}/unbind", {"reason": "设备损坏"}
    )

    assert response.status_code == 200
    assert response.json()["status"] == "unbound"


@pytest.mark.parametrize("count", [1, 25])
def test_device_list_query_count(elder, street_worker, django_assert_num_queries, count):
    from datetime import date

    from yiyang.telecare import services

    for number in range(count):
        services.provision_device(
            elder,
            kind="smoke",
            serial=f"SMK-{number:03}",
            installed_on=date(2026, 6, 1),
            actor=street_worker,
        )

    client = JsonClient(street_worker)

    # session, user, count, page
    with django_assert_num_queries(4):
        response = client.get("/devices/")

    assert response.json()["count"] == count
