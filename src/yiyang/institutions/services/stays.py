"""A resident's leave (请假离院) and return, and a resident's death.

A leave keeps the stay and the bed: the bed stays occupied for the resident's return. A death is
recorded once, in the registry (`registry.services.record_death`): the registry's `elder_died`
signal ends the stay here (`end_stay_on_death`, connected in `receivers.py`), so the registry, the
benefits and the home services all learn of it from the one record. Institution staff, who may not
change registry records, end the stay as a death themselves, and the street records it in the
registry when the death certificate comes (the registry's flow then finds no open stay).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.core.scoping import region_prefix
from yiyang.institutions.choices import LeaveKind, ResidencyEnd
from yiyang.institutions.errors import ErrorCode, InstitutionError
from yiyang.institutions.models import Residency, ResidencyLeave
from yiyang.institutions.services.beds import _end, _require_institution, discharge
from yiyang.registry.models import Elder


def take_leave(
    residency: Residency,
    *,
    kind: str,
    started_on: date,
    expected_return_on: date,
    note: str,
    actor,
) -> ResidencyLeave:
    """Record that a resident left for a while (hospital, a visit home); the bed stays held."""
    _require_institution(actor, residency.institution)
    if kind not in LeaveKind.values:
        raise InstitutionError(
            ErrorCode.CHOICE_INVALID, _("Choose one of the listed values."), field="kind"
        )
    if started_on > timezone.localdate() or started_on < residency.started_on:
        raise InstitutionError(
            ErrorCode.DATE_INVALID,
            _("The day cannot be in the future or before the stay began."),
            field="started_on",
        )
    if expected_return_on < started_on:
        raise InstitutionError(
            ErrorCode.DATE_INVALID,
            _("The expected return cannot be before the day of leaving."),
            field="expected_return_on",
        )
    with transaction.atomic():
        locked = Residency.objects.select_for_update().get(pk=residency.pk)
        if locked.ended_on is not None:
            raise InstitutionError(
                ErrorCode.RESIDENCY_ENDED, _("This stay has already ended."), field=None
            )
        if ResidencyLeave.objects.open().filter(residency=locked).exists():
            raise InstitutionError(
                ErrorCode.ON_LEAVE, _("This resident is already on leave."), field="started_on"
            )
        leave = ResidencyLeave.objects.create(
            residency=locked,
            kind=kind,
            note=(note or "").strip()[:200],
            started_on=started_on,
            expected_return_on=expected_return_on,
            created_by=actor,
        )
        audit.record_change(
            leave,
            actor=actor,
            action="create",
            fields=["residency", "kind", "started_on", "expected_return_on"],
            region_code=residency.institution.region_id,
        )
    return leave


def return_from_leave(residency: Residency, *, returned_on: date, actor) -> ResidencyLeave:
    """Close the resident's open leave: they are back in their bed."""
    _require_institution(actor, residency.institution)
    with transaction.atomic():
        leave = (
            ResidencyLeave.objects.select_for_update()
            .filter(residency=residency, returned_on__isnull=True)
            .first()
        )
        if leave is None:
            raise InstitutionError(
                ErrorCode.NOT_ON_LEAVE, _("This resident is not on leave."), field=None
            )
        if returned_on > timezone.localdate() or returned_on < leave.started_on:
            raise InstitutionError(
                ErrorCode.DATE_INVALID,
                _("The day cannot be in the future or before the leave began."),
                field="returned_on",
            )
        before = audit.snapshot(leave, ["returned_on"])
        leave.returned_on = returned_on
        leave.save(update_fields=["returned_on"])
        audit.record_change(
            leave,
            actor=actor,
            action="update",
            before=before,
            region_code=residency.institution.region_id,
        )
    return leave


def record_resident_death(residency: Residency, *, on: date, actor) -> Residency:
    """Record a resident's death: in the registry when the actor may (its signal ends the stay),
    otherwise as the end of the stay only."""
    from yiyang.registry.services import record_death

    _require_institution(actor, residency.institution)
    elder = residency.elder
    prefix = region_prefix(actor, "registry.change_elder")
    if prefix is None or not elder.region_code.startswith(prefix):
        return discharge(residency, on=on, died=True, actor=actor)
    record_death(
        elder,
        date_of_death=on,
        source=_("Reported by {institution}").format(institution=residency.institution.name),
        actor=actor,
    )
    return Residency.objects.get(pk=residency.pk)


def end_stay_on_death(elder: Elder, *, actor) -> Residency | None:
    """End the elder's open stay as a death on the registry's date of death (a reaction to the
    registry's `elder_died`, so no capability of the actor's is asked for)."""
    with transaction.atomic():
        stay = Residency.objects.current().filter(elder=elder).first()  # scoped: a reaction
        if stay is None:
            return None
        on = max(elder.date_of_death or timezone.localdate(), stay.started_on)
        ended = _end(stay, on=on, reason=ResidencyEnd.DEATH)
        audit.record_change(
            ended,
            actor=actor,
            action="discharge",
            fields=["ended_on", "end_reason"],
            reason="registry: elder_died",
            region_code=stay.institution.region_id,
        )
    return ended
