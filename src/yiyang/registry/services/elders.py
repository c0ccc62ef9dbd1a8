"""Writes of elder records, contacts and the timeline (STYLE.md B4)."""

from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pypinyin import Style, lazy_pinyin

from yiyang.core import audit
from yiyang.core.models import ChangeRecord
from yiyang.core.requestid import current_request_id
from yiyang.core.scoping import require
from yiyang.registry.choices import (
    ElderStatus,
)
from yiyang.registry.errors import ErrorCode, RegistryError
from yiyang.registry.models import (
    Contact,
    Elder,
    RecentView,
    TimelineEntry,
)
from yiyang.registry.signals import elder_died, elder_moved_out
from yiyang.registry.validation import ElderData

AUDITED_FIELDS = [
    "name",
    "id_number",
    "ethnicity",
    "phone_primary",
    "phone_secondary",
    "residence_region",
    "address",
    "hukou_region",
    "hukou_address",
    "living_arrangement",
    "latitude",
    "longitude",
    "status",
    "date_of_death",
    "moved_out_on",
]


def name_initials(name: str) -> str:
    """Return the pinyin initials a clerk types to find someone: 张三丰 → zsf."""
    return "".join(
        syllable[0]
        for syllable in lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")
        if syllable
    ).lower()


def add_timeline_entry(
    elder: Elder, *, kind: str, actor=None, data: dict | None = None, occurred_at=None
) -> TimelineEntry:
    """Add one event to the elder's timeline; other modules call this for their events."""
    return TimelineEntry.objects.create(
        elder=elder,
        kind=kind,
        actor=actor,
        data=data or {},
        occurred_at=occurred_at or timezone.now(),
    )


def register_elder(data: ElderData, *, actor, source: str = "") -> Elder:
    """Create the record of an elder; one identity number, one elder."""
    require(actor, "registry.add_elder", data.residence_region_id)
    with transaction.atomic():
        if Elder.objects.filter(id_number=data.id_number).exists():
            raise RegistryError(
                ErrorCode.ID_NUMBER_TAKEN,
                _("An elder with this identity number is already in the registry."),
                field="id_number",
            )
        now = timezone.now()
        elder = Elder.objects.create(
            **data.model_values(),
            name_initials=name_initials(data.name),
            created_at=now,
            updated_at=now,
        )
        audit.record_change(
            elder,
            actor=actor,
            action="create",
            fields=AUDITED_FIELDS,
            reason=source,
            region_code=elder.region_code,
        )
        add_timeline_entry(elder, kind="registry.registered", actor=actor, data={"source": source})
    return elder


def update_elder(elder: Elder, data: ElderData, *, actor, reason: str = "") -> Elder:
    """Change an elder's record; moving to another community needs both regions in scope."""
    require(actor, "registry.change_elder", elder.region_code)
    require(actor, "registry.change_elder", data.residence_region_id)
    with transaction.atomic():
        elder = Elder.objects.select_for_update().get(pk=elder.pk)
        if (
            data.id_number != elder.id_number
            and Elder.objects.filter(id_number=data.id_number).exists()
        ):
            raise RegistryError(
                ErrorCode.ID_NUMBER_TAKEN,
                _("An elder with this identity number is already in the registry."),
                field="id_number",
            )
        before = audit.snapshot(elder, AUDITED_FIELDS)
        for field_name, value in data.model_values().items():
            setattr(elder, field_name, value)
        elder.name_initials = name_initials(elder.name)
        elder.updated_at = timezone.now()
        elder.save()
        record = audit.record_change(
            elder,
            actor=actor,
            action="update",
            before=before,
            reason=reason,
            region_code=elder.region_code,
        )
        if record is not None:
            add_timeline_entry(
                elder, kind="registry.updated", actor=actor, data={"fields": sorted(record.changes)}
            )
    return elder


