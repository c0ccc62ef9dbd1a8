"""Agency and assessor endpoints: list and read what the caller may see, register new ones.

Reads pass through `visible_to` (404 alike for missing and others'); writes through
`services.agencies`, which check `assessment.manage_agencies` in the agency's region.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from yiyang.assessment.models import AssessmentAgency, Assessor
from yiyang.assessment.schemas.agencies import (
    AgencyDetailOut,
    AgencyFilter,
    AgencyIn,
    AgencyOut,
    AssessorCreatedOut,
    AssessorFilter,
    AssessorIn,
    AssessorOut,
)
from yiyang.assessment.services import agencies as services
from yiyang.assessment.services import assessors as assessor_services

router = Router(tags=["assessment agencies"])


def _agency(user, pk: int) -> AssessmentAgency:
    queryset = (
        AssessmentAgency.objects.visible_to(user)
        .select_related("region")
        .prefetch_related("assessors__agency", "assessors__user")
    )
    return get_object_or_404(queryset, pk=pk)


def _assessors(user):
    return Assessor.objects.visible_to(user).select_related("agency", "user")


@router.get("/assessment-agencies/", response=list[AgencyOut], summary="List assessment agencies")
@paginate(LimitOffsetPagination)
def list_agencies(request, filters: Query[AgencyFilter]):
    queryset = AssessmentAgency.objects.visible_to(request.user).select_related("region")
    if filters.is_active is not None:
        queryset = queryset.filter(is_active=filters.is_active)
    return queryset.order_by("name", "pk")


@router.get(
    "/assessment-agencies/{int:pk}",
    response=AgencyDetailOut,
    summary="One agency and its assessors",
)
def get_agency(request, pk: int):
    return _agency(request.user, pk)


@router.post("/assessment-agencies/", response={201: AgencyDetailOut}, summary="Register an agency")
def create_agency(request, payload: AgencyIn):
    agency = services.register_agency(**payload.dict(), actor=request.user)
    return Status(201, _agency(request.user, agency.pk))


@router.get("/assessors/", response=list[AssessorOut], summary="List assessors")
@paginate(LimitOffsetPagination)
def list_assessors(request, filters: Query[AssessorFilter]):
    queryset = _assessors(request.user)
    if filters.agency is not None:
        queryset = queryset.filter(agency_id=filters.agency)
    if filters.qualified is not None:
        qualified = Q(pk__in=Assessor.objects.qualified(timezone.localdate()).values("pk"))
        queryset = queryset.filter(qualified if filters.qualified else ~qualified)
    return queryset.order_by("agency__name", "name", "pk")


@router.get("/assessors/{int:pk}", response=AssessorOut, summary="One assessor")
def get_assessor(request, pk: int):
    return get_object_or_404(_assessors(request.user), pk=pk)


@router.post(
    "/assessment-agencies/{int:pk}/assessors",
    response={201: AssessorCreatedOut},
    summary="Register an assessor (and a login)",
)
def create_assessor(request, pk: int, payload: AssessorIn):
    """With `username`, a login is created; its initial password is in this answer only."""
    agency = get_object_or_404(AssessmentAgency.objects.visible_to(request.user), pk=pk)
    registered = assessor_services.register_assessor(agency, **payload.dict(), actor=request.user)
    assessor = get_object_or_404(_assessors(request.user), pk=registered.assessor.pk)
    return Status(201, {"assessor": assessor, "initial_password": registered.initial_password})
