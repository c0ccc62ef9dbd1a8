"""The message schema and signature (pure module)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yiyang.telecare.messages import (
    MessageRejected,
    make_envelope,
    open_envelope,
    parse_message,
    sign,
    signature_matches,
    signing_key,
    topic_parts,
)

GOOD = {
    "device": "SOS-1",
    "seq": 7,
    "kind": "sos",
    "ts": "2026-06-16T02:00:00Z",
    "payload": {"battery": 80},
}


def _raw(**changes) -> bytes:
    data = {**GOOD, **changes}
    return json.dumps({k: v for k, v in data.items() if v is not ...}).encode()


def test_parses_a_valid_message():
    message = parse_message(_raw())

    assert message.device == "SOS-1"
    assert message.seq == 7
    assert message.kind == "sos"
    assert message.ts == datetime(2026, 6, 16, 2, 0, tzinfo=UTC)
    assert message.battery == 80


def test_payload_is_optional():
    assert parse_message(_raw(payload=...)).payload == {}


@pytest.mark.parametrize(
    ("raw", "field_name"),
    [
        pytest.param(b"not json", None, id="not-json"),
        pytest.param(b"\xff\xfe", None, id="not-utf8"),
        pytest.param(b"[1, 2]", None, id="not-an-object"),
        pytest.param(b"x" * 5000, None, id="too-large"),
        pytest.param(_raw(device=""), "device", id="empty-device"),
        pytest.param(_raw(device="a/b"), "device", id="topic-character"),
        pytest.param(_raw(device=...), "device", id="no-device"),
        pytest.param(_raw(seq=-1), "seq", id="negative-seq"),
        pytest.param(_raw(seq="7"), "seq", id="text-seq"),
        pytest.param(_raw(seq=True), "seq", id="boolean-seq"),
        pytest.param(_raw(kind="explode"), "kind", id="unknown-kind"),
        pytest.param(_raw(ts="yesterday"), "ts", id="bad-time"),
        pytest.param(_raw(ts="2026-06-16T02:00:00"), "ts", id="naive-time"),
        pytest.param(_raw(ts=...), "ts", id="no-time"),
        pytest.param(_raw(payload=[1]), "payload", id="payload-list"),
        pytest.param(_raw(payload={"battery": 101}), "payload.battery", id="battery-101"),
        pytest.param(_raw(extra=1), "extra", id="unknown-field"),
    ],
)
def test_rejects_malformed_message_naming_the_field(raw, field_name):
    with pytest.raises(MessageRejected) as caught:
        parse_message(raw)

    assert caught.value.reason == "malformed"
    assert caught.value.field == field_name


@given(st.binary(max_size=300))
def test_any_bytes_are_parsed_or_rejected_never_crash(raw):
    reasons = []
    try:
        parse_message(raw)
    except MessageRejected as error:
        reasons.append(error.reason)

    assert reasons in ([], ["malformed"])


def test_signature_matches_only_the_exact_body_and_key():
    key = signing_key("s3cret")
    raw = _raw()

    assert signature_matches(raw, key, sign(raw, key))
    assert not signature_matches(raw + b" ", key, sign(raw, key))
    assert not signature_matches(raw, signing_key("other"), sign(raw, key))
    assert not signature_matches(raw, key, None)


def test_envelope_round_trip():
    key = signing_key("s3cret")
    raw = _raw()

    body, signature = open_envelope(make_envelope(raw, key))

    assert body == raw
    assert signature == sign(raw, key)


def test_envelope_without_body_is_malformed():
    with pytest.raises(MessageRejected) as caught:
        open_envelope(b'{"sig": "00"}')

    assert caught.value.field == "body"


@pytest.mark.parametrize(
    ("topic", "parts"),
    [
        ("yiyang/wuzhong/SOS-1/sos", ("wuzhong", "SOS-1", "sos")),
        ("yiyang/wuzhong/SOS-1", None),
        ("other/wuzhong/SOS-1/sos", None),
        ("yiyang//SOS-1/sos", None),
    ],
)
def test_topic_parts(topic, parts):
    assert topic_parts(topic) == parts