def record_death(elder: Elder, *, date_of_death: date, source: str, actor) -> Elder:
    """Mark the elder deceased; other modules stop payments and visits through `elder_died`."""
    require(actor, "registry.change_elder", elder.region_code)
    if date_of_death > timezone.localdate():
        raise RegistryError(
            ErrorCode.DATE_INVALID,
            _("The date of death cannot be in the future."),
            field="date_of_death",
        )
    if date_of_death < elder.birth_date:
        raise RegistryError(
            ErrorCode.DATE_INVALID,
            _("The date of death is before the birth date."),
            field="date_of_death",
        )
    with transaction.atomic():
        elder = Elder.objects.select_for_update().get(pk=elder.pk)
        before = audit.snapshot(elder, ["status", "date_of_death"])
        elder.status = ElderStatus.DECEASED
        elder.date_of_death = date_of_death
        elder.updated_at = timezone.now()
        elder.save(update_fields=["status", "date_of_death", "updated_at"])
        audit.record_change(
            elder,
            actor=actor,
            action="record_death",
            before=before,
            reason=source,
            region_code=elder.region_code,
        )
        add_timeline_entry(
            elder,
            kind="registry.died",
            actor=actor,
            data={"date": date_of_death.isoformat(), "source": source},
        )
        elder_died.send(sender=Elder, elder=elder, actor=actor)
    return elder


def record_move_out(elder: Elder, *, moved_out_on: date, source: str, actor) -> Elder:
    """Mark that the elder left the city; the record stays for history."""
    require(actor, "registry.change_elder", elder.region_code)
    if elder.status != ElderStatus.ACTIVE:
        raise RegistryError(
            ErrorCode.ELDER_NOT_ACTIVE,
            _("Only an elder in the registry can move out."),
            field="status",
        )
    with transaction.atomic():
        elder = Elder.objects.select_for_update().get(pk=elder.pk)
        before = audit.snapshot(elder, ["status", "moved_out_on"])
        elder.status = ElderStatus.MOVED_OUT
        elder.moved_out_on = moved_out_on
        elder.updated_at = timezone.now()
        elder.save(update_fields=["status", "moved_out_on", "updated_at"])
        audit.record_change(
            elder,
            actor=actor,
            action="record_move_out",
            before=before,
            reason=source,
            region_code=elder.region_code,
        )
        add_timeline_entry(
            elder,
            kind="registry.moved_out",
            actor=actor,
            data={"date": moved_out_on.isoformat(), "source": source},
        )
        elder_moved_out.send(sender=Elder, elder=elder, actor=actor)
    return elder


def set_contacts(elder: Elder, contacts: list[dict], *, actor) -> list[Contact]:
    """Replace the elder's guardians and emergency contacts with `contacts` (already checked)."""
    require(actor, "registry.change_elder", elder.region_code)
    with transaction.atomic():
        before = {
            "contacts": [
                f"{c.kind}:{c.name}:{audit.keyed_hash(c.phone)}" for c in elder.contacts.all()
            ]
        }
        elder.contacts.all().delete()
        created = [
            Contact.objects.create(elder=elder, priority=index + 1, **values)
            for index, values in enumerate(contacts)
        ]
        after = [f"{c.kind}:{c.name}:{audit.keyed_hash(c.phone)}" for c in created]
        if after != before["contacts"]:
            ChangeRecord.objects.create(
                actor=actor,
                action="set_contacts",
                content_type=ContentType.objects.get_for_model(Elder),
                object_pk=str(elder.pk),
                object_repr=str(elder),
                region_code=elder.region_code,
                changes={"contacts": [before["contacts"], after]},
                request_id=current_request_id.get(),
            )
            add_timeline_entry(
                elder, kind="registry.contacts_changed", actor=actor, data={"count": len(created)}
            )
    return created


def note_viewed(elder: Elder, *, user) -> None:
    """Remember that `user` opened the profile (for the "recently viewed" list)."""
    RecentView.objects.update_or_create(
        user=user, elder=elder, defaults={"viewed_at": timezone.now()}
    )


def record_ability_level(
    elder: Elder, *, level: int | None, valid_until: date | None, source: str, actor=None
) -> Elder:
    """Keep the elder's current ability level (能力等级) in step with the latest final assessment.

    Called by the assessment module, which owns the assessments themselves; `level` None clears
    it (the result lapsed or was superseded without a new one).
    """
    with transaction.atomic():
        elder = Elder.objects.select_for_update().get(pk=elder.pk)
        before = audit.snapshot(elder, ["ability_level", "ability_level_valid_until"])
        elder.ability_level = level
        elder.ability_level_valid_until = valid_until
        elder.updated_at = timezone.now()
        elder.save(update_fields=["ability_level", "ability_level_valid_until", "updated_at"])
        audit.record_change(
            elder,
            actor=actor,
            action="update",
            before=before,
            reason=source,
            region_code=elder.region_code,
        )
    return elder
