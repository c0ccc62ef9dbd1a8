"""Writes of categories (人员类别): direct for most, maker-checker for money-moving ones."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.core.scoping import require
from yiyang.registry.choices import (
    MONEY_CATEGORIES,
    Category,
    CategoryChangeKind,
    CategoryChangeStatus,
)
from yiyang.registry.errors import ErrorCode, RegistryError
from yiyang.registry.models import CategoryChange, Elder, ElderCategory
from yiyang.registry.services.elders import add_timeline_entry


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
