"""Shapes of the institutions API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from ninja import Schema


class InstitutionIn(Schema):
    name: str
    credit_code: str
    ownership: str
    legal_form: str
    kind: str
    region_code: str
    address: str
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    operator: str = ""
    contact_name: str
    contact_phone: str
    fire_safety_accepted: bool = False
    liability_insured_until: date | None = None
    price_min_fen: int | None = None
    price_max_fen: int | None = None
    filed_on: date
    note: str = ""


class InstitutionOut(Schema):
    pk: int
    name: str
    credit_code: str
    ownership: str
    legal_form: str
    kind: str
    region_code: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    operator: str
    contact_name: str
    contact_phone: str
    fire_safety_accepted: bool
    liability_insured_until: date | None
    price_min_fen: int | None
    price_max_fen: int | None
    status: str

    @staticmethod
    def resolve_region_code(obj) -> str:
        return obj.region_id


class FilingIn(Schema):
    kind: str
    filed_on: date
    note: str


class CheckIn(Schema):
    checked_on: date
    result: str
    note: str = ""


class ChecklistItemOut(Schema):
    code: str
    name: str
    provided: bool


class FilingEventOut(Schema):
    type: str
    at: datetime
    note: str
    data: dict


class FilingOut(Schema):
    pk: int
    institution_pk: int
    institution_name: str
    kind: str
    filed_on: date
    check_working_days: int
    check_due_on: date
    status: str
    overdue: bool
    checked_on: date | None
    check_result: str
    check_note: str

    @staticmethod
    def resolve_institution_pk(obj) -> int:
        return obj.institution_id

    @staticmethod
    def resolve_institution_name(obj) -> str:
        return obj.institution.name

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.status == "awaiting_check" and obj.check_due_on < timezone.localdate()


class FilingDetailOut(FilingOut):
    checklist: list[ChecklistItemOut]
    events: list[FilingEventOut]

    @staticmethod
    def resolve_checklist(obj) -> list[dict]:
        return obj.checklist(list(obj.documents.all()))

    @staticmethod
    def resolve_events(obj) -> list[dict]:
        return list(obj.events.values("type", "at", "note", "data"))


class DocumentOut(Schema):
    pk: int
    code: str
    uploaded_at: datetime


class BedIn(Schema):
    code: str
    kind: str


class RoomIn(Schema):
    building: str
    floor: int
    number: str
    beds: list[BedIn]


class BedOut(Schema):
    pk: int
    code: str
    kind: str
    state: str


class RoomOut(Schema):
    pk: int
    building: str
    floor: int
    number: str
    beds: list[BedOut]


class BedsOut(Schema):
    counts: dict[str, dict[str, int]]
    rooms: list[RoomOut]


class BedStateIn(Schema):
    state: str


class AdmissionIn(Schema):
    elder_id_number: str
    admitted_on: date
    contract_number: str
    fee_level_fen: int
    payer: str
    concentrated_support: bool = False


class ResidencyOut(Schema):
    pk: int
    institution_pk: int
    elder_pk: int
    elder_name: str
    bed_pk: int
    bed: str
    started_on: date
    ended_on: date | None
    end_reason: str
    contract_number: str
    fee_level_fen: int
    payer: str
    concentrated_support: bool
    ability_level: int | None

    @staticmethod
    def resolve_institution_pk(obj) -> int:
        return obj.institution_id

    @staticmethod
    def resolve_elder_pk(obj) -> int:
        return obj.elder_id

    @staticmethod
    def resolve_elder_name(obj) -> str:
        return obj.elder.name

    @staticmethod
    def resolve_bed_pk(obj) -> int:
        return obj.bed_id

    @staticmethod
    def resolve_bed(obj) -> str:
        return str(obj.bed)


class TransferIn(Schema):
    bed_pk: int
    on: date


class DischargeIn(Schema):
    on: date
    died: bool = False


class MedicalAgreementIn(Schema):
    medical_institution: str
    scope: str
    starts_on: date
    ends_on: date | None = None
    green_channel: bool = False


class MedicalAgreementOut(Schema):
    pk: int
    medical_institution: str
    scope: str
    starts_on: date
    ends_on: date | None
    green_channel: bool


class LeaveIn(Schema):
    kind: str
    started_on: date
    expected_return_on: date
    note: str = ""


class ReturnIn(Schema):
    returned_on: date


class LeaveOut(Schema):
    pk: int
    residency_pk: int
    kind: str
    note: str
    started_on: date
    expected_return_on: date
    returned_on: date | None

    @staticmethod
    def resolve_residency_pk(obj) -> int:
        return obj.residency_id


class AgreementEndIn(Schema):
    ends_on: date


class GradeAssessmentIn(Schema):
    assessed_on: date
    prerequisites_met: bool
    scores: dict[str, str | float | int]
    note: str = ""


class GradeAssessmentOut(Schema):
    pk: int
    institution_pk: int
    scheme_pk: int
    assessed_on: date
    prerequisites_met: bool
    scores: dict[str, str]
    section_totals: dict[str, str]
    total: str
    grade: int | None
    valid_until: date | None
    note: str

    @staticmethod
    def resolve_institution_pk(obj) -> int:
        return obj.institution_id

    @staticmethod
    def resolve_scheme_pk(obj) -> int:
        return obj.scheme_id

    @staticmethod
    def resolve_total(obj) -> str:
        return str(obj.total)


class FacilityOut(Schema):
    pk: int
    name: str
    kind: str
    region_code: str
    address: str
    latitude: float | None
    longitude: float | None
    operator: str
    services: list[str]
    opening_hours: str
    contact_phone: str
    is_active: bool

    @staticmethod
    def resolve_region_code(obj) -> str:
        return obj.region_id


class FacilityPatch(Schema):
    services: list[str] | None = None
    opening_hours: str | None = None
    contact_phone: str | None = None
    is_active: bool | None = None
