"""What the assessment pages share: reading a case, the result's sentences, error display."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from yiyang.assessment.models import Assessment
from yiyang.assessment.reasons import reason_text

STATUS_BADGES = {
    "requested": "text-bg-secondary",
    "assigned": "text-bg-info",
    "in_progress": "text-bg-primary",
    "submitted": "text-bg-warning",
    "publicised": "text-bg-warning",
    "objected": "text-bg-danger",
    "final": "text-bg-success",
    "superseded": "text-bg-light border",
    "cancelled": "text-bg-light border",
}


def assessment_for(user, pk: int, capability: str = "assessment.view_assessment") -> Assessment:
    """One assessment the user may act on with `capability`.

    Missing and out-of-region cases answer 404 alike; a case the user may see but not act on
    in this way answers 403.
    """
    related = (
        "elder",
        "elder__residence_region",
        "scale",
        "agency",
        "lead_assessor",
        "second_assessor",
        "supersedes",
    )
    seen = get_object_or_404(Assessment.objects.visible_to(user).select_related(*related), pk=pk)
    if capability == "assessment.view_assessment":
        return seen
    if not user.has_capability(capability):
        raise PermissionDenied
    return get_object_or_404(
        Assessment.objects.visible_to(user, capability).select_related(*related), pk=seen.pk
    )


def require_capability(user, capability: str) -> None:
    if not user.has_capability(capability):
        raise PermissionDenied


def is_assigned_to(user, assessment: Assessment) -> bool:
    return any(
        assessor is not None and assessor.user_id == user.pk
        for assessor in (assessment.lead_assessor, assessment.second_assessor)
    )


def describe_reason(reason: dict[str, Any], assessment: Assessment) -> str:
    """One sentence per rule that decided the level (GB/T 42195-2022 C.4, shown on the report)."""
    if reason.get("text"):
        return str(reason["text"])
    return reason_text(reason, assessment.scale.definition)


def level_name(assessment: Assessment, level: int | None) -> str:
    for band in assessment.scale.definition.get("levels", []):
        if band.get("level") == level:
            return str(band.get("name", ""))
    return ""
