"""Schemas of the complaint and case endpoints (STYLE.md B6). Complainants' phones are masked."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema
from pydantic import Field

from yiyang.homecare.models import CaseEvent, Complaint, ProviderCase


class ComplaintIn(Schema):
    """A complaint about a visit (`order_pk`) or about a provider (`provider_pk`, optionally with
    the elder concerned)."""

    order_pk: int | None = None
    provider_pk: int | None = None
    elder_pk: int | None = None
    complainant_kind: str = Field(description="elder, family or other")
    complainant_name: str = Field("", description="Empty when the elder complains.")
    phone: str = ""
    channel: str = Field(description="hotline, in_person or other")
    category: str = Field(
        description="late_or_no_show, attitude, quality, charging, safety or other"
    )
    text: str


class CaseFilter(Schema):
    status: str = Field("", description="open, acknowledged, resolved, or unresolved.")
    source: str = Field("", description="low_rating or complaint.")


class NoteIn(Schema):
    note: str


class ResolveIn(Schema):
    outcome: str = Field(description="upheld, partly_upheld or not_upheld")
    resolution: str
    satisfaction: str = Field("", description="satisfied, partly_satisfied, dissatisfied or empty")


class SatisfactionIn(Schema):
    satisfaction: str
    note: str = ""


class ComplaintOut(Schema):
    pk: int
    complainant_kind: str
    complainant_name: str
    masked_phone: str
    channel: str
    category: str
    text: str
    filed_at: datetime

    @staticmethod
    def resolve_masked_phone(obj: Complaint) -> str:
        return obj.phone_masked


class CaseEventOut(Schema):
    event_type: str
    actor: str
    note: str
    data: dict
    created_at: datetime

    @staticmethod
    def resolve_actor(obj: CaseEvent) -> str:
        return str(obj.actor) if obj.actor else ""


class CaseOut(Schema):
    pk: int
    provider_pk: int
    provider_name: str
    order_pk: int | None
    source: str
    status: str
    reason: str
    region_code: str
    opened_at: datetime
    reopened_at: datetime | None
    acknowledge_due: date | None = Field(description="Empty when the calendar is not published.")
    resolve_due: date | None
    days_overdue: int
    acknowledged_at: datetime | None
    resolved_at: datetime | None
    outcome: str
    satisfaction: str

    @staticmethod
    def resolve_provider_pk(obj: ProviderCase) -> int:
        return obj.provider_id

    @staticmethod
    def resolve_provider_name(obj: ProviderCase) -> str:
        return obj.provider.name

    @staticmethod
    def resolve_order_pk(obj: ProviderCase) -> int | None:
        return obj.order_id

    @staticmethod
    def resolve_region_code(obj: ProviderCase) -> str:
        return obj.region_id

    @staticmethod
    def resolve_acknowledge_due(obj: ProviderCase) -> date | None:
        return obj.timing.acknowledge_due

    @staticmethod
    def resolve_resolve_due(obj: ProviderCase) -> date | None:
        return obj.timing.resolve_due

    @staticmethod
    def resolve_days_overdue(obj: ProviderCase) -> int:
        return obj.timing.days_overdue


class CaseDetailOut(CaseOut):
    resolution: str
    complaint: ComplaintOut | None
    events: list[CaseEventOut]

    @staticmethod
    def resolve_events(obj: ProviderCase) -> list:
        return list(obj.events.all())
