"""Schemas of programmes and their rule versions: `ProgramOut`, `ProgramDetailOut`, the inputs."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from yiyang.benefits.models import Program, ProgramVersion


class ProgramOut(Schema):
    pk: int
    code: str
    name: str
    kind: str
    unit: str = Field("fen", description="fen (money) or minute (service time, never to a bank)")
    funding_region_code: str
    needs_application: bool
    approval_levels: list[str]
    ledger_start_month: date
    is_active: bool
    policy_source: str

    @staticmethod
    def resolve_funding_region_code(obj: Program) -> str:
        return obj.funding_region_id

    @staticmethod
    def resolve_approval_levels(obj: Program) -> list[str]:
        return obj.steps


class ProgramVersionOut(Schema):
    """One effective-dated version of a programme's rules (amounts in the rules are fen)."""

    pk: int
    program_pk: int
    number: int
    effective_from: date
    status: str
    rules: dict[str, Any]
    is_example: bool
    note: str
    created_at: datetime
    published_at: datetime | None

    @staticmethod
    def resolve_program_pk(obj: ProgramVersion) -> int:
        return obj.program_id


class ProgramDetailOut(ProgramOut):
    description: str
    versions: list[ProgramVersionOut]

    @staticmethod
    def resolve_versions(obj: Program) -> list[ProgramVersion]:
        return list(obj.versions.all())


class ProgramVersionIn(Schema):
    rules: dict[str, Any]
    effective_from: date = Field(..., description="The first day of a month.")
    note: str = Field("", max_length=500)


class ProgramVersionPatch(Schema):
    """A change of a draft; what is left out is kept."""

    rules: dict[str, Any] | None = None
    effective_from: date | None = None
    note: str | None = Field(None, max_length=500)
