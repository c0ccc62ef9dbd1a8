"""Sentences for the assessment milestones on the elder's timeline (registry.timeline)."""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from yiyang.assessment.choices import AssessmentReason, RequestSource
from yiyang.registry.models import TimelineEntry
from yiyang.registry.timeline import register_kind


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _day(value: str) -> str:
    return date_format(date.fromisoformat(value), "DATE_FORMAT") if value else "—"


def _level(data: dict) -> str:
    """The level's name as the scale version wrote it when the entry was made."""
    name = data.get("level_name")
    if name:
        return name
    level = data.get("level")
    return _("level {level}").format(level=level) if level is not None else "—"


def _requested(entry: TimelineEntry) -> str:
    data = entry.data
    return _("Ability assessment No. {number} requested ({reason}; through: {source}).").format(
        number=data["assessment"],
        reason=_label(AssessmentReason, data.get("reason", "")),
        source=_label(RequestSource, data.get("source", "")),
    )


def _published(entry: TimelineEntry) -> str:
    data = entry.data
    return _(
        "Ability assessment No. {number} published: {level}; open to objection until {date}."
    ).format(
        number=data["assessment"],
        level=_level(data),
        date=_day(data.get("publicity_ends_on", "")),
    )


def _objection(entry: TimelineEntry) -> str:
    data = entry.data
    return _("{name} objected to the result of ability assessment No. {number}.").format(
        name=data.get("raised_by") or "—", number=data["assessment"]
    )


def _final(entry: TimelineEntry) -> str:
    data = entry.data
    return _("Ability assessment No. {number} is final: {level}, valid until {date}.").format(
        number=data["assessment"],
        level=_level(data),
        date=_day(data.get("valid_until", "")),
    )


def register() -> None:
    for kind, formatter in {
        "assessment.requested": _requested,
        "assessment.published": _published,
        "assessment.objection": _objection,
        "assessment.final": _final,
    }.items():
        register_kind(kind, formatter)
