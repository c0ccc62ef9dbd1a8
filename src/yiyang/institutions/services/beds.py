"""Rooms and beds, and the residents' stays: admission, transfer between beds, discharge, death.

Admission locks the bed row (`select_for_update`) before checking it is free, so of two clerks
admitting two people to one bed at once the second waits and is refused; the partial unique
constraints on open residencies back this up in the database.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.core.errors import PermissionDeniedError
from yiyang.core.scoping import require
from yiyang.institutions.choices import (
    BedKind,
    BedState,
    InstitutionStatus,
    Payer,
    ResidencyEnd,
)
from yiyang.institutions.errors import ErrorCode, InstitutionError
from yiyang.institutions.models import Bed, Institution, Residency, ResidencyLeave, Room
from yiyang.registry.choices import Category, ElderStatus
from yiyang.registry.models import Elder, ElderCategory

MANAGE = "institutions.manage_beds"


def _require_institution(actor, institution: Institution) -> None:
    """The capability in the institution's region, and for institution staff their own one."""
    require(actor, MANAGE, institution.region_id)
    if not Institution.objects.visible_to(actor, MANAGE).filter(pk=institution.pk).exists():
        # Another institution's staff hold the capability but not for this institution.
        raise PermissionDeniedError(
            "permission_denied", _("You are not allowed to do this here."), field=None
        )


def _day(value: date, field: str, *, not_before: date | None = None) -> date:
    if value > timezone.localdate() or (not_before is not None and value < not_before):
        raise InstitutionError(
            ErrorCode.DATE_INVALID,
            _("The day cannot be in the future or before the stay began."),
            field=field,
        )
    return value


def add_room(
    institution: Institution,
    *,
    building: str,
    floor: int,
    number: str,
    beds: list[tuple[str, str]],
    actor,
) -> Room:
    """A room with its beds [(code, kind)], all or nothing."""
    _require_institution(actor, institution)
    building, number = (building or "").strip(), (number or "").strip()
    for value, field in ((building, "building"), (number, "number")):
        if not value:
            raise InstitutionError(ErrorCode.REQUIRED, _("This field is required."), field=field)
    if not beds:
        raise InstitutionError(ErrorCode.REQUIRED, _("Add at least one bed."), field="beds")
    codes = [code.strip() for code, _kind in beds]
    if any(not code for code in codes) or len(set(codes)) != len(codes):
        raise InstitutionError(
            ErrorCode.CHOICE_INVALID, _("Each bed needs its own code."), field="beds"
        )
    if any(kind not in BedKind.values for _code, kind in beds):
        raise InstitutionError(
            ErrorCode.CHOICE_INVALID, _("Choose one of the listed values."), field="beds"
        )
    with transaction.atomic():
        if Room.objects.filter(institution=institution, building=building, number=number).exists():
            raise InstitutionError(
                ErrorCode.ROOM_EXISTS, _("This room already exists."), field="number"
            )
        room = Room.objects.create(
            institution=institution, building=building, floor=floor, number=number
        )
        Bed.objects.bulk_create(
            Bed(room=room, code=code, kind=kind)
            for code, (_c, kind) in zip(codes, beds, strict=True)
        )
        audit.record_change(
            room,
            actor=actor,
            action="create",
            fields=["institution", "building", "floor", "number"],
            reason=", ".join(
                f"{code}:{kind}" for code, (_c, kind) in zip(codes, beds, strict=True)
            ),
            region_code=institution.region_id,
        )
    return room


def set_bed_state(bed: Bed, *, state: str, actor) -> Bed:
    """Reserve a bed, take it out of service or free it again; an occupied bed is left alone."""
    _require_institution(actor, bed.room.institution)
    if state not in (BedState.FREE, BedState.RESERVED, BedState.OUT_OF_SERVICE):
        raise InstitutionError(
            ErrorCode.CHOICE_INVALID, _("Choose one of the listed values."), field="state"
        )
    with transaction.atomic():
        locked = Bed.objects.select_for_update().get(pk=bed.pk)
        if locked.state == BedState.OCCUPIED:
            raise InstitutionError(ErrorCode.BED_OCCUPIED, _("The bed is occupied."), field="state")
        before = audit.snapshot(locked, ["state"])
        locked.state = state
        locked.save(update_fields=["state"])
        audit.record_change(
            locked,
            actor=actor,
            action="update",
            before=before,
            region_code=locked.room.institution.region_id,
        )
    return locked


