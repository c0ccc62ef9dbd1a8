"""The demo city's telecare: devices in 胜利街道 homes, response plans, home care beds, and a
few alarms in every state for the 利通区 operator (`gaojing`).

Everything goes through the telecare services (alarms through signed messages, as a device
would send them), so the audit trail and the alarm steps are what an operator would have left.
Idempotent: devices are keyed by serial, alarms by (device, sequence), plans and beds by elder.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from django.utils import timezone

from yiyang.core.models import User
from yiyang.registry.choices import ElderStatus
from yiyang.registry.models import Elder
from yiyang.telecare import services
from yiyang.telecare.messages import sign, signing_key
from yiyang.telecare.models import Alarm, Device, HomeCareBed, ResponsePlan
from yiyang.telecare.simulation import DEMO_PREFIX, demo_secret

STREET = "640302001"  # 胜利街道
# How many homes get which devices (SOS button in every one of them).
HOMES = 40
EXTRA = (("smoke", 10), ("door_contact", 5), ("motion", 5), ("gas", 5))
BEDS = 3
# The demo alarms: (device index, message kind, what the operator did).
ALARMS = (
    (0, "sos", "false_alarm"),
    (1, "sos", "helped_at_home"),
    (2, "sos", None),  # left open: the console shows it in red
    (3, "sos", "acknowledged"),
)


def _install(elder: Elder, kind: str, number: int, installer: User, installed_on: date) -> Device:
    serial = f"{DEMO_PREFIX}{kind.upper().replace('_', '')}-{number:04}"
    device = Device.objects.active().filter(serial=serial).first()  # scoped: demo loader
    if device is None:
        device, _secret = services.provision_device(
            elder,
            kind=kind,
            serial=serial,
            installed_on=installed_on,
            secret=demo_secret(serial),
            actor=installer,
        )
    return device


def _send(device: Device, seq: int, kind: str, **payload) -> list[Alarm]:
    body = json.dumps(
        {
            "device": device.serial,
            "seq": seq,
            "kind": kind,
            "ts": timezone.now().isoformat(),
            "payload": payload,
        }
    ).encode()
    key = signing_key(demo_secret(device.serial))
    return list(services.ingest_message(body, sign(body, key)).alarms)


def load_telecare(*, today: date, users: dict[str, User]) -> dict[str, int]:
    installer, operator = users["shengli"], users["gaojing"]
    services.install_default_rules()  # the city's defaults (idempotent; also in a migration)
    elders = list(
        Elder.objects.filter(  # scoped: demo loader
            residence_region__code__startswith=STREET, status=ElderStatus.ACTIVE
        ).order_by("pk")[:HOMES]
    )
    if not elders:
        return {"devices": 0}
    installed_on = today - timedelta(days=60)
    sos = [
        _install(elder, "sos_button", n, installer, installed_on) for n, elder in enumerate(elders)
    ]
    number = 0
    for kind, count in EXTRA:
        for elder in elders[:count]:
            _install(elder, kind, number, installer, installed_on)
            number += 1
    for elder in elders[:10]:
        if ResponsePlan.objects.filter(elder=elder).exists():  # scoped: demo loader
            continue
        contacts = [
            services.PlanContactData(
                role="family",
                name=contact.name,
                phone=contact.phone,
                has_consented=True,
                consented_on=installed_on,
            )
            for contact in elder.contacts.order_by("priority", "pk")[:3]
            if contact.phone
        ]
        services.set_response_plan(
            elder,
            home_access="社区网格员持有备用钥匙",
            conditions="高血压，独居",
            contacts=contacts,
            actor=installer,
        )
    beds = 0
    for elder in elders[:BEDS]:
        if HomeCareBed.objects.filter(elder=elder).exists():  # scoped: demo loader
            continue
        bed = services.set_up_bed(
            elder,
            provider_name="吴忠颐康居家养老服务中心",
            contract_number=f"YK-{today:%Y}-{elder.pk:05}",
            contract_start=today.replace(day=1) - timedelta(days=31),
            contract_end=today.replace(day=1) + timedelta(days=334),
            adaptation_done_on=installed_on,
            actor=installer,
        )
        services.plan_month(
            bed, month=today, owed_visits=8, services="助浴、助洁、康复护理", actor=installer
        )
        if elder.ability_level is not None:
            services.open_bed(bed, actor=installer)
        beds += 1
    alarms = 0
    for index, kind, handling in ALARMS:
        raised = _send(sos[index], 1, kind)
        alarms += len(raised)
        for alarm in raised:
            if handling is None:
                continue
            services.acknowledge_alarm(alarm, actor=operator)
            if handling == "acknowledged":
                continue
            services.record_call(alarm, actor=operator, called=alarm.elder.name, result="answered")
            if handling != "false_alarm":
                services.dispatch_alarm(alarm, actor=operator, target="community_worker")
            services.resolve_alarm(alarm, actor=operator, outcome=handling)
    alarms += len(_send(sos[4], 1, "heartbeat", battery=12))
    return {
        "devices": Device.objects.filter(serial__startswith=DEMO_PREFIX).count(),
        "alarms": alarms,
        "beds": beds,
    }  # scoped: demo loader
