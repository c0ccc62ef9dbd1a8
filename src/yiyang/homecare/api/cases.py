"""Complaint and case endpoints: file a complaint, list and read cases (`visible_to`), and the
steps: acknowledge, contact, resolve, satisfaction, reopen. Errors come from homecare/errors.py.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from yiyang.core.scoping import require
from yiyang.homecare import services
from yiyang.homecare.case_deadlines import with_timing
from yiyang.homecare.choices import CaseSource, CaseStatus
from yiyang.homecare.errors import ErrorCode, HomecareError
from yiyang.homecare.models import CaseEvent, Provider, ProviderCase, ServiceOrder
from yiyang.homecare.schemas import ReasonIn
from yiyang.homecare.schemas.cases import (
    CaseDetailOut,
    CaseFilter,
    CaseOut,
    ComplaintIn,
    NoteIn,
    ResolveIn,
    SatisfactionIn,
)
from yiyang.registry.models import Elder

router = Router(tags=["complaints and cases"])

VIEW = "homecare.view_case"


def _cases(user):
    require(user, VIEW)
    return ProviderCase.objects.visible_to(user).select_related("provider", "complaint")


def _detail(user, pk: int) -> ProviderCase:
    events = CaseEvent.objects.select_related("actor").order_by("created_at", "pk")
    queryset = _cases(user).prefetch_related(Prefetch("events", queryset=events))
    return with_timing([get_object_or_404(queryset, pk=pk)])[0]


class _TimedPagination(LimitOffsetPagination):
    """The page of cases with their due days (one calendar read per page)."""

    def paginate_queryset(self, queryset, pagination, request, **params):
        answer = super().paginate_queryset(queryset, pagination, request, **params)
        answer[self.items_attribute] = with_timing(answer[self.items_attribute])
        return answer


@router.get("/provider-cases/", response=list[CaseOut], summary="List cases")
@paginate(_TimedPagination)
def list_cases(request, filters: Query[CaseFilter]):
    """The caller's cases: unresolved first, the oldest first (a provider's own; an official's
    region across providers)."""
    queryset = _cases(request.user)
    if filters.status == "unresolved":
        queryset = queryset.unresolved()
    elif filters.status in CaseStatus.values:
        queryset = queryset.filter(status=filters.status)
    if filters.source in CaseSource.values:
        queryset = queryset.filter(source=filters.source)
    return queryset.open_first()


@router.post("/complaints/", response={201: CaseDetailOut}, summary="File a complaint")
def file_complaint(request, payload: ComplaintIn):
    """About a visit (`order_pk`) or a provider (`provider_pk`); the answer is the case opened."""
    user = request.user
    require(user, "homecare.file_complaint")
    order = elder = None
    if payload.order_pk is not None:
        order = get_object_or_404(
            ServiceOrder.objects.visible_to(user).select_related("elder", "provider"),
            pk=payload.order_pk,
        )
        provider = order.provider
    elif payload.provider_pk is not None:
        provider = get_object_or_404(Provider.objects.visible_to(user), pk=payload.provider_pk)
    else:
        raise HomecareError(
            ErrorCode.COMPLAINT_INVALID, _("Name the visit or the provider."), field="provider_pk"
        )
    if payload.elder_pk is not None and order is None:
        elder = get_object_or_404(Elder.objects.visible_to(user), pk=payload.elder_pk)
    case = services.file_complaint(
        provider,
        data=services.ComplaintData(
            complainant_kind=payload.complainant_kind,
            complainant_name=payload.complainant_name,
            phone=payload.phone,
            channel=payload.channel,
            category=payload.category,
            text=payload.text,
        ),
        order=order,
        elder=elder,
        actor=user,
    )
    return Status(201, _detail(user, case.pk))


@router.get("/provider-cases/{int:pk}", response=CaseDetailOut, summary="One case, its timeline")
def get_case(request, pk: int):
    return _detail(request.user, pk)


@router.post("/provider-cases/{int:pk}/acknowledge", response=CaseDetailOut, summary="Acknowledge")
def acknowledge_case(request, pk: int, payload: NoteIn):
    case = _detail(request.user, pk)
    services.acknowledge_case(case, note=payload.note, actor=request.user)
    return _detail(request.user, pk)


@router.post("/provider-cases/{int:pk}/contact", response=CaseDetailOut, summary="Record a contact")
def record_contact(request, pk: int, payload: NoteIn):
    case = _detail(request.user, pk)
    services.record_contact(case, note=payload.note, actor=request.user)
    return _detail(request.user, pk)


@router.post("/provider-cases/{int:pk}/resolve", response=CaseDetailOut, summary="Resolve")
def resolve_case(request, pk: int, payload: ResolveIn):
    case = _detail(request.user, pk)
    services.resolve_case(
        case,
        outcome=payload.outcome,
        resolution=payload.resolution,
        satisfaction=payload.satisfaction,
        actor=request.user,
    )
    return _detail(request.user, pk)


@router.post(
    "/provider-cases/{int:pk}/satisfaction",
    response=CaseDetailOut,
    summary="Record the complainant's satisfaction",
)
def record_satisfaction(request, pk: int, payload: SatisfactionIn):
    case = _detail(request.user, pk)
    services.record_satisfaction(
        case, satisfaction=payload.satisfaction, note=payload.note, actor=request.user
    )
    return _detail(request.user, pk)


@router.post("/provider-cases/{int:pk}/reopen", response=CaseDetailOut, summary="Reopen (bureau)")
def reopen_case(request, pk: int, payload: ReasonIn):
    case = _detail(request.user, pk)
    services.reopen_case(case, reason=payload.reason, actor=request.user)
    return _detail(request.user, pk)