def set_bed_kind(bed: Bed, *, kind: str, actor) -> Bed:
    """Change what a bed is equipped for (ordinary, nursing, dementia care), occupied or not."""
    _require_institution(actor, bed.room.institution)
    if kind not in BedKind.values:
        raise InstitutionError(
            ErrorCode.CHOICE_INVALID, _("Choose one of the listed values."), field="kind"
        )
    with transaction.atomic():
        locked = Bed.objects.select_for_update().get(pk=bed.pk)
        before = audit.snapshot(locked, ["kind"])
        locked.kind = kind
        locked.save(update_fields=["kind"])
        audit.record_change(
            locked,
            actor=actor,
            action="update",
            before=before,
            region_code=bed.room.institution.region_id,
        )
    return locked


def add_bed(room: Room, *, code: str, kind: str, actor) -> Bed:
    """One more bed in an existing room."""
    _require_institution(actor, room.institution)
    code = (code or "").strip()
    if not code:
        raise InstitutionError(ErrorCode.REQUIRED, _("This field is required."), field="code")
    if kind not in BedKind.values:
        raise InstitutionError(
            ErrorCode.CHOICE_INVALID, _("Choose one of the listed values."), field="kind"
        )
    with transaction.atomic():
        if Bed.objects.filter(room=room, code=code).exists():
            raise InstitutionError(
                ErrorCode.BED_EXISTS, _("This room already has a bed with this code."), field="code"
            )
        bed = Bed.objects.create(room=room, code=code[:20], kind=kind)
        audit.record_change(
            bed,
            actor=actor,
            action="create",
            fields=["room", "code", "kind"],
            region_code=room.institution.region_id,
        )
    return bed


def _holds_extreme_poverty(elder: Elder, on: date) -> bool:
    return ElderCategory.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on),
        elder=elder,
        category=Category.EXTREME_POVERTY,
        valid_from__lte=on,
    ).exists()


def _lock_free_bed(bed: Bed) -> Bed:
    locked = Bed.objects.select_for_update().select_related("room__institution").get(pk=bed.pk)
    if locked.state not in (BedState.FREE, BedState.RESERVED):
        raise InstitutionError(
            ErrorCode.BED_NOT_FREE,
            _("Bed {bed} is not free.").format(bed=str(locked)),
            field="bed",
        )
    return locked


def _open_stay(locked_bed: Bed, elder: Elder, *, on: date, terms: dict, actor) -> Residency:
    try:
        with transaction.atomic():
            residency = Residency.objects.create(
                institution=locked_bed.room.institution,
                elder=elder,
                bed=locked_bed,
                started_on=on,
                created_by=actor,
                **terms,
            )
    except IntegrityError:
        # The constraint saw an open stay the checks above did not (a concurrent admission).
        raise InstitutionError(
            ErrorCode.ELDER_HAS_BED, _("This person already has a bed."), field="elder"
        ) from None
    locked_bed.state = BedState.OCCUPIED
    locked_bed.save(update_fields=["state"])
    return residency


