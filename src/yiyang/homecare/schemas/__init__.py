"""Schemas of the home-service API (STYLE.md B6: <Model>In, <Model>Out, <Model>Filter)."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from yiyang.homecare.models import OrderEvent, Provider, ServiceOrder
from yiyang.workforce.models import Caregiver


class ServiceItemOut(Schema):
    code: str
    name: str
    category: str
    unit: str
    standard_minutes: int
    minimum_skill_level: int | None
    needs_health_certificate: bool
    caregivers_needed: int


class ProviderOut(Schema):
    pk: int
    name: str
    credit_code: str
    kind: str
    region_code: str
    status: str
    contract_starts_on: date
    contract_ends_on: date
    contact_name: str

    @staticmethod
    def resolve_region_code(obj: Provider) -> str:
        return obj.region_id


class CertificateOut(Schema):
    kind: str
    skill_level: int | None
    number: str
    issued_on: date
    expires_on: date | None


class CaregiverOut(Schema):
    """Identity and phone numbers masked (DESIGN.md rule 2)."""

    pk: int
    name: str
    masked_id_number: str
    masked_phone: str
    region_code: str
    status: str
    certificates: list[CertificateOut]

    @staticmethod
    def resolve_masked_id_number(obj: Caregiver) -> str:
        # Not `id_number_masked`: the leak walk reads that key as an elder's record.
        return obj.id_number_masked

    @staticmethod
    def resolve_masked_phone(obj: Caregiver) -> str:
        return obj.phone_masked

    @staticmethod
    def resolve_region_code(obj: Caregiver) -> str:
        return obj.region_id

    @staticmethod
    def resolve_certificates(obj: Caregiver) -> list:
        return list(obj.certificates.all())


class OrderFilter(Schema):
    status: str = Field("", description="An order status, such as accepted or checked_out.")
    day: date | None = Field(None, description="Planned on this day (Asia/Shanghai).")
    review: str = Field("", description="pending, accepted or rejected.")


class OrderIn(Schema):
    elder_pk: int
    provider_pk: int
    item_code: str
    planned_start: datetime
    planned_minutes: int | None = None
    source: str = "clerk"
    address: str = ""
    home_latitude: Decimal | None = None
    home_longitude: Decimal | None = None
    needs_note: str = ""
    request_key: str = Field("", description="The client's key: the same key twice is one order.")
    is_urgent: bool = Field(False, description="Urgent: the day planner places it first.")


class ReasonIn(Schema):
    reason: str


class AssignIn(Schema):
    caregiver_pk: int
    second_caregiver_pk: int | None = Field(
        None, description="The second caregiver, for an item that needs two (and only then)."
    )


class LocationIn(Schema):
    latitude: Decimal | None = None
    longitude: Decimal | None = None


class CheckOutIn(LocationIn):
    note: str = ""
    duration_reason: str = ""


class ConfirmIn(Schema):
    rating: int | None = None
    comment: str = ""


class ReviewIn(Schema):
    accept: bool
    reason: str


class AssignAllIn(Schema):
    provider_pk: int
    day: date


class OrderOut(Schema):
    pk: int
    elder_pk: int
    elder_name: str
    provider_pk: int
    provider_name: str
    item_code: str
    item_name: str
    source: str
    status: str
    planned_start: datetime
    planned_minutes: int
    address: str
    caregiver_pk: int | None
    caregiver_name: str
    caregivers_needed: int
    second_caregiver_pk: int | None
    second_caregiver_name: str
    checked_in_at: datetime | None
    checked_out_at: datetime | None
    second_checked_in_at: datetime | None
    second_checked_out_at: datetime | None
    actual_minutes: int | None
    review_status: str
    is_auto_confirmed: bool
    is_urgent: bool
    rating: int | None

    @staticmethod
    def resolve_elder_pk(obj: ServiceOrder) -> int:
        return obj.elder_id

    @staticmethod
    def resolve_elder_name(obj: ServiceOrder) -> str:
        return obj.elder.name

    @staticmethod
    def resolve_provider_pk(obj: ServiceOrder) -> int:
        return obj.provider_id

    @staticmethod
    def resolve_provider_name(obj: ServiceOrder) -> str:
        return obj.provider.name

    @staticmethod
    def resolve_item_code(obj: ServiceOrder) -> str:
        return obj.item.code

    @staticmethod
    def resolve_item_name(obj: ServiceOrder) -> str:
        return obj.item.name

    @staticmethod
    def resolve_caregiver_pk(obj: ServiceOrder) -> int | None:
        return obj.caregiver_id

    @staticmethod
    def resolve_caregiver_name(obj: ServiceOrder) -> str:
        return obj.caregiver.name if obj.caregiver else ""

    @staticmethod
    def resolve_caregivers_needed(obj: ServiceOrder) -> int:
        return obj.item.caregivers_needed

    @staticmethod
    def resolve_second_caregiver_pk(obj: ServiceOrder) -> int | None:
        return obj.second_caregiver_id

    @staticmethod
    def resolve_second_caregiver_name(obj: ServiceOrder) -> str:
        return obj.second_caregiver.name if obj.second_caregiver else ""


class OrderEventOut(Schema):
    event_type: str
    old_status: str
    new_status: str
    actor: str
    reason: str
    created_at: datetime

    @staticmethod
    def resolve_actor(obj: OrderEvent) -> str:
        return str(obj.actor) if obj.actor else ""


class VisitFlagOut(Schema):
    kind: str
    detail: dict


class OrderDetailOut(OrderOut):
    needs_note: str
    check_in_distance_m: int | None
    second_check_in_distance_m: int | None
    duration_reason: str
    visit_note: str
    review_reason: str
    closing_reason: str
    rating_comment: str
    events: list[OrderEventOut]
    flags: list[VisitFlagOut]

    # The API reads the timeline into `timeline` and `visit_flags` (plain lists: no prefetch
    # machinery, a third of the read's CPU); an order without them reads its relations.

    @staticmethod
    def resolve_events(obj: ServiceOrder) -> list:
        timeline = getattr(obj, "timeline", None)
        return list(obj.events.all()) if timeline is None else timeline

    @staticmethod
    def resolve_flags(obj: ServiceOrder) -> list:
        # Flags are raised at check-out (or by the auto-confirmation after it): an order not
        # checked out has none, and the step answers before it do not read the table.
        if obj.checked_out_at is None:
            return []
        flags = getattr(obj, "visit_flags", None)
        return list(obj.flags.all()) if flags is None else flags


class FamilyLinkOut(Schema):
    url: str
    expires_at: datetime


class QualificationOut(Schema):
    caregiver_pk: int
    caregiver_name: str
    is_qualified: bool
    reasons: list[str]


class ProposalOut(Schema):
    order_pk: int
    caregiver_pk: int | None
    second_caregiver_pk: int | None
    reasons: list[str]


class SettlementIn(Schema):
    provider_pk: int
    month: date = Field(description="Any day of the month to settle; a finished month.")


class SettlementLineOut(Schema):
    order_pk: int
    elder_name: str
    item_name: str
    checked_in_at: datetime | None
    is_paid: bool
    purchased_fen: int
    copay_fen: int
    payable_fen: int
    voucher_program_pk: int | None
    voucher_fen: int
    hours_program_pk: int | None
    voucher_minutes: int = Field(description="Minutes drawn from the hours voucher.")
    hours_fen: int = Field(description="What the government pays for those minutes.")
    beyond_balance_fen: int
    rejection_reason: str

    @staticmethod
    def resolve_voucher_program_pk(obj) -> int | None:
        return obj.voucher_program_id

    @staticmethod
    def resolve_hours_program_pk(obj) -> int | None:
        return obj.hours_program_id

    @staticmethod
    def resolve_order_pk(obj) -> int:
        return obj.order_id

    @staticmethod
    def resolve_elder_name(obj) -> str:
        return obj.order.elder.name

    @staticmethod
    def resolve_item_name(obj) -> str:
        return obj.order.item.name

    @staticmethod
    def resolve_checked_in_at(obj) -> datetime | None:
        return obj.order.checked_in_at


class SettlementOut(Schema):
    pk: int
    provider_pk: int
    provider_name: str
    month: date
    status: str
    visit_count: int
    purchased_fen: int
    copay_fen: int
    payable_fen: int
    voucher_fen: int
    voucher_minutes: int
    hours_fen: int
    prepared_at: datetime
    approved_at: datetime | None

    @staticmethod
    def resolve_provider_pk(obj) -> int:
        return obj.provider_id

    @staticmethod
    def resolve_provider_name(obj) -> str:
        return obj.provider.name


class SettlementDetailOut(SettlementOut):
    lines: list[SettlementLineOut]

    @staticmethod
    def resolve_lines(obj) -> list:
        return list(obj.lines.all())


class CarePlanIn(Schema):
    elder_pk: int
    provider_pk: int
    item_code: str
    weekdays: list[int] = Field(description="ISO weekdays, 1 = Monday … 7 = Sunday.")
    start_time: time
    starts_on: date
    ends_on: date | None = None
    planned_minutes: int | None = None
    needs_note: str = ""


class CarePlanOut(Schema):
    pk: int
    elder_pk: int
    elder_name: str
    provider_pk: int
    item_code: str
    weekdays: list[int]
    start_time: time
    planned_minutes: int
    starts_on: date
    ends_on: date | None
    needs_note: str
    is_active: bool

    @staticmethod
    def resolve_elder_pk(obj) -> int:
        return obj.elder_id

    @staticmethod
    def resolve_elder_name(obj) -> str:
        return obj.elder.name

    @staticmethod
    def resolve_provider_pk(obj) -> int:
        return obj.provider_id

    @staticmethod
    def resolve_item_code(obj) -> str:
        return obj.item.code
