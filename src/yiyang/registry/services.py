"""Every write to the registry (STYLE.md B4): check the permission, one transaction, audit inside."""

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
    MONEY_CATEGORIES,
    Category,
    CategoryChangeKind,
    CategoryChangeStatus,
    ContactKind,
    ElderStatus,
)
from yiyang.registry.errors import ErrorCode, RegistryError
from yiyang.registry.models import (
    CategoryChange,
    Contact,
    Elder,
    ElderCategory,
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


def _check_category(category: str) -> None:
    if category not in Category.values:
        raise RegistryError(
            ErrorCode.CATEGORY_DERIVED,
            _(
                "This category is derived from the birth date or the assessment and cannot be typed in."
            ),
            field="category",
        )


def _grant(
    elder: Elder,
    *,
    category: str,
    valid_from: date,
    source: str,
    document_number: str,
    recorded_by,
    approved_by,
) -> ElderCategory:
    held = ElderCategory.objects.create(
        elder=elder,
        category=category,
        valid_from=valid_from,
        source=source,
        document_number=document_number,
        created_by=recorded_by,
        approved_by=approved_by,
    )
    audit.record_change(
        held,
        actor=approved_by or recorded_by,
        action="grant_category",
        fields=["elder", "category", "valid_from", "source", "document_number"],
        region_code=elder.region_code,
    )
    add_timeline_entry(
        elder,
        kind="registry.category_granted",
        actor=recorded_by,
        data={
            "category": category,
            "valid_from": valid_from.isoformat(),
            "source": source,
            "document_number": document_number,
            "approved_by": str(approved_by) if approved_by else "",
        },
    )
    return held


def _end(
    held: ElderCategory,
    *,
    valid_to: date,
    source: str,
    document_number: str,
    recorded_by,
    approved_by,
) -> ElderCategory:
    before = audit.snapshot(held, ["valid_to"])
    held.valid_to = valid_to
    held.save(update_fields=["valid_to"])
    audit.record_change(
        held,
        actor=approved_by or recorded_by,
        action="end_category",
        before=before,
        reason=source,
        region_code=held.elder.region_code,
    )
    add_timeline_entry(
        held.elder,
        kind="registry.category_ended",
        actor=recorded_by,
        data={
            "category": held.category,
            "valid_to": valid_to.isoformat(),
            "source": source,
            "document_number": document_number,
            "approved_by": str(approved_by) if approved_by else "",
        },
    )
    return held


def _open_category(elder: Elder, category: str) -> ElderCategory | None:
    return (
        ElderCategory.objects.filter(elder=elder, category=category, valid_to__isnull=True)
        .order_by("-valid_from")
        .first()
    )


def grant_category(
    elder: Elder, *, category: str, valid_from: date, source: str, document_number: str = "", actor
) -> ElderCategory:
    """Record a category that moves no money (独居, 失智 …) at once, with its source."""
    require(actor, "registry.change_elder", elder.region_code)
    _check_category(category)
    if category in MONEY_CATEGORIES:
        raise RegistryError(
            ErrorCode.CATEGORY_NEEDS_APPROVAL,
            _("This category moves money: propose it for a second person to approve."),
            field="category",
        )
    with transaction.atomic():
        return _grant(
            elder,
            category=category,
            valid_from=valid_from,
            source=source,
            document_number=document_number,
            recorded_by=actor,
            approved_by=None,
        )


def end_category(held: ElderCategory, *, valid_to: date, source: str, actor) -> ElderCategory:
    """End a category that moves no money."""
    require(actor, "registry.change_elder", held.elder.region_code)
    if held.category in MONEY_CATEGORIES:
        raise RegistryError(
            ErrorCode.CATEGORY_NEEDS_APPROVAL,
            _("This category moves money: propose its end for a second person to approve."),
            field="category",
        )
    if valid_to < held.valid_from:
        raise RegistryError(
            ErrorCode.DATE_INVALID, _("A category cannot end before it starts."), field="valid_to"
        )
    with transaction.atomic():
        return _end(
            held,
            valid_to=valid_to,
            source=source,
            document_number="",
            recorded_by=actor,
            approved_by=None,
        )


def propose_category_change(
    elder: Elder,
    *,
    kind: str,
    category: str,
    effective_date: date,
    source: str,
    document_number: str = "",
    actor,
) -> CategoryChange:
    """Propose granting or ending a money-moving category (特困, 低保 …); a second person decides."""
    require(actor, "registry.propose_category", elder.region_code)
    _check_category(category)
    if not source.strip():
        raise RegistryError(
            ErrorCode.REQUIRED, _("Name the source document of the change."), field="source"
        )
    if kind == CategoryChangeKind.END:
        held = _open_category(elder, category)
        if held is None:
            raise RegistryError(
                ErrorCode.CATEGORY_NOT_HELD,
                _("The elder does not hold this category."),
                field="category",
            )
        if effective_date < held.valid_from:
            raise RegistryError(
                ErrorCode.DATE_INVALID,
                _("A category cannot end before it starts."),
                field="effective_date",
            )
    with transaction.atomic():
        change = CategoryChange.objects.create(
            elder=elder,
            kind=kind,
            category=category,
            effective_date=effective_date,
            source=source,
            document_number=document_number,
            proposed_by=actor,
        )
        audit.record_change(
            change,
            actor=actor,
            action="propose_category_change",
            fields=["elder", "kind", "category", "effective_date", "source", "document_number"],
            region_code=elder.region_code,
        )
        add_timeline_entry(
            elder,
            kind="registry.category_proposed",
            actor=actor,
            data={
                "change": kind,
                "category": category,
                "effective_date": effective_date.isoformat(),
                "source": source,
                "document_number": document_number,
            },
        )
    return change


def decide_category_change(
    change: CategoryChange, *, approve: bool, note: str = "", actor
) -> CategoryChange:
    """Approve or reject a proposed category change; the proposer cannot decide it."""
    require(actor, "registry.decide_category", change.elder.region_code)
    with transaction.atomic():
        change = (
            CategoryChange.objects.select_for_update().select_related("elder").get(pk=change.pk)
        )
        if change.status != CategoryChangeStatus.PENDING:
            raise RegistryError(
                ErrorCode.CATEGORY_NOT_PENDING,
                _("This change has already been decided."),
                field=None,
            )
        if change.proposed_by_id == actor.pk:
            raise RegistryError(
                ErrorCode.CATEGORY_SAME_PERSON,
                _("A second person must approve: you proposed this change."),
                field=None,
            )
        if not approve and not note.strip():
            raise RegistryError(
                ErrorCode.REQUIRED, _("Give the reason for the refusal."), field="note"
            )
        before = audit.snapshot(change, ["status", "decided_by", "decision_note"])
        change.status = CategoryChangeStatus.APPROVED if approve else CategoryChangeStatus.REJECTED
        change.decided_by = actor
        change.decided_at = timezone.now()
        change.decision_note = note
        if approve:
            if change.kind == CategoryChangeKind.GRANT:
                change.result = _grant(
                    change.elder,
                    category=change.category,
                    valid_from=change.effective_date,
                    source=change.source,
                    document_number=change.document_number,
                    recorded_by=change.proposed_by,
                    approved_by=actor,
                )
            else:
                held = _open_category(change.elder, change.category)
                if held is None:
                    raise RegistryError(
                        ErrorCode.CATEGORY_NOT_HELD,
                        _("The elder does not hold this category."),
                        field="category",
                    )
                change.result = _end(
                    held,
                    valid_to=change.effective_date,
                    source=change.source,
                    document_number=change.document_number,
                    recorded_by=change.proposed_by,
                    approved_by=actor,
                )
        change.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "result"])
        audit.record_change(
            change,
            actor=actor,
            action="decide_category_change",
            before=before,
            reason=note,
            region_code=change.elder.region_code,
        )
        if not approve:
            add_timeline_entry(
                change.elder,
                kind="registry.category_rejected",
                actor=actor,
                data={"change": change.kind, "category": change.category, "note": note},
            )
    return change


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


__all__ = [
    "ContactKind",
    "add_timeline_entry",
    "decide_category_change",
    "end_category",
    "grant_category",
    "name_initials",
    "note_viewed",
    "propose_category_change",
    "record_death",
    "record_move_out",
    "register_elder",
    "set_contacts",
    "update_elder",
]
