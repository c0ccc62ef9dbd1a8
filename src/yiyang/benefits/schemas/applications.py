"""Schemas of applications, their steps, and an elder's entitlements and ledger."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema
from pydantic import Field

from yiyang.benefits.models import Application, ApplicationStep, Entitlement


class ApplicationFilter(Schema):
    status: str = Field("", description="pending, approved, refused or withdrawn.")
    program: int | None = Field(None, description="A programme's pk.")
    level: str = Field("", description="The step waited for: community, street or district.")


class ApplicationOut(Schema):
    pk: int
    elder_pk: int
    elder_name: str
    program_pk: int
    program_name: str
    applicant_kind: str
    applicant_name: str
    applied_on: date
    start_month: date
    note: str
    status: str
    current_level: str
    refusal_reason: str
    created_at: datetime
    decided_at: datetime | None

    @staticmethod
    def resolve_elder_pk(obj: Application) -> int:
        return obj.elder_id

    @staticmethod
    def resolve_elder_name(obj: Application) -> str:
        return obj.elder.name

    @staticmethod
    def resolve_program_pk(obj: Application) -> int:
        return obj.program_id

    @staticmethod
    def resolve_program_name(obj: Application) -> str:
        return obj.program.name


class ApplicationStepOut(Schema):
    level: str
    decision: str
    reason: str
    decided_by: str
    decided_at: datetime

    @staticmethod
    def resolve_decided_by(obj: ApplicationStep) -> str:
        return str(obj.actor)


class ApplicationDetailOut(ApplicationOut):
    steps: list[ApplicationStepOut]

    @staticmethod
    def resolve_steps(obj: Application) -> list[ApplicationStep]:
        return list(obj.steps.all())


class ApplicationIn(Schema):
    elder_pk: int
    program_pk: int
    applicant_kind: str = "clerk"
    applicant_name: str = Field("", max_length=50)
    applied_on: date | None = None
    note: str = Field("", max_length=500)


class DecisionIn(Schema):
    approve: bool
    reason: str = Field("", max_length=500)


class WithdrawIn(Schema):
    reason: str = Field("", max_length=500)


class EntitlementOut(Schema):
    pk: int
    program_pk: int
    program_name: str
    start_month: date
    end_month: date | None
    status: str
    stop_reason: str
    application_pk: int | None

    @staticmethod
    def resolve_program_pk(obj: Entitlement) -> int:
        return obj.program_id

    @staticmethod
    def resolve_program_name(obj: Entitlement) -> str:
        return obj.program.name

    @staticmethod
    def resolve_application_pk(obj: Entitlement) -> int | None:
        return obj.application_id


class LedgerLineOut(Schema):
    pk: int
    kind: str
    amount_fen: int
    minutes: int = Field(0, description="service time, for a programme whose unit is minute")
    run_pk: int | None
    note: str
    created_at: datetime


class LedgerMonthOut(Schema):
    month: str = Field(..., description="YYYY-MM")
    total_fen: int
    total_minutes: int = 0
    entries: list[LedgerLineOut]


class LedgerProgramOut(Schema):
    program_pk: int
    program_name: str
    unit: str = Field("fen", description="fen (money) or minute (service time)")
    total_fen: int
    total_minutes: int = 0
    months: list[LedgerMonthOut]


class ElderBenefitsOut(Schema):
    """What one elder receives: entitlements, applications under review, the ledger."""

    elder_pk: int
    entitlements: list[EntitlementOut]
    pending_applications: list[ApplicationOut]
    ledger: list[LedgerProgramOut]
