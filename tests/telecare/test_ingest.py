"""The ingest door: accepted, deduplicated, refused and counted, never crashing."""

from __future__ import annotations

from datetime import date

import pytest

from tests.telecare.conftest import body, signed
from yiyang.telecare import live, services
from yiyang.telecare.messages import make_envelope, signing_key
from yiyang.telecare.models import Alarm, AlarmEvent, Device, IngestRejection


def _tally() -> dict[str, int]:
    return dict(IngestRejection.objects.values_list("reason", "count"))


def test_sos_raises_one_critical_alarm(sos_button):
    raw = body(seq=5)

    result = services.ingest_message(raw, signed(raw))

    assert result.accepted
    alarm = Alarm.objects.get()
    assert (alarm.rule, alarm.severity, alarm.status, alarm.sequence) == ("sos", 1, "open", 5)
    assert alarm.region_code == sos_button.region_code
    assert list(alarm.events.values_list("event_type", flat=True)) == ["raised"]


def test_replayed_message_raises_no_second_alarm(sos_button):
    raw = body(seq=5)
    services.ingest_message(raw, signed(raw))

    result = services.ingest_message(raw, signed(raw))

    assert result.accepted
    assert result.duplicate
    assert Alarm.objects.count() == 1
    assert AlarmEvent.objects.count() == 1


def test_heartbeat_writes_no_row_but_is_remembered(sos_button, django_assert_num_queries):
    raw = body(seq=6, kind="heartbeat")

    # the process's first message loads the active devices; nothing is written, and without a
    # battery level no rule applies
    with django_assert_num_queries(1):
        result = services.ingest_message(raw, signed(raw))

    assert result.accepted
    assert Alarm.objects.count() == 0
    assert sos_button.pk in live.read([sos_button.pk])


def test_heartbeat_with_battery_reads_the_rules_and_writes_the_change_only(
    sos_button, django_assert_num_queries
):
    first = body(seq=6, kind="heartbeat", battery=90)
    services.ingest_message(first, signed(first))
    again = body(seq=7, kind="heartbeat", battery=90)

    # devices and rules come from the process's caches; the battery is saved by the periodic
    # check: a heartbeat costs no query at all
    with django_assert_num_queries(0):
        services.ingest_message(again, signed(again))

    assert Alarm.objects.count() == 0


def test_low_battery_raises_one_technical_alarm_while_open(sos_button):
    for seq in (1, 2):
        raw = body(seq=seq, kind="heartbeat", battery=10)
        services.ingest_message(raw, signed(raw))

    alarm = Alarm.objects.get()
    assert (alarm.rule, alarm.severity, alarm.sequence) == ("low_battery", 3, None)
    sos_button.refresh_from_db()
    assert sos_button.battery_percent is None  # saved by the periodic check, not per heartbeat
    services.run_checks()
    sos_button.refresh_from_db()
    assert sos_button.battery_percent == 10


def test_door_state_is_written_on_change(elder, street_worker):
    device, secret = services.provision_device(
        elder,
        kind="door_contact",
        serial="DOOR-1",
        installed_on=date(2026, 6, 1),
        actor=street_worker,
    )
    opened = body(serial="DOOR-1", seq=1, kind="door_open")
    services.ingest_message(opened, signed(opened, secret))
    device.refresh_from_db()
    assert device.door_open_since is not None

    closed = body(serial="DOOR-1", seq=2, kind="door_closed")
    services.ingest_message(closed, signed(closed, secret))
    device.refresh_from_db()
    assert device.door_open_since is None


@pytest.mark.parametrize(
    ("raw", "signature", "reason", "field_name"),
    [
        pytest.param(b"{oops", "x", "malformed", None, id="malformed"),
        pytest.param(body(kind="boom"), "x", "malformed", "kind", id="bad-kind"),
        pytest.param(body(serial="NOPE-1"), "x", "unknown_device", "device", id="unknown"),
        pytest.param(body(), "00" * 32, "bad_signature", "signature", id="bad-signature"),
        pytest.param(body(), None, "bad_signature", "signature", id="unsigned"),
    ],
)
def test_refused_message_is_counted_and_writes_nothing(
    sos_button, raw, signature, reason, field_name
):
    result = services.ingest_message(raw, signature)

    assert not result.accepted
    assert (result.reason, result.field) == (reason, field_name)
    assert _tally() == {reason: 1}
    assert Alarm.objects.count() == 0


def test_signed_with_another_devices_secret_is_refused(sos_button):
    raw = body()

    result = services.ingest_message(raw, signed(raw, "someone-elses-secret"))

    assert result.reason == "bad_signature"
    assert Alarm.objects.count() == 0


def test_unbound_device_is_refused(sos_button, street_worker):
    services.unbind_device(sos_button, reason="拆除", actor=street_worker)
    raw = body()

    result = services.ingest_message(raw, signed(raw))

    assert result.reason == "device_unbound"
    assert Alarm.objects.count() == 0


def test_counts_add_up(sos_button):
    for _ in range(3):
        services.ingest_message(b"[]", None)

    assert _tally() == {"malformed": 3}


def test_envelope_topic_must_name_the_device(sos_button):
    raw = body()
    envelope = make_envelope(raw, signing_key("walk-secret-0123456789"))

    refused = services.ingest_envelope(envelope, topic_serial="SOS-0002")
    accepted = services.ingest_envelope(envelope, topic_serial="SOS-0001")

    assert refused.reason == "topic_mismatch"
    assert accepted.accepted
    assert Alarm.objects.count() == 1
    assert Device.objects.get().status == "active"


def test_device_unbound_after_it_was_cached_is_refused_at_once(sos_button, street_worker):
    first = body(seq=1, kind="heartbeat")
    assert services.ingest_message(first, signed(first)).accepted  # now in the process's cache

    services.unbind_device(sos_button, reason="拆除", actor=street_worker)
    raw = body(seq=2)
    result = services.ingest_message(raw, signed(raw))

    assert result.reason == "device_unbound"
    assert Alarm.objects.count() == 0


def test_serial_bound_again_with_a_new_secret_is_heard_despite_a_stale_cache(
    sos_button, elder, street_worker
):
    first = body(seq=1, kind="heartbeat")
    services.ingest_message(first, signed(first))
    # Another process unbinds and binds the serial again: this process's cache is not told.
    Device.objects.filter(pk=sos_button.pk).update(
        status="unbound", unbound_at=sos_button.created_at
    )
    Device.objects.create(
        serial="SOS-0001", kind="sos_button", elder=elder, region_code=sos_button.region_code,
        address="-", installed_on=date(2026, 6, 2), signing_key=signing_key("new-secret"),
        created_by=street_worker,
    )  # fmt: skip

    raw = body(seq=2)
    result = services.ingest_message(raw, signed(raw, "new-secret"))
    stale = body(seq=3)
    refused = services.ingest_message(stale, signed(stale))

    assert result.accepted
    assert Alarm.objects.get().device.signing_key == signing_key("new-secret")
    assert refused.reason == "bad_signature"
