"""Sentences for the benefits entries on the elder's timeline."""

from __future__ import annotations

from django.utils.translation import gettext as _

from yiyang.benefits.choices import ApprovalLevel
from yiyang.registry.models import TimelineEntry


def _applied(entry: TimelineEntry) -> str:
    return _("Applied for {program}.").format(program=entry.data["program"])


def _step(entry: TimelineEntry) -> str:
    level = str(ApprovalLevel(entry.data["level"]).label) if entry.data.get("level") else ""
    if entry.data["approved"]:
        return _("{program}: {step} passed.").format(program=entry.data["program"], step=level)
    return _("{program}: refused at {step}. Reason: {reason}").format(
        program=entry.data["program"], step=level, reason=entry.data.get("reason", "")
    )


def _granted(entry: TimelineEntry) -> str:
    return _("{program} granted, paid from {month}.").format(
        program=entry.data["program"], month=entry.data["start_month"][:7]
    )


def register() -> None:
    from yiyang.registry.timeline import register_kind

    register_kind("benefits.applied", _applied)
    register_kind("benefits.step", _step)
    register_kind("benefits.granted", _granted)