def admit(
    bed: Bed,
    *,
    elder: Elder,
    admitted_on: date,
    contract_number: str,
    fee_level_fen: int,
    payer: str,
    concentrated_support: bool,
    actor,
    contract_until: date | None = None,
) -> Residency:
    """Admit a registry elder to a free (or reserved) bed of an operating institution."""
    institution = bed.room.institution
    _require_institution(actor, institution)
    _day(admitted_on, "admitted_on")
    contract_number = (contract_number or "").strip()
    if not contract_number:
        raise InstitutionError(
            ErrorCode.REQUIRED, _("This field is required."), field="contract_number"
        )
    if contract_until is not None and contract_until < admitted_on:
        raise InstitutionError(
            ErrorCode.DATE_INVALID,
            _("The contract cannot end before the admission."),
            field="contract_until",
        )
    if fee_level_fen < 0:
        raise InstitutionError(
            ErrorCode.CHOICE_INVALID, _("The fee cannot be negative."), field="fee_level_fen"
        )
    if payer not in Payer.values:
        raise InstitutionError(
            ErrorCode.CHOICE_INVALID, _("Choose one of the listed values."), field="payer"
        )
    if elder.status != ElderStatus.ACTIVE:
        raise InstitutionError(
            ErrorCode.ELDER_NOT_ACTIVE, _("This person is not in the registry."), field="elder"
        )
    if concentrated_support and not _holds_extreme_poverty(elder, admitted_on):
        raise InstitutionError(
            ErrorCode.NOT_EXTREME_POVERTY,
            _("Concentrated support is for persons of extreme poverty support (特困) only."),
            field="concentrated_support",
        )
    valid_level = (
        elder.ability_level
        if elder.ability_level_valid_until and elder.ability_level_valid_until >= admitted_on
        else None
    )
    with transaction.atomic():
        locked = _lock_free_bed(bed)
        # Read under the lock, from the database: the caller's institution may be stale.
        if locked.room.institution.status != InstitutionStatus.OPERATING:
            raise InstitutionError(
                ErrorCode.NOT_OPERATING,
                _("The institution is not operating: its filing check is not confirmed."),
                field=None,
            )
        if Residency.objects.current().filter(elder=elder).exists():
            raise InstitutionError(
                ErrorCode.ELDER_HAS_BED, _("This person already has a bed."), field="elder"
            )
        residency = _open_stay(
            locked,
            elder,
            on=admitted_on,
            terms={
                "contract_number": contract_number[:50],
                "contract_until": contract_until,
                "fee_level_fen": fee_level_fen,
                "payer": payer,
                "concentrated_support": concentrated_support,
                "ability_level": valid_level,
            },
            actor=actor,
        )
        audit.record_change(
            residency,
            actor=actor,
            action="admit",
            fields=["elder", "bed", "started_on", "payer", "fee_level_fen", "concentrated_support"],
            region_code=institution.region_id,
        )
    return residency


def _end(residency: Residency, *, on: date, reason: str) -> Residency:
    locked = Residency.objects.select_for_update().get(pk=residency.pk)
    if locked.ended_on is not None:
        raise InstitutionError(
            ErrorCode.RESIDENCY_ENDED, _("This stay has already ended."), field=None
        )
    _day(on, "on", not_before=locked.started_on)
    locked.ended_on, locked.end_reason = on, reason
    locked.save(update_fields=["ended_on", "end_reason"])
    # A stay that ends during a leave (a death in hospital) closes the leave on the same day.
    leaves = ResidencyLeave.objects.open().filter(residency=locked)
    if leaves.filter(started_on__gt=on).exists():
        raise InstitutionError(
            ErrorCode.DATE_INVALID, _("The day is before the resident's leave began."), field="on"
        )
    leaves.update(returned_on=on)
    Bed.objects.filter(pk=locked.bed_id).update(state=BedState.FREE)
    return locked


def transfer(residency: Residency, *, bed: Bed, on: date, actor) -> Residency:
    """Move a resident to another bed of the same institution: the stay ends, the next begins."""
    _require_institution(actor, residency.institution)
    if bed.room.institution_id != residency.institution_id:
        raise InstitutionError(
            ErrorCode.BED_NOT_FREE, _("The bed belongs to another institution."), field="bed"
        )
    if ResidencyLeave.objects.open().filter(residency=residency).exists():
        raise InstitutionError(
            ErrorCode.ON_LEAVE,
            _("The resident is on leave: record the return first."),
            field="bed",
        )
    with transaction.atomic():
        locked_bed = _lock_free_bed(bed)
        ended = _end(residency, on=on, reason=ResidencyEnd.TRANSFER)
        terms = {
            field: getattr(ended, field)
            for field in (
                "contract_number",
                "contract_until",
                "fee_level_fen",
                "payer",
                "concentrated_support",
                "ability_level",
            )
        }
        following = _open_stay(locked_bed, ended.elder, on=on, terms=terms, actor=actor)
        audit.record_change(
            following,
            actor=actor,
            action="transfer",
            fields=["bed", "started_on"],
            reason=f"from bed {ended.bed_id}",
            region_code=residency.institution.region_id,
        )
    return following


def discharge(residency: Residency, *, on: date, died: bool, actor) -> Residency:
    """End the stay (discharge or death) and free the bed."""
    _require_institution(actor, residency.institution)
    with transaction.atomic():
        ended = _end(
            residency, on=on, reason=ResidencyEnd.DEATH if died else ResidencyEnd.DISCHARGE
        )
        audit.record_change(
            ended,
            actor=actor,
            action="discharge",
            fields=["ended_on", "end_reason"],
            region_code=residency.institution.region_id,
        )
    return ended
