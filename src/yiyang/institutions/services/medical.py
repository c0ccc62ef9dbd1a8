"""Record an institution's agreement with a medical institution (医养结合)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.institutions.errors import ErrorCode, InstitutionError
from yiyang.institutions.models import Institution, MedicalAgreement
from yiyang.institutions.services.beds import _require_institution


def add_agreement(
    institution: Institution,
    *,
    medical_institution: str,
    scope: str,
    starts_on: date,
    ends_on: date | None,
    green_channel: bool,
    actor,
) -> MedicalAgreement:
    """Kept by the institution itself (or the district and city), like its beds."""
    _require_institution(actor, institution)
    medical_institution, scope = (medical_institution or "").strip(), (scope or "").strip()
    for value, field in ((medical_institution, "medical_institution"), (scope, "scope")):
        if not value:
            raise InstitutionError(ErrorCode.REQUIRED, _("This field is required."), field=field)
    if ends_on is not None and ends_on < starts_on:
        raise InstitutionError(
            ErrorCode.DATE_INVALID,
            _("The agreement cannot end before it starts."),
            field="ends_on",
        )
    with transaction.atomic():
        agreement = MedicalAgreement.objects.create(
            institution=institution,
            medical_institution=medical_institution[:100],
            scope=scope[:300],
            starts_on=starts_on,
            ends_on=ends_on,
            green_channel=green_channel,
            created_by=actor,
        )
        audit.record_change(
            agreement,
            actor=actor,
            action="create",
            fields=["institution", "medical_institution", "starts_on", "ends_on", "green_channel"],
            region_code=institution.region_id,
        )
    return agreement


def end_agreement(agreement: MedicalAgreement, *, ends_on: date, actor) -> MedicalAgreement:
    """End an agreement on a day (not before it started); an ended one is left as it is."""
    _require_institution(actor, agreement.institution)
    with transaction.atomic():
        locked = MedicalAgreement.objects.select_for_update().get(pk=agreement.pk)
        if locked.ends_on is not None and locked.ends_on < timezone.localdate():
            raise InstitutionError(
                ErrorCode.AGREEMENT_ENDED, _("This agreement has already ended."), field="ends_on"
            )
        if ends_on < locked.starts_on:
            raise InstitutionError(
                ErrorCode.DATE_INVALID,
                _("The agreement cannot end before it starts."),
                field="ends_on",
            )
        before = audit.snapshot(locked, ["ends_on"])
        locked.ends_on = ends_on
        locked.save(update_fields=["ends_on"])
        audit.record_change(
            locked,
            actor=actor,
            action="update",
            before=before,
            region_code=agreement.institution.region_id,
        )
    return locked
