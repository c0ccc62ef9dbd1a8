"""Institution and filing endpoints (issue 6).

Reads go through `visible_to` (clerks: their region and below; institution staff: their own
institution); single objects through `get_for`, so another region's object is a 404.
"""

from __future__ import annotations

from django.utils import timezone
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from yiyang.core.scoping import get_for, require
from yiyang.institutions import services
from yiyang.institutions.models import Filing, Institution
from yiyang.institutions.schemas import (
    CheckIn,
    DocumentOut,
    FilingDetailOut,
    FilingIn,
    FilingOut,
    InstitutionIn,
    InstitutionOut,
)

router = Router(tags=["institutions"])


@router.get("/institutions/", response=list[InstitutionOut], summary="List institutions")
@paginate(LimitOffsetPagination)
def list_institutions(request, status: str = "", q: str = ""):
    require(request.user, "institutions.view_institution")
    rows = Institution.objects.visible_to(request.user)
    if status:
        rows = rows.filter(status=status)
    if q:
        rows = rows.filter(name__contains=q.strip())
    return rows.order_by("name", "pk")


@router.get("/institutions/{int:pk}", response=InstitutionOut, summary="One institution")
def get_institution(request, pk: int):
    return get_for(request.user, Institution, pk)


@router.post(
    "/institutions/",
    response={201: FilingDetailOut},
    summary="File a new institution; its on-site check becomes due",
)
def file_institution(request, payload: InstitutionIn):
    data = payload.dict()
    filed_on = data.pop("filed_on")
    filing = services.file_new_institution(data=data, filed_on=filed_on, actor=request.user)
    return Status(201, filing)


@router.post(
    "/institutions/{int:pk}/filings",
    response={201: FilingDetailOut},
    summary="File a change or the closure of an institution",
)
def file_change(request, pk: int, payload: FilingIn):
    institution = get_for(request.user, Institution, pk, action="view")
    filing = services.file_change(
        institution,
        kind=payload.kind,
        filed_on=payload.filed_on,
        note=payload.note,
        actor=request.user,
    )
    return Status(201, filing)


@router.get(
    "/institution-filings/",
    response=list[FilingOut],
    summary="Filings; `overdue=true` lists checks past their due day",
)
@paginate(LimitOffsetPagination)
def list_filings(request, overdue: bool = False, status: str = ""):
    require(request.user, "institutions.view_filing")
    rows = Filing.objects.visible_to(request.user).select_related("institution")
    if overdue:
        rows = rows.overdue(timezone.localdate())
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("check_due_on", "pk")


@router.get(
    "/institution-filings/{int:pk}",
    response=FilingDetailOut,
    summary="One filing with its checklist and steps",
)
def get_filing(request, pk: int):
    return get_for(request.user, Filing, pk)


@router.post(
    "/institution-filings/{int:pk}/documents",
    response={201: DocumentOut},
    summary="Upload one document of the filing's checklist",
)
def add_document(request, pk: int, code: Form[str], file: File[UploadedFile]):
    filing = get_for(request.user, Filing, pk)
    document = services.add_document(filing, code=code, upload=file, actor=request.user)
    return Status(
        201, {"pk": document.pk, "code": document.code, "uploaded_at": document.uploaded_at}
    )


@router.post(
    "/institution-filings/{int:pk}/check",
    response=FilingDetailOut,
    summary="Record the on-site check",
)
def record_check(request, pk: int, payload: CheckIn):
    filing = get_for(request.user, Filing, pk)
    return services.record_check(
        filing,
        checked_on=payload.checked_on,
        result=payload.result,
        note=payload.note,
        actor=request.user,
    )


def _beds_router() -> None:
    from yiyang.institutions.api_beds import router as beds_router
    from yiyang.institutions.api_more import router as more_router

    router.add_router("/", beds_router)
    router.add_router("/", more_router)


_beds_router()
