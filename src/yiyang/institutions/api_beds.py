"""Rooms, beds and residents endpoints (issue 6). Institution staff reach their own institution;
district and city staff their region (`visible_to`); another's object is a 404."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from yiyang.core.scoping import get_for, require
from yiyang.institutions import services
from yiyang.institutions.lookups import elder_by_id_number
from yiyang.institutions.models import Bed, Institution, MedicalAgreement, Residency, Room
from yiyang.institutions.schemas import (
    AdmissionIn,
    BedOut,
    BedsOut,
    BedStateIn,
    DischargeIn,
    MedicalAgreementIn,
    MedicalAgreementOut,
    ResidencyOut,
    RoomIn,
    TransferIn,
)

router = Router(tags=["institution beds and residents"])
VIEW_RESIDENT = "institutions.view_resident"


def _bed(user, pk: int) -> Bed:
    beds = Bed.objects.visible_to(user).select_related("room__institution")
    return get_object_or_404(beds, pk=pk)


def _residency(user, pk: int) -> Residency:
    stays = Residency.objects.visible_to(user).select_related(
        "institution", "elder", "bed__room__institution"
    )
    return get_object_or_404(stays, pk=pk)


@router.get("/institutions/{int:pk}/beds", response=BedsOut, summary="Rooms and beds")
def list_beds(request, pk: int):
    institution = get_for(request.user, Institution, pk)
    beds = Bed.objects.filter(room__institution=institution)
    rooms = Room.objects.filter(institution=institution).prefetch_related(
        Prefetch("beds", queryset=Bed.objects.order_by("code"))
    )
    return {"counts": beds.counts_by_kind(), "rooms": list(rooms)}


@router.post("/institutions/{int:pk}/rooms", response={201: BedsOut}, summary="Add a room")
def add_room(request, pk: int, payload: RoomIn):
    institution = get_for(request.user, Institution, pk)
    services.add_room(
        institution,
        building=payload.building,
        floor=payload.floor,
        number=payload.number,
        beds=[(bed.code, bed.kind) for bed in payload.beds],
        actor=request.user,
    )
    return Status(201, list_beds(request, pk))


@router.post("/institution-beds/{int:pk}/state", response=BedOut, summary="Reserve or free a bed")
def set_bed_state(request, pk: int, payload: BedStateIn):
    return services.set_bed_state(_bed(request.user, pk), state=payload.state, actor=request.user)


@router.post(
    "/institution-beds/{int:pk}/admit",
    response={201: ResidencyOut},
    summary="Admit a registry elder to the bed",
)
def admit(request, pk: int, payload: AdmissionIn):
    bed = _bed(request.user, pk)
    require(request.user, "institutions.manage_beds", bed.room.institution.region_id)
    elder = elder_by_id_number(payload.elder_id_number)
    residency = services.admit(
        bed,
        elder=elder,
        admitted_on=payload.admitted_on,
        contract_number=payload.contract_number,
        fee_level_fen=payload.fee_level_fen,
        payer=payload.payer,
        concentrated_support=payload.concentrated_support,
        actor=request.user,
    )
    return Status(201, residency)


@router.get(
    "/institution-residents/",
    response=list[ResidencyOut],
    summary="Stays: current ones unless `history=true`",
)
@paginate(LimitOffsetPagination)
def list_residents(request, institution: int | None = None, history: bool = False):
    require(request.user, VIEW_RESIDENT)
    stays = Residency.objects.visible_to(request.user).select_related("elder", "bed__room")
    if not history:
        stays = stays.current()
    if institution is not None:
        stays = stays.filter(institution_id=institution)
    return stays.order_by("institution_id", "started_on", "pk")


@router.post(
    "/institution-residents/{int:pk}/transfer",
    response={201: ResidencyOut},
    summary="Move a resident to another bed",
)
def transfer(request, pk: int, payload: TransferIn):
    stay = _residency(request.user, pk)
    bed = _bed(request.user, payload.bed_pk)
    return Status(201, services.transfer(stay, bed=bed, on=payload.on, actor=request.user))


@router.post(
    "/institution-residents/{int:pk}/discharge",
    response=ResidencyOut,
    summary="Discharge, or record the death of, a resident",
)
def discharge(request, pk: int, payload: DischargeIn):
    stay = _residency(request.user, pk)
    return services.discharge(stay, on=payload.on, died=payload.died, actor=request.user)


@router.get(
    "/institutions/{int:pk}/medical-agreements",
    response=list[MedicalAgreementOut],
    summary="Agreements with medical institutions (医养结合)",
)
def list_agreements(request, pk: int):
    institution = get_for(request.user, Institution, pk)
    agreements = MedicalAgreement.objects.filter(institution=institution)
    return list(agreements.order_by("-starts_on", "pk"))


@router.post(
    "/institutions/{int:pk}/medical-agreements",
    response={201: MedicalAgreementOut},
    summary="Record an agreement with a medical institution",
)
def add_agreement(request, pk: int, payload: MedicalAgreementIn):
    institution = get_for(request.user, Institution, pk)
    return Status(201, services.add_agreement(institution, **payload.dict(), actor=request.user))
