"""Writes of possible duplicates: find them, dismiss a pair, merge two records into one.

A dismissed pair keeps its row, so detection never raises it again; a merge keeps both
records (the other one marked merged) and moves its history to the survivor.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.core.models import ChangeRecord
from yiyang.core.requestid import current_request_id
from yiyang.core.scoping import region_prefix as scope_prefix
from yiyang.core.scoping import require
from yiyang.registry.choices import DuplicateStatus, ElderStatus
from yiyang.registry.duplicates import detect_duplicates
from yiyang.registry.errors import ErrorCode, RegistryError
from yiyang.registry.models import (
    CategoryChange,
    Contact,
    DuplicateCandidate,
    Elder,
    ElderCategory,
    TimelineEntry,
)
from yiyang.registry.services.elders import add_timeline_entry
from yiyang.registry.signals import elders_merged

# Fields of the survivor filled from the other record when empty (never overwritten).
FILLABLE_FIELDS = [
    "ethnicity",
    "phone_primary",
    "phone_secondary",
    "address",
    "hukou_region",
    "hukou_address",
    "latitude",
    "longitude",
]


def find_duplicates(*, actor=None, region_prefix: str = "") -> int:
    """Record the new possible duplicates under `region_prefix`; return how many were new.

    `actor` None means the command line (the whole city); a user searches only their region.
    """
    if actor is not None:
        require(actor, "registry.merge_elders")
        own = scope_prefix(actor, "registry.merge_elders") or ""
        if not region_prefix.startswith(own):
            region_prefix = own
    with transaction.atomic():
        counts = detect_duplicates(region_prefix=region_prefix)
        total = sum(counts.values())
        if total:
            ChangeRecord.objects.create(
                actor=actor,
                action="find_duplicates",
                content_type=ContentType.objects.get_for_model(DuplicateCandidate),
                object_pk="",
                object_repr=_("{count} possible duplicates").format(count=total),
                region_code=region_prefix,
                changes={reason: [None, count] for reason, count in counts.items()},
                request_id=current_request_id.get(),
            )
    return total


def _lock_open(candidate: DuplicateCandidate) -> DuplicateCandidate:
    candidate = (
        DuplicateCandidate.objects.select_for_update()
        .select_related("elder_a", "elder_b")
        .get(pk=candidate.pk)
    )
    if candidate.status != DuplicateStatus.OPEN:
        raise RegistryError(
            ErrorCode.DUPLICATE_DECIDED,
            _("This pair has already been decided: {status}.").format(
                status=candidate.get_status_display()
            ),
            field="status",
        )
    return candidate


def _require_both(actor, candidate: DuplicateCandidate) -> None:
    require(actor, "registry.merge_elders", candidate.elder_a.region_code)
    require(actor, "registry.merge_elders", candidate.elder_b.region_code)


def _decide(candidate: DuplicateCandidate, *, status: str, note: str, actor) -> None:
    before = audit.snapshot(candidate, ["status", "note"])
    candidate.status = status
    candidate.note = note[:300]
    candidate.decided_by = actor
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "note", "decided_by", "decided_at"])
    audit.record_change(
        candidate,
        actor=actor,
        action="decide_duplicate",
        before=before,
        reason=note,
        region_code=candidate.elder_a.region_code,
    )


def dismiss_duplicate(candidate: DuplicateCandidate, *, note: str, actor) -> DuplicateCandidate:
    """Record that the two records are different people; the pair is never raised again."""
    _require_both(actor, candidate)
    note = note.strip()
    if not note:
        raise RegistryError(
            ErrorCode.REQUIRED,
            _("Say why these are two different people (for example, checked the identity cards)."),
            field="note",
        )
    with transaction.atomic():
        candidate = _lock_open(candidate)
        _decide(candidate, status=DuplicateStatus.DISMISSED, note=note, actor=actor)
    return candidate


def merge_elders(candidate: DuplicateCandidate, *, survivor: Elder, actor, note: str = "") -> Elder:
    """Merge the pair into `survivor`: the other record stays, marked merged, its history moved.

    Categories, contacts, timeline entries and category changes move to the survivor; the
    survivor's empty fields are filled from the other, never overwritten.
    """
    _require_both(actor, candidate)
    if survivor.pk not in (candidate.elder_a_id, candidate.elder_b_id):
        raise RegistryError(
            ErrorCode.MERGE_SAME_RECORD,
            _("Keep one of the two records of the pair."),
            field="survivor",
        )
    with transaction.atomic():
        candidate = _lock_open(candidate)
        other_pk = (
            candidate.elder_b_id if survivor.pk == candidate.elder_a_id else candidate.elder_a_id
        )
        # Both rows locked in pk order, so two clerks merging crossing pairs cannot deadlock.
        locked = {e.pk: e for e in Elder.objects.select_for_update().filter(pk__in=[survivor.pk, other_pk]).order_by("pk")}  # fmt: skip
        survivor, other = locked[survivor.pk], locked[other_pk]
        for elder in (survivor, other):
            if elder.status == ElderStatus.MERGED:
                raise RegistryError(
                    ErrorCode.ELDER_NOT_ACTIVE,
                    _("{name} ({id_number}) has already been merged into another record.").format(
                        name=elder.name, id_number=elder.id_number_masked
                    ),
                    field="survivor",
                )
        moved = _move_history(other, survivor)
        before = audit.snapshot(survivor, FILLABLE_FIELDS)
        filled = []
        for name in FILLABLE_FIELDS:
            attname = getattr(Elder._meta.get_field(name), "attname", name)
            if getattr(survivor, attname) in ("", None) and getattr(other, attname) not in (
                "",
                None,
            ):
                setattr(survivor, attname, getattr(other, attname))
                filled.append(name)
        if other.external_ids:
            survivor.external_ids = other.external_ids | survivor.external_ids
        survivor.updated_at = timezone.now()
        survivor.save(update_fields=[*filled, "external_ids", "updated_at"])
        other_before = audit.snapshot(other, ["status", "merged_into"])
        other.status, other.merged_into, other.updated_at = (
            ElderStatus.MERGED,
            survivor,
            timezone.now(),
        )
        other.save(update_fields=["status", "merged_into", "updated_at"])

        reason = (
            _("Merged record {pk} into record {survivor}. {note}")
            .format(pk=other.pk, survivor=survivor.pk, note=note)
            .strip()
        )
        # Written even when no field was filled: the merge itself is the change.
        survivor_record = audit.record_change(
            survivor, actor=actor, action="merge", before=before, reason=reason,
            region_code=survivor.region_code,
        )  # fmt: skip
        audit.record_change(
            other, actor=actor, action="merged_into", before=other_before, reason=reason,
            region_code=other.region_code,
        )  # fmt: skip
        add_timeline_entry(
            survivor,
            kind="registry.merged",
            actor=actor,
            data={
                "merged_pk": other.pk,
                "merged_name": other.name,
                "merged_id_number": other.id_number_masked,
                "filled_fields": filled,
                "moved": moved,
                "note": note,
                "change_record": survivor_record.pk if survivor_record else None,
            },
        )
        add_timeline_entry(
            other,
            kind="registry.merged_into",
            actor=actor,
            data={"survivor_pk": survivor.pk, "note": note},
        )
        _decide(candidate, status=DuplicateStatus.MERGED, note=note, actor=actor)
        elders_merged.send(sender=Elder, survivor=survivor, merged=other, actor=actor)
    return survivor


def _move_history(other: Elder, survivor: Elder) -> dict[str, int]:
    """Move the other record's categories, contacts, timeline and category changes."""
    last = survivor.contacts.aggregate(last=Max("priority"))["last"] or 0
    contacts = list(Contact.objects.filter(elder=other).order_by("priority", "pk"))
    for offset, contact in enumerate(contacts, start=1):
        contact.elder, contact.priority = survivor, last + offset
    Contact.objects.bulk_update(contacts, ["elder", "priority"])
    return {
        "categories": ElderCategory.objects.filter(elder=other).update(elder=survivor),
        "contacts": len(contacts),
        "timeline": TimelineEntry.objects.filter(elder=other).update(elder=survivor),
        "category_changes": CategoryChange.objects.filter(elder=other).update(elder=survivor),
    }
