"""Schemas of the assessment workflow API: `AssessmentOut`, `AssessmentDetailOut`, the inputs."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from yiyang.assessment.models import Assessment, AssessmentEvent, Objection


class AssessmentFilter(Schema):
    status: str = Field("", description="An assessment status (requested … final).")
    region: str = Field("", description="A region code: elders living in it or below it.")
    level: int | None = Field(None, ge=0, le=5)
    agency: int | None = Field(None, description="An agency's pk.")


class AssessmentOut(Schema):
    """One row of the list; the elder by pk and name only."""

    pk: int
    elder_pk: int
    elder_name: str
    scale: str
    reason: str
    request_source: str
    status: str
    agency_pk: int | None
    total: int | None
    level: int | None
    requested_at: datetime
    publicity_ends_on: date | None
    valid_until: date | None

    @staticmethod
    def resolve_elder_pk(obj: Assessment) -> int:
        return obj.elder_id

    @staticmethod
    def resolve_elder_name(obj: Assessment) -> str:
        return obj.elder.name

    @staticmethod
    def resolve_scale(obj: Assessment) -> str:
        return obj.scale.code

    @staticmethod
    def resolve_agency_pk(obj: Assessment) -> int | None:
        return obj.agency_id


class EventOut(Schema):
    event_type: str
    old_status: str
    new_status: str
    note: str
    occurred_at: datetime

    @staticmethod
    def resolve_event_type(obj: AssessmentEvent) -> str:
        return obj.event_type


class ObjectionOut(Schema):
    pk: int
    raised_by_name: str
    reason: str
    status: str
    raised_at: datetime
    decision_note: str
    reassessment_pk: int | None

    @staticmethod
    def resolve_reassessment_pk(obj: Objection) -> int | None:
        return obj.reassessment_id


class AssessmentDetailOut(AssessmentOut):
    """Everything of one assessment: Annex A data, answers, result, steps and objections."""

    lead_assessor: str | None
    second_assessor: str | None
    assessed_on: date | None
    basic_info: dict[str, Any]
    diagnoses: list[dict[str, Any]]
    risk_events_30d: dict[str, int]
    coma: bool
    answers: dict[str, int]
    dimensions: dict[str, int]
    initial_level: int | None
    reasons: list[dict[str, Any]]
    supersedes_pk: int | None
    events: list[EventOut]
    objections: list[ObjectionOut]

    @staticmethod
    def resolve_lead_assessor(obj: Assessment) -> str | None:
        return obj.lead_assessor.name if obj.lead_assessor else None

    @staticmethod
    def resolve_second_assessor(obj: Assessment) -> str | None:
        return obj.second_assessor.name if obj.second_assessor else None

    @staticmethod
    def resolve_risk_events_30d(obj: Assessment) -> dict[str, int]:
        return obj.risk_events

    @staticmethod
    def resolve_dimensions(obj: Assessment) -> dict[str, int]:
        return obj.dimension_scores

    @staticmethod
    def resolve_reasons(obj: Assessment) -> list[dict[str, Any]]:
        from yiyang.assessment.reasons import described

        return described(obj.level_reasons, obj.scale.definition)

    @staticmethod
    def resolve_supersedes_pk(obj: Assessment) -> int | None:
        return obj.supersedes_id

    @staticmethod
    def resolve_events(obj: Assessment) -> list[AssessmentEvent]:
        return list(obj.events.order_by("occurred_at", "pk"))

    @staticmethod
    def resolve_objections(obj: Assessment) -> list[Objection]:
        return list(obj.objections.all())


class RequestIn(Schema):
    elder_pk: int
    reason: Literal["first", "routine", "immediate", "other"] = "first"
    source: Literal["elder_or_family", "community", "institution"] = "community"
    note: str = Field("", max_length=500)


class AssignIn(Schema):
    agency_pk: int
    lead_pk: int
    second_pk: int


class DiagnosisIn(Schema):
    icd10: str
    name: str = ""
    psychiatric_specialist: bool = False


class AnswersPatch(Schema):
    """What the assessor entered so far; any part may be left out (it is kept)."""

    answers: dict[str, int | None] | None = None
    basic_info: dict[str, Any] | None = None
    diagnoses: list[DiagnosisIn] | None = None
    risk_events_30d: dict[str, int] | None = None
    coma: bool | None = None


class ReviewIn(Schema):
    approve: bool
    note: str = Field("", max_length=500)


class ObjectionIn(Schema):
    raised_by_name: str = Field(..., max_length=50)
    reason: str = Field(..., max_length=1000)


class DecisionIn(Schema):
    uphold: bool
    note: str = Field("", max_length=500)


class CancelIn(Schema):
    note: str = Field(..., max_length=500)
