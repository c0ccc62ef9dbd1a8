"""Schemas of payment runs, their rows and their fund-supervision findings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from yiyang.benefits.models import Finding, PaymentRow, PaymentRun


class PaymentRunFilter(Schema):
    program: int | None = Field(None, description="A programme's pk.")
    month: str = Field("", description="YYYY-MM")
    status: str = Field("", description="computed, submitted, approved or cancelled.")


class PaymentRunIn(Schema):
    program_pk: int
    region_code: str = Field(..., max_length=12)
    month: str = Field(..., description="YYYY-MM", max_length=7)


class CancelIn(Schema):
    reason: str = Field("", max_length=500)


class PaymentRunOut(Schema):
    pk: int
    program_pk: int
    program_name: str
    region_code: str
    region_name: str
    month: str = Field(..., description="YYYY-MM")
    version_number: int
    status: str
    unit: str = Field(
        "fen",
        description="The programme's unit: fen, or minute for a service-time voucher, whose "
        "`*_fen` figures are then minutes and which has no bank file.",
    )
    paid_count: int
    amount_fen: int
    arrears_fen: int
    recovery_fen: int
    held_fen: int
    total_fen: int
    change_counts: dict[str, int]
    computed_at: datetime
    submitted_at: datetime | None
    approved_at: datetime | None
    cancel_reason: str

    @staticmethod
    def resolve_program_pk(obj: PaymentRun) -> int:
        return obj.program_id

    @staticmethod
    def resolve_program_name(obj: PaymentRun) -> str:
        return obj.program.name

    @staticmethod
    def resolve_unit(obj: PaymentRun) -> str:
        return obj.program.unit

    @staticmethod
    def resolve_region_code(obj: PaymentRun) -> str:
        return obj.region_id

    @staticmethod
    def resolve_region_name(obj: PaymentRun) -> str:
        return obj.region.name

    @staticmethod
    def resolve_month(obj: PaymentRun) -> str:
        return f"{obj.month:%Y-%m}"

    @staticmethod
    def resolve_version_number(obj: PaymentRun) -> int:
        return obj.version.number


class PaymentRunDetailOut(PaymentRunOut):
    version_pk: int
    computed_by: str
    submitted_by: str
    approved_by: str
    findings_count: int
    open_findings_count: int

    @staticmethod
    def resolve_version_pk(obj: PaymentRun) -> int:
        return obj.version_id

    @staticmethod
    def resolve_computed_by(obj: PaymentRun) -> str:
        return str(obj.computed_by) if obj.computed_by_id else ""

    @staticmethod
    def resolve_submitted_by(obj: PaymentRun) -> str:
        return str(obj.submitted_by) if obj.submitted_by_id else ""

    @staticmethod
    def resolve_approved_by(obj: PaymentRun) -> str:
        return str(obj.approved_by) if obj.approved_by_id else ""


class PaymentRowFilter(Schema):
    change: str = Field("", description="new, continued, changed, stopped or recovery.")


class PaymentRowOut(Schema):
    """One elder in a run; the identity number masked only."""

    pk: int
    elder_pk: int
    elder_name: str
    elder_id_number_masked: str
    region_code: str
    amount_fen: int
    previous_fen: int
    arrears_fen: int
    recovery_fen: int
    total_fen: int
    arrears_detail: list[dict[str, Any]]
    recovery_detail: list[dict[str, Any]]
    change: str
    reason: str
    bracket: str
    is_held: bool

    @staticmethod
    def resolve_elder_pk(obj: PaymentRow) -> int:
        return obj.elder_id

    @staticmethod
    def resolve_elder_name(obj: PaymentRow) -> str:
        return obj.elder.name

    @staticmethod
    def resolve_elder_id_number_masked(obj: PaymentRow) -> str:
        return obj.elder.id_number_masked


class FindingOut(Schema):
    pk: int
    run_pk: int
    row_pk: int
    elder_pk: int
    elder_name: str
    check_code: str
    detail: str
    status: str
    note: str
    reviewed_by: str
    reviewed_at: datetime | None

    @staticmethod
    def resolve_run_pk(obj: Finding) -> int:
        return obj.run_id

    @staticmethod
    def resolve_row_pk(obj: Finding) -> int:
        return obj.row_id

    @staticmethod
    def resolve_elder_pk(obj: Finding) -> int:
        return obj.row.elder_id

    @staticmethod
    def resolve_elder_name(obj: Finding) -> str:
        return obj.row.elder.name

    @staticmethod
    def resolve_reviewed_by(obj: Finding) -> str:
        return str(obj.reviewed_by) if obj.reviewed_by_id else ""


class ReviewIn(Schema):
    hold: bool
    note: str = Field("", max_length=500)
