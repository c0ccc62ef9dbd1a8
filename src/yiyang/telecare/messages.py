"""The device message schema, its validation and its signature (pure: no Django import).

A message is one JSON object (UTF-8):

    {"device": "<serial>", "seq": <int ≥ 0>, "kind": "<message kind>",
     "ts": "<ISO 8601 with offset>", "payload": {...}}

`kind` is one of `MESSAGE_KINDS`; `payload` is an object (optional, default {}), whose known
keys are `battery` (0-100) and `note` (text). Over HTTP the body is the message and the header
`X-Yiyang-Signature` carries the signature; over MQTT the payload is the envelope
`{"body": "<the message as a JSON string>", "sig": "<signature>"}` on topic
`yiyang/<tenant>/<serial>/<kind>`. The signature is the hex HMAC-SHA256 of the exact body bytes
keyed with the device's signing key, `signing_key(secret)`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

MESSAGE_KINDS = frozenset(
    {
        "heartbeat",
        "sos",
        "fall",
        "smoke",
        "gas",
        "water_leak",
        "door_open",
        "door_closed",
        "motion",
        "ok_press",
        "test_call",
    }
)
MAX_BODY_BYTES = 4096
MAX_SERIAL_LENGTH = 64
_SEQ_MAX = 2**63 - 1


class MessageRejected(Exception):
    """A message that cannot be accepted: `reason` (a RejectReason value) and the field."""

    def __init__(self, reason: str, field: str | None, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.field = field
        self.detail = detail


@dataclass(frozen=True)
class DeviceMessage:
    device: str
    seq: int
    kind: str
    ts: datetime
    payload: dict[str, Any] = field(default_factory=dict)

    @property
    def battery(self) -> int | None:
        value = self.payload.get("battery")
        return value if isinstance(value, int) else None


def signing_key(secret: str) -> str:
    """Return the key a device signs with, derived from the secret printed on it."""
    return hashlib.sha256(b"yiyang-device-key:" + secret.encode()).hexdigest()


def sign(body: bytes, key: str) -> str:
    return hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


def signature_matches(body: bytes, key: str, signature: str | None) -> bool:
    return bool(signature) and hmac.compare_digest(sign(body, key), str(signature).lower())


def _malformed(field_name: str | None, detail: str) -> MessageRejected:
    return MessageRejected("malformed", field_name, detail)


def parse_message(body: bytes) -> DeviceMessage:
    """Validate `body` against the schema and return the message, or raise MessageRejected."""
    if len(body) > MAX_BODY_BYTES:
        raise _malformed(None, "body larger than 4096 bytes")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _malformed(None, "body is not UTF-8 JSON") from None
    if not isinstance(data, dict):
        raise _malformed(None, "body is not a JSON object")
    unknown = set(data) - {"device", "seq", "kind", "ts", "payload"}
    if unknown:
        raise _malformed(sorted(unknown)[0], "unknown field")
    device = data.get("device")
    if not isinstance(device, str) or not 0 < len(device) <= MAX_SERIAL_LENGTH:
        raise _malformed("device", "device must be a serial of 1-64 characters")
    if "/" in device or "+" in device or "#" in device:
        raise _malformed("device", "device must not contain / + #")
    seq = data.get("seq")
    if isinstance(seq, bool) or not isinstance(seq, int) or not 0 <= seq <= _SEQ_MAX:
        raise _malformed("seq", "seq must be a non-negative integer")
    kind = data.get("kind")
    if kind not in MESSAGE_KINDS:
        raise _malformed("kind", "unknown kind")
    ts = _timestamp(data.get("ts"))
    payload = data.get("payload", {})
    if not isinstance(payload, dict):
        raise _malformed("payload", "payload must be an object")
    battery = payload.get("battery")
    if battery is not None and (
        isinstance(battery, bool) or not isinstance(battery, int) or not 0 <= battery <= 100
    ):
        raise _malformed("payload.battery", "battery must be an integer 0-100")
    return DeviceMessage(device=device, seq=seq, kind=kind, ts=ts, payload=payload)


def _timestamp(value: Any) -> datetime:
    if not isinstance(value, str):
        raise _malformed("ts", "ts must be an ISO 8601 string")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise _malformed("ts", "ts is not an ISO 8601 time") from None
    if parsed.tzinfo is None:
        raise _malformed("ts", "ts needs a UTC offset")
    return parsed


def open_envelope(raw: bytes) -> tuple[bytes, str | None]:
    """Split an MQTT envelope into the message body and its signature."""
    try:
        envelope = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _malformed(None, "envelope is not UTF-8 JSON") from None
    if not isinstance(envelope, dict) or not isinstance(envelope.get("body"), str):
        raise _malformed("body", "envelope needs a body string")
    signature = envelope.get("sig")
    return envelope["body"].encode("utf-8"), signature if isinstance(signature, str) else None


def make_envelope(body: bytes, key: str) -> bytes:
    """Wrap a message body for MQTT (what a device or the simulator publishes)."""
    return json.dumps({"body": body.decode("utf-8"), "sig": sign(body, key)}).encode()


def topic_parts(topic: str) -> tuple[str, str, str] | None:
    """Return (tenant, serial, kind) of `yiyang/<tenant>/<serial>/<kind>`, or None."""
    parts = topic.split("/")
    if len(parts) != 4 or parts[0] != "yiyang" or not all(parts[1:]):
        return None
    return parts[1], parts[2], parts[3]
