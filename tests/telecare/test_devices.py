"""Provisioning and unbinding devices through the services, with audit."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import COMMUNITY_A1
from yiyang.core.errors import PermissionDeniedError
from yiyang.core.models import ChangeRecord
from yiyang.telecare import services
from yiyang.telecare.errors import TelecareError
from yiyang.telecare.messages import signing_key
from yiyang.telecare.models import Device


def test_provision_binds_device_and_stores_only_the_key(elder, street_worker):
    device, secret = services.provision_device(
        elder,
        kind="door_contact",
        serial="DOOR-77",
        installed_on=date(2026, 6, 10),
        actor=street_worker,
    )

    assert device.region_code == COMMUNITY_A1
    assert device.address == "富平社区3号楼"
    assert device.status == "active"
    assert len(secret) >= 24
    assert device.signing_key == signing_key(secret)
    assert secret not in device.signing_key
    record = ChangeRecord.objects.get(object_pk=str(device.pk), action="create")
    assert record.changes["serial"] == [None, "DOOR-77"]


@pytest.mark.parametrize(
    ("changes", "field_name"),
    [
        pytest.param({"serial": "a b"}, "serial", id="serial-space"),
        pytest.param({"kind": "toaster"}, "kind", id="kind"),
        pytest.param({"heartbeat_seconds": 5}, "heartbeat_seconds", id="heartbeat"),
        pytest.param({"installed_on": date(2026, 6, 17)}, "installed_on", id="future"),
    ],
)
def test_provision_rejects_bad_input_and_writes_nothing(elder, street_worker, changes, field_name):
    arguments = {"kind": "sos_button", "serial": "SOS-9", "installed_on": date(2026, 6, 1)}

    with pytest.raises(TelecareError) as caught:
        services.provision_device(elder, **{**arguments, **changes}, actor=street_worker)

    assert caught.value.field == field_name
    assert Device.objects.count() == 0
    assert ChangeRecord.objects.filter(content_type__model="device").count() == 0


def test_serial_bound_twice_is_refused(sos_button, elder, street_worker):
    with pytest.raises(TelecareError) as caught:
        services.provision_device(
            elder,
            kind="sos_button",
            serial="SOS-0001",
            installed_on=date(2026, 6, 1),
            actor=street_worker,
        )

    assert caught.value.code == "telecare_serial_taken"
    assert Device.objects.count() == 1


def test_other_street_cannot_provision(elder, other_street_worker):
    with pytest.raises(PermissionDeniedError):
        services.provision_device(
            elder,
            kind="sos_button",
            serial="SOS-9",
            installed_on=date(2026, 6, 1),
            actor=other_street_worker,
        )

    assert Device.objects.count() == 0


def test_operator_cannot_provision(elder, operator):
    with pytest.raises(PermissionDeniedError):
        services.provision_device(
            elder, kind="sos_button", serial="SOS-9", installed_on=date(2026, 6, 1), actor=operator
        )


def test_unbind_frees_the_serial(sos_button, elder, street_worker):
    services.unbind_device(sos_button, reason="老人搬家", actor=street_worker)

    sos_button.refresh_from_db()
    assert sos_button.status == "unbound"
    assert sos_button.unbind_reason == "老人搬家"
    again, _secret = services.provision_device(
        elder,
        kind="sos_button",
        serial="SOS-0001",
        installed_on=date(2026, 6, 16),
        actor=street_worker,
    )
    assert again.pk != sos_button.pk


def test_unbind_needs_a_reason(sos_button, street_worker):
    with pytest.raises(TelecareError) as caught:
        services.unbind_device(sos_button, reason=" ", actor=street_worker)

    assert caught.value.field == "reason"
    sos_button.refresh_from_db()
    assert sos_button.status == "active"
