"""Leave, grade assessment, ending a medical agreement, and community facilities endpoints
(issue 6). Reads through `visible_to`; another region's or institution's object is a 404."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from yiyang.core.scoping import get_for, require
from yiyang.institutions import services
from yiyang.institutions.models import (
    Facility,
    GradeAssessment,
    Institution,
    MedicalAgreement,
    Residency,
)
from yiyang.institutions.schemas import (
    AgreementEndIn,
    FacilityOut,
    FacilityPatch,
    GradeAssessmentIn,
    GradeAssessmentOut,
    LeaveIn,
    LeaveOut,
    MedicalAgreementOut,
    ReturnIn,
)

router = Router(tags=["institution leave, grades and facilities"])
VIEW = "institutions.view_institution"


def _stay(user, pk: int) -> Residency:
    stays = Residency.objects.visible_to(user).select_related("institution")
    return get_object_or_404(stays, pk=pk)


def _facility(user, pk: int) -> Facility:
    # Facilities are read with the institutions' capability (FacilityQuerySet.visible_to).
    require(user, VIEW)
    return get_object_or_404(Facility.objects.visible_to(user).select_related("region"), pk=pk)


@router.post(
    "/institution-residents/{int:pk}/leave",
    response={201: LeaveOut},
    summary="Record a resident's leave (hospital, visit home); the bed stays held",
)
def take_leave(request, pk: int, payload: LeaveIn):
    leave = services.take_leave(_stay(request.user, pk), **payload.dict(), actor=request.user)
    return Status(201, leave)


@router.post(
    "/institution-residents/{int:pk}/return",
    response=LeaveOut,
    summary="Record a resident's return from leave",
)
def return_from_leave(request, pk: int, payload: ReturnIn):
    stay = _stay(request.user, pk)
    return services.return_from_leave(stay, returned_on=payload.returned_on, actor=request.user)


@router.post(
    "/institution-medical-agreements/{int:pk}/end",
    response=MedicalAgreementOut,
    summary="End a medical agreement on a day",
)
def end_agreement(request, pk: int, payload: AgreementEndIn):
    require(request.user, VIEW)
    agreements = MedicalAgreement.objects.visible_to(request.user).select_related("institution")
    agreement = get_object_or_404(agreements, pk=pk)
    return services.end_agreement(agreement, ends_on=payload.ends_on, actor=request.user)


@router.get(
    "/institutions/{int:pk}/grade-assessments",
    response=list[GradeAssessmentOut],
    summary="Grade assessments (等级评定), newest first",
)
def list_grades(request, pk: int):
    institution = get_for(request.user, Institution, pk)
    return list(GradeAssessment.objects.filter(institution=institution))


@router.post(
    "/institutions/{int:pk}/grade-assessments",
    response={201: GradeAssessmentOut},
    summary="Record a grade assessment; the grade follows from the scheme in force",
)
def add_grade(request, pk: int, payload: GradeAssessmentIn):
    institution = get_for(request.user, Institution, pk)
    assessment = services.record_grade_assessment(institution, **payload.dict(), actor=request.user)
    return Status(201, assessment)


@router.get("/facilities/", response=list[FacilityOut], summary="Community facilities")
@paginate(LimitOffsetPagination)
def list_facilities(request, kind: str = "", active: bool | None = None):
    require(request.user, VIEW)
    rows = Facility.objects.visible_to(request.user)
    if kind:
        rows = rows.filter(kind=kind)
    if active is not None:
        rows = rows.filter(is_active=active)
    return rows.order_by("region_id", "name", "pk")


@router.get("/facilities/{int:pk}", response=FacilityOut, summary="One community facility")
def get_facility(request, pk: int):
    return _facility(request.user, pk)


@router.patch(
    "/facilities/{int:pk}",
    response=FacilityOut,
    summary="Change the services offered, opening hours, phone or whether it is open",
)
def patch_facility(request, pk: int, payload: FacilityPatch):
    facility = _facility(request.user, pk)
    changes = payload.dict(exclude_none=True)
    return services.update_facility(
        facility,
        services=changes.get("services", facility.services),
        opening_hours=changes.get("opening_hours", facility.opening_hours),
        contact_phone=changes.get("contact_phone", facility.contact_phone),
        is_active=changes.get("is_active", facility.is_active),
        actor=request.user,
    )
