"""Fixtures of the telecare tests: an alarm operator of street A, an elder with an SOS button."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache

from tests.conftest import COMMUNITY_A1, COMMUNITY_B1, STREET_A, STREET_B, _user
from tests.factories import make_elder
from yiyang.core.roles import Role
from yiyang.telecare import directory, services
from yiyang.telecare.messages import sign

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Tuesday at 10:00 in Wuzhong: daytime for the motion rule.
NOW = datetime(2026, 6, 16, 10, 0, tzinfo=SHANGHAI)
SECRET = "walk-secret-0123456789"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _alarm_rules(request):
    """The city's default rules: installed by migration, but a transactional test run earlier in
    the same process (the broker tests) flushes them, so make sure they are there."""
    if "regions" in request.fixturenames:
        request.getfixturevalue("regions")
        services.install_default_rules()


@pytest.fixture(autouse=True)
def _empty_live_store():
    # The per-process caches of devices and rules too: rows are rolled back between tests.
    cache.clear()
    directory.clear()
    yield
    cache.clear()
    directory.clear()


@pytest.fixture
def operator(regions):
    return _user("operator_a", Role.ALARM_OPERATOR, STREET_A)


@pytest.fixture
def other_operator(regions):
    return _user("operator_b", Role.ALARM_OPERATOR, STREET_B)


@pytest.fixture
def elder(regions):
    return make_elder(residence_region_id=COMMUNITY_A1, name="马秀英", address="富平社区3号楼")


@pytest.fixture
def other_elder(regions):
    return make_elder(residence_region_id=COMMUNITY_B1, name="丁桂兰", address="新华社区7号")


@pytest.fixture
def sos_button(elder, street_worker):
    device, _secret = services.provision_device(
        elder,
        kind="sos_button",
        serial="SOS-0001",
        installed_on=date(2026, 6, 1),
        secret=SECRET,
        actor=street_worker,
    )
    return device


def body(serial: str = "SOS-0001", seq: int = 1, kind: str = "sos", **extra) -> bytes:
    message = {
        "device": serial,
        "seq": seq,
        "kind": kind,
        "ts": "2026-06-16T10:00:00+08:00",
        "payload": extra or {},
    }
    return json.dumps(message).encode()


def signed(raw: bytes, secret: str = SECRET) -> str:
    from yiyang.telecare.messages import signing_key

    return sign(raw, signing_key(secret))
