"""Schemas of the agency, assessor and recheck API (STYLE.md B6).

Assessors' phone numbers are masked; an assessor's initial password appears once, in the answer
that created the login.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from yiyang.assessment.models import AssessmentAgency, Assessor, RecheckRound
from yiyang.core.validators.phone import mask_phone

# --- agencies and assessors ---------------------------------------------------------------------


class AgencyFilter(Schema):
    is_active: bool | None = Field(None, description="Only active (true) or inactive (false).")


class AgencyIn(Schema):
    name: str
    credit_code: str = Field(description="Unified social credit code (GB 32100-2015).")
    region: str = Field(description="12-digit code of the service region.")
    address: str = ""
    contact_name: str = ""
    phone: str = ""
    contract_start: date | None = None
    contract_end: date | None = None


class AgencyOut(Schema):
    pk: int
    name: str
    credit_code: str
    region_code: str
    region_name: str
    address: str
    contact_name: str
    phone: str
    contract_start: date | None
    contract_end: date | None
    is_active: bool

    @staticmethod
    def resolve_region_code(agency: AssessmentAgency) -> str:
        return agency.region_id

    @staticmethod
    def resolve_region_name(agency: AssessmentAgency) -> str:
        return agency.region.name


class AssessorFilter(Schema):
    agency: int | None = Field(None, description="Only the assessors of this agency.")
    qualified: bool | None = Field(None, description="Only those who may sign today (true).")


class AssessorIn(Schema):
    name: str
    phone: str = ""
    certificate_number: str = ""
    certified_on: date | None = None
    certificate_valid_until: date | None = None
    username: str | None = Field(None, description="Creates a login (role assessor) when given.")


class AssessorOut(Schema):
    pk: int
    agency_pk: int
    agency_name: str
    name: str
    phone_masked: str
    certificate_number: str
    certified_on: date | None
    certificate_valid_until: date | None
    is_active: bool
    is_qualified: bool
    username: str | None

    @staticmethod
    def resolve_agency_pk(assessor: Assessor) -> int:
        return assessor.agency_id

    @staticmethod
    def resolve_agency_name(assessor: Assessor) -> str:
        return assessor.agency.name

    @staticmethod
    def resolve_phone_masked(assessor: Assessor) -> str:
        return mask_phone(assessor.phone) if assessor.phone else ""

    @staticmethod
    def resolve_is_qualified(assessor: Assessor) -> bool:
        return assessor.is_qualified()

    @staticmethod
    def resolve_username(assessor: Assessor) -> str | None:
        return assessor.user.username if assessor.user else None


class AgencyDetailOut(AgencyOut):
    assessors: list[AssessorOut]

    @staticmethod
    def resolve_assessors(agency: AssessmentAgency) -> list[Assessor]:
        return list(agency.assessors.all())


class AssessorCreatedOut(Schema):
    assessor: AssessorOut
    initial_password: str | None = Field(
        description="The login's initial password: shown in this answer only."
    )


# --- recheck rounds -----------------------------------------------------------------------------


class RoundIn(Schema):
    region: str = Field(description="12-digit code of the region drawn.")
    year: int
    quarter: int = Field(description="1 to 4.")
    share: Decimal | None = Field(None, description="Empty: the policy's share on the draw day.")
    seed: int | None = Field(None, description="Empty: a random seed, recorded on the round.")


class RoundOut(Schema):
    pk: int
    region_code: str
    region_name: str
    year: int
    quarter: int
    share: Decimal
    seed: int
    population_size: int
    status: str
    drawn_by: str
    drawn_at: datetime

    # The detail answer is built as a dict (with the report); a list row is the model.
    @staticmethod
    def resolve_region_code(recheck_round: RecheckRound | dict) -> str:
        if isinstance(recheck_round, dict):
            return recheck_round["region_code"]
        return recheck_round.region_id

    @staticmethod
    def resolve_region_name(recheck_round: RecheckRound | dict) -> str:
        if isinstance(recheck_round, dict):
            return recheck_round["region_name"]
        return recheck_round.region.name

    @staticmethod
    def resolve_drawn_by(recheck_round: RecheckRound | dict) -> str:
        if isinstance(recheck_round, dict):
            return recheck_round["drawn_by"]
        return str(recheck_round.drawn_by)


class AgreementOut(Schema):
    pk: int | None = Field(description="The agency's or assessor's pk; null for the round.")
    name: str
    completed: int
    agreement_rate: float | None
    weighted_kappa: float | None = Field(description="Cohen's, quadratic weights.")
    mean_absolute_difference: float | None
    large_disagreements: int


class CaseOut(Schema):
    pk: int
    elder_pk: int
    elder_name: str
    original_pk: int
    original_level: int | None
    original_agency: str
    original_assessors: list[str]
    recheck_pk: int | None
    recheck_status: str | None
    recheck_agency: str
    recheck_assessors: list[str]
    recheck_level: int | None
    difference: int | None
    is_large_disagreement: bool


class RoundDetailOut(RoundOut):
    large_disagreement_levels: int
    overall: AgreementOut
    by_agency: list[AgreementOut]
    by_assessor: list[AgreementOut]
    cases: list[CaseOut]
