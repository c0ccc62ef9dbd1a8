"""Readable sentences for timeline entries; each module registers the kinds it writes.

A module that adds entries of kind "homecare.order_done" calls, once at import time (from its
`apps.py` `ready()`), `register_kind("homecare.order_done", formatter)`, where `formatter(entry)`
returns the sentence in the reader's language (build it with gettext inside the function).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from yiyang.registry.choices import Category, CategoryChangeKind
from yiyang.registry.models import Elder, TimelineEntry

Formatter = Callable[[TimelineEntry], str]
_formatters: dict[str, Formatter] = {}


def register_kind(kind: str, formatter: Formatter) -> None:
    """Use `formatter` to describe timeline entries of `kind` (the last registration wins)."""
    _formatters[kind] = formatter


def describe(entry: TimelineEntry) -> str:
    """Return the sentence that tells a reader what happened in `entry`."""
    formatter = _formatters.get(entry.kind)
    if formatter is None:
        return _("Event “{kind}”.").format(kind=entry.kind)
    try:
        return formatter(entry)
    except (KeyError, TypeError, ValueError):
        # An entry written by an older version may lack a value; show it rather than fail the page.
        return _("Event “{kind}”.").format(kind=entry.kind)


def _day(value: str) -> str:
    if not value:
        return ""
    return date_format(date.fromisoformat(value), "DATE_FORMAT")


def _category(value: str) -> str:
    try:
        return str(Category(value).label)
    except ValueError:
        return value


def _source(data: dict) -> str:
    """The source document as "source (No. …)", for the sentences that cite one."""
    source = data.get("source") or ""
    number = data.get("document_number") or ""
    if source and number:
        return _("{source} (No. {number})").format(source=source, number=number)
    return source or number


def field_label(name: str) -> str:
    try:
        return str(getattr(Elder._meta.get_field(name), "verbose_name", name))
    except Exception:
        return name


def _registered(entry: TimelineEntry) -> str:
    source = entry.data.get("source")
    if source:
        return _("Entered in the registry (source: {source}).").format(source=source)
    return _("Entered in the registry.")


def _updated(entry: TimelineEntry) -> str:
    fields = entry.data.get("fields") or []
    labels = "、".join(field_label(name) for name in fields)
    return _("Record changed: {fields}.").format(fields=labels)


def _died(entry: TimelineEntry) -> str:
    return _("Died on {date} (source: {source}).").format(
        date=_day(entry.data["date"]), source=entry.data.get("source") or "—"
    )


def _moved_out(entry: TimelineEntry) -> str:
    return _("Moved out on {date} (source: {source}).").format(
        date=_day(entry.data["date"]), source=entry.data.get("source") or "—"
    )


def _contacts_changed(entry: TimelineEntry) -> str:
    return _("Guardians and emergency contacts changed; {count} now recorded.").format(
        count=entry.data.get("count", 0)
    )


def _category_granted(entry: TimelineEntry) -> str:
    data = entry.data
    approver = data.get("approved_by")
    if approver:
        return _(
            "Category “{category}” granted from {date}, source: {source}; approved by {approver}."
        ).format(
            category=_category(data["category"]),
            date=_day(data.get("valid_from", "")),
            source=_source(data),
            approver=approver,
        )
    return _("Category “{category}” granted from {date}, source: {source}.").format(
        category=_category(data["category"]),
        date=_day(data.get("valid_from", "")),
        source=_source(data),
    )


def _category_ended(entry: TimelineEntry) -> str:
    data = entry.data
    approver = data.get("approved_by")
    if approver:
        return _(
            "Category “{category}” ended on {date}, source: {source}; approved by {approver}."
        ).format(
            category=_category(data["category"]),
            date=_day(data.get("valid_to", "")),
            source=_source(data),
            approver=approver,
        )
    return _("Category “{category}” ended on {date}, source: {source}.").format(
        category=_category(data["category"]),
        date=_day(data.get("valid_to", "")),
        source=_source(data),
    )


def _category_proposed(entry: TimelineEntry) -> str:
    data = entry.data
    if data.get("change") == CategoryChangeKind.END:
        template = _(
            "Proposed to end category “{category}” on {date}, source: {source}; waiting for a second person to approve."
        )
    else:
        template = _(
            "Proposed to grant category “{category}” from {date}, source: {source}; waiting for a second person to approve."
        )
    return template.format(
        category=_category(data["category"]),
        date=_day(data.get("effective_date", "")),
        source=_source(data),
    )


def _category_rejected(entry: TimelineEntry) -> str:
    return _("Proposed change of category “{category}” rejected: {note}").format(
        category=_category(entry.data["category"]), note=entry.data.get("note") or "—"
    )


def _merged(entry) -> str:
    return (
        _("Merged the duplicate record {id_number} ({name}) into this one. {note}")
        .format(
            id_number=entry.data.get("merged_id_number", ""),
            name=entry.data.get("merged_name", ""),
            note=entry.data.get("note", ""),
        )
        .strip()
    )


def _merged_into(entry) -> str:
    return (
        _("This record was merged into another record of the same person. {note}")
        .format(note=entry.data.get("note", ""))
        .strip()
    )


for _kind, _formatter in {
    "registry.registered": _registered,
    "registry.updated": _updated,
    "registry.died": _died,
    "registry.moved_out": _moved_out,
    "registry.contacts_changed": _contacts_changed,
    "registry.category_granted": _category_granted,
    "registry.category_ended": _category_ended,
    "registry.category_proposed": _category_proposed,
    "registry.category_rejected": _category_rejected,
    "registry.merged": _merged,
    "registry.merged_into": _merged_into,
}.items():
    register_kind(_kind, _formatter)
