"""The assessment workflow API: list, detail, request, assign, start, answers, submit, review,
objections, cancel. Handlers are thin (STYLE.md B6): reads pass through `visible_to`, so another
region's assessment answers 404; the services decide and write."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from yiyang.assessment.errors import AssessmentError, ErrorCode
from yiyang.assessment.models import Assessment, AssessmentAgency, Assessor, Objection
from yiyang.assessment.schemas.assessments import (
    AnswersPatch,
    AssessmentDetailOut,
    AssessmentFilter,
    AssessmentOut,
    AssignIn,
    CancelIn,
    DecisionIn,
    ObjectionIn,
    ObjectionOut,
    RequestIn,
    ReviewIn,
)
from yiyang.assessment.services import answers as answer_services
from yiyang.assessment.services import objections as objection_services
from yiyang.assessment.services import workflow
from yiyang.core.validators.region_code import code_prefix, normalise_region_code
from yiyang.registry.models import Elder

router = Router(tags=["assessments"])

RELATED = ("elder", "scale", "agency", "lead_assessor", "second_assessor")


def _assessment(user, pk: int, capability: str = "assessment.view_assessment") -> Assessment:
    queryset = Assessment.objects.visible_to(user, capability).select_related(*RELATED)
    return get_object_or_404(queryset, pk=pk)


def _fresh(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_related(*RELATED).get(pk=assessment.pk)


@router.get("/assessments/", response=list[AssessmentOut], summary="List assessments")
@paginate(LimitOffsetPagination)
def list_assessments(request, filters: Query[AssessmentFilter]):
    """Assessments of the caller's region; an assessor sees the cases assigned to them."""
    queryset = Assessment.objects.visible_to(request.user).select_related("elder", "scale")
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.region:
        try:
            region = normalise_region_code(filters.region)
        except ValueError:
            raise AssessmentError(
                ErrorCode.REQUIRED,
                _("“{code}” is not a 12-digit region code.").format(code=filters.region),
                field="region",
            ) from None
        queryset = queryset.filter(elder__residence_region__code__startswith=code_prefix(region))
    if filters.level is not None:
        queryset = queryset.filter(level=filters.level)
    if filters.agency is not None:
        queryset = queryset.filter(agency_id=filters.agency)
    return queryset


@router.get("/assessments/{int:pk}", response=AssessmentDetailOut, summary="One assessment")
def get_assessment(request, pk: int):
    return _assessment(request.user, pk)


@router.post("/assessments/", response={201: AssessmentDetailOut}, summary="Request an assessment")
def request_assessment(request, payload: RequestIn):
    elder = get_object_or_404(
        Elder.objects.visible_to(request.user, "assessment.request_assessment"),
        pk=payload.elder_pk,
    )
    assessment = workflow.request_assessment(
        elder,
        reason=payload.reason,
        source=payload.source,
        note=payload.note,
        actor=request.user,
    )
    return Status(201, _fresh(assessment))


@router.post(
    "/assessments/{int:pk}/assign", response=AssessmentDetailOut, summary="Assign two assessors"
)
def assign_assessment(request, pk: int, payload: AssignIn):
    capability = "assessment.assign_assessment"
    assessment = _assessment(request.user, pk, capability)
    agency = get_object_or_404(
        AssessmentAgency.objects.visible_to(request.user, capability), pk=payload.agency_pk
    )
    assessors = Assessor.objects.visible_to(request.user, capability)
    lead = get_object_or_404(assessors, pk=payload.lead_pk)
    second = get_object_or_404(assessors, pk=payload.second_pk)
    workflow.assign_assessment(
        assessment, agency=agency, lead=lead, second=second, actor=request.user
    )
    return _fresh(assessment)


@router.post("/assessments/{int:pk}/start", response=AssessmentDetailOut, summary="Start on site")
def start_assessment(request, pk: int):
    assessment = _assessment(request.user, pk, "assessment.conduct_assessment")
    workflow.start_assessment(assessment, actor=request.user)
    return _fresh(assessment)


@router.patch(
    "/assessments/{int:pk}/answers",
    response=AssessmentDetailOut,
    summary="Save answers so far (partial)",
)
def save_answers(request, pk: int, payload: AnswersPatch):
    assessment = _assessment(request.user, pk, "assessment.conduct_assessment")
    answer_services.save_answers(
        assessment,
        answers=payload.answers,
        basic_info=payload.basic_info,
        diagnoses=None
        if payload.diagnoses is None
        else [diagnosis.dict() for diagnosis in payload.diagnoses],
        risk_events=payload.risk_events_30d,
        coma=payload.coma,
        actor=request.user,
    )
    return _fresh(assessment)


@router.post(
    "/assessments/{int:pk}/submit",
    response=AssessmentDetailOut,
    summary="Score and submit for review",
)
def submit_assessment(request, pk: int):
    assessment = _assessment(request.user, pk, "assessment.conduct_assessment")
    answer_services.submit_assessment(assessment, actor=request.user)
    return _fresh(assessment)


@router.post(
    "/assessments/{int:pk}/review",
    response=AssessmentDetailOut,
    summary="Approve for publicity or return",
)
def review_assessment(request, pk: int, payload: ReviewIn):
    assessment = _assessment(request.user, pk, "assessment.review_assessment")
    workflow.review_assessment(
        assessment, approve=payload.approve, note=payload.note, actor=request.user
    )
    return _fresh(assessment)


@router.post(
    "/assessments/{int:pk}/objections",
    response={201: ObjectionOut},
    summary="Record an objection in the publicity period",
)
def raise_objection(request, pk: int, payload: ObjectionIn):
    assessment = _assessment(request.user, pk, "assessment.record_objection")
    objection = objection_services.raise_objection(
        assessment,
        raised_by_name=payload.raised_by_name,
        reason=payload.reason,
        actor=request.user,
    )
    return Status(201, objection)


@router.post(
    "/assessments/{int:pk}/objections/{int:objection_pk}/decision",
    response=ObjectionOut,
    summary="Uphold or dismiss an objection",
)
def decide_objection(request, pk: int, objection_pk: int, payload: DecisionIn):
    capability = "assessment.decide_objection"
    assessment = _assessment(request.user, pk, capability)
    objection = get_object_or_404(
        Objection.objects.visible_to(request.user, capability),
        pk=objection_pk,
        assessment=assessment,
    )
    return objection_services.decide_objection(
        objection, uphold=payload.uphold, note=payload.note, actor=request.user
    )


@router.post(
    "/assessments/{int:pk}/cancel", response=AssessmentDetailOut, summary="Cancel an assessment"
)
def cancel_assessment(request, pk: int, payload: CancelIn):
    assessment = _assessment(request.user, pk, "assessment.request_assessment")
    workflow.cancel_assessment(assessment, note=payload.note, actor=request.user)
    return _fresh(assessment)
