"""Schemas of the telecare API: devices, alarms and their steps, the ingest answer."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema
from pydantic import Field

from yiyang.telecare.models import Alarm, AlarmEvent, Device


class DeviceOut(Schema):
    pk: int
    serial: str
    kind: str
    elder_pk: int
    elder_name: str
    region_code: str
    address: str
    installed_on: date
    heartbeat_seconds: int
    status: str
    battery_percent: int | None
    last_seen_at: datetime | None

    @staticmethod
    def resolve_elder_pk(obj: Device) -> int:
        return obj.elder_id

    @staticmethod
    def resolve_elder_name(obj: Device) -> str:
        return obj.elder.name


class DeviceIn(Schema):
    elder_pk: int
    kind: str = Field(description="sos_button, smart_watch, smoke, gas, water_leak, …")
    serial: str
    installed_on: date
    heartbeat_seconds: int = 300
    address: str = ""


class ProvisionedOut(DeviceOut):
    secret: str = Field(description="Shown once: program it into the device; never stored.")


class UnbindIn(Schema):
    reason: str


class DeviceFilter(Schema):
    status: str = Field("", description="active or unbound.")
    kind: str = ""


class AlarmOut(Schema):
    pk: int
    rule: str
    severity: int
    status: str
    elder_pk: int
    elder_name: str
    device_pk: int
    device_kind: str
    region_code: str
    occurred_at: datetime
    raised_at: datetime
    escalation_level: int
    acknowledged_at: datetime | None
    resolved_at: datetime | None
    outcome: str

    @staticmethod
    def resolve_elder_pk(obj: Alarm) -> int:
        return obj.elder_id

    @staticmethod
    def resolve_elder_name(obj: Alarm) -> str:
        return obj.elder.name

    @staticmethod
    def resolve_device_pk(obj: Alarm) -> int:
        return obj.device_id

    @staticmethod
    def resolve_device_kind(obj: Alarm) -> str:
        return obj.device.kind


class AlarmEventOut(Schema):
    event_type: str
    actor: str
    at: datetime
    note: str
    data: dict

    @staticmethod
    def resolve_actor(obj: AlarmEvent) -> str:
        return obj.actor.username if obj.actor is not None else ""


class AlarmDetailOut(AlarmOut):
    late_reason: str
    events: list[AlarmEventOut]

    @staticmethod
    def resolve_events(obj: Alarm) -> list[AlarmEvent]:
        return list(obj.events.all())


class AlarmFilter(Schema):
    status: str = Field("", description="open, acknowledged, dispatched, resolved; blank: all.")
    unresolved: bool = Field(False, description="Only alarms not yet resolved, console order.")


class AcknowledgeIn(Schema):
    late_reason: str = ""


class CallIn(Schema):
    called: str = Field(description="Whom: the elder or a contact of the response plan.")
    phone: str = ""
    result: str = Field(description="answered, no_answer, busy or wrong_number.")
    note: str = ""


class DispatchIn(Schema):
    target: str = Field(
        description="family, neighbour, community_worker, caregiver, ambulance_120, police_110, fire_119."
    )
    note: str = ""


class ResolveIn(Schema):
    outcome: str
    note: str = ""


class IngestOut(Schema):
    accepted: bool
    duplicate: bool
    alarm_pks: list[int]


class PlanContactIn(Schema):
    role: str = Field(description="family, neighbour, community_worker, caregiver or keyholder.")
    name: str
    phone: str
    has_consented: bool = False
    consented_on: date | None = None
    is_keyholder: bool = False


class PlanContactOut(PlanContactIn):
    position: int


class ResponsePlanIn(Schema):
    home_access: str = ""
    conditions: str = ""
    contacts: list[PlanContactIn] = Field(description="In call order.")


class ResponsePlanOut(Schema):
    elder_pk: int
    home_access: str
    conditions: str
    contacts: list[PlanContactOut]
    updated_at: datetime | None


class BedIn(Schema):
    elder_pk: int
    provider_name: str
    contract_number: str
    contract_start: date
    contract_end: date
    adaptation_done_on: date | None = None


class BedMonthOut(Schema):
    month: str
    owed_visits: int
    services: str
    delivered_visits: int = Field(
        description="Visits of the home-services module that took place in the month."
    )


class BedOut(Schema):
    pk: int
    elder_pk: int
    elder_name: str
    region_code: str
    status: str
    provider_name: str
    contract_number: str
    contract_start: date
    contract_end: date
    adaptation_done_on: date | None
    ability_level: int | None
    opened_on: date | None
    closed_on: date | None

    @staticmethod
    def resolve_elder_pk(obj) -> int:
        return obj["elder_pk"] if isinstance(obj, dict) else obj.elder_id

    @staticmethod
    def resolve_elder_name(obj) -> str:
        return obj["elder_name"] if isinstance(obj, dict) else obj.elder.name


class BedDetailOut(BedOut):
    missing: list[dict]
    months: list[BedMonthOut]


class BedPlanIn(Schema):
    month: str = Field(description="YYYY-MM")
    owed_visits: int
    services: str = ""


class BedCloseIn(Schema):
    reason: str


class SlaException(Schema):
    alarm_pk: int
    elder_name: str
    rule: str
    raised_at: datetime
    acknowledged_at: datetime | None
    wait_seconds: float
    reason: str


class SlaOut(Schema):
    alarms: int
    acknowledged_within_60s: float | None = Field(description="Goal ≥ 0.985.")
    acknowledged_within_180s: float | None = Field(description="Goal ≥ 0.99.")
    on_site_within_45min: float | None = Field(
        description="Share of dispatched alarms with a responder on site within 45 minutes."
    )
    resolve_seconds_median: float | None
    resolve_seconds_p90: float | None
    false_alarm_share: float | None
    devices: dict
    exceptions: list[SlaException]
