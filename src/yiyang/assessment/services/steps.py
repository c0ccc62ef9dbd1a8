"""What every step of the assessment workflow shares: locking, the status check, the event and
audit rows, the assigned-assessor check, and creating a request (workflow, objections, due)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.assessment.choices import (
    AssessmentEventType,
    AssessmentReason,
    AssessmentStatus,
    RequestSource,
)
from yiyang.assessment.errors import AssessmentError, ErrorCode
from yiyang.assessment.models import Assessment, AssessmentEvent, Scale
from yiyang.core import audit
from yiyang.core.errors import PermissionDeniedError
from yiyang.core.scoping import require
from yiyang.registry.choices import ElderStatus
from yiyang.registry.models import Elder
from yiyang.registry.services import add_timeline_entry

DEFAULT_SCALE_CODE = "GB/T 42195-2022"

# One assessment of an elder at a time: a new request waits until these are done. Spot
# rechecks run beside the elder's own assessment and do not count.
OPEN_STATUSES = (
    AssessmentStatus.REQUESTED,
    AssessmentStatus.ASSIGNED,
    AssessmentStatus.IN_PROGRESS,
    AssessmentStatus.SUBMITTED,
    AssessmentStatus.PUBLICISED,
    AssessmentStatus.OBJECTED,
)
AUDITED_ON_CREATE = ["elder", "scale", "reason", "request_source", "status", "request_note"]


def region_of(assessment: Assessment) -> str:
    return assessment.elder.residence_region_id


def lock(assessment: Assessment) -> Assessment:
    """Re-read the assessment with its row locked, so two steps cannot cross."""
    return Assessment.objects.select_for_update().get(pk=assessment.pk)


def expect_status(assessment: Assessment, *allowed: str) -> None:
    """Refuse a step the current status does not allow, naming the status."""
    if assessment.status not in allowed:
        raise AssessmentError(
            ErrorCode.WRONG_STATUS,
            _("This assessment is “{status}”; this step is not possible now.").format(
                status=assessment.get_status_display()
            ),
            field="status",
        )


def record_step(
    assessment: Assessment,
    *,
    event: str,
    actor,
    old_status: str,
    before: dict[str, Any] | None,
    note: str = "",
) -> None:
    """Write the event row and the audit record of one step (inside the caller's transaction)."""
    AssessmentEvent.objects.create(
        assessment=assessment,
        event_type=event,
        actor=actor if getattr(actor, "pk", None) else None,
        old_status=old_status,
        new_status=assessment.status,
        note=note[:500],
    )
    audit.record_change(
        assessment,
        actor=actor,
        action="update" if before is not None else "create",
        before=before,
        fields=None if before is not None else AUDITED_ON_CREATE,
        reason=note or str(event),
        region_code=region_of(assessment),
    )


def transition(
    assessment: Assessment,
    *,
    allowed: tuple[str, ...],
    new_status: str,
    event: str,
    actor,
    note: str = "",
    changes: dict[str, Any] | None = None,
) -> Assessment:
    """Move a locked assessment to `new_status`, applying `changes`; the caller holds the
    transaction."""
    locked = lock(assessment)
    expect_status(locked, *allowed)
    changes = dict(changes or {})
    fields = ["status", *changes]
    before = audit.snapshot(locked, fields)
    old_status = locked.status
    locked.status = new_status
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.save(update_fields=fields)
    record_step(locked, event=event, actor=actor, old_status=old_status, before=before, note=note)
    return locked


def require_assigned(actor, assessment: Assessment) -> None:
    """Only the two assessors assigned to the case conduct it (GB/T 42195: two assessors)."""
    require(actor, "assessment.conduct_assessment")
    assessors = [assessment.lead_assessor, assessment.second_assessor]
    if not any(a is not None and a.user_id == actor.pk for a in assessors):
        raise PermissionDeniedError(
            "permission_denied",
            _("Only the two assessors assigned to this assessment may do this."),
            field=None,
        )


def level_name_of(assessment: Assessment) -> str:
    """The name the assessment's scale version gives its level (GB/T 42195 C.5)."""
    for band in assessment.scale.definition.get("levels", []):
        if band.get("level") == assessment.level:
            return str(band.get("name", ""))
    return ""


def default_scale() -> Scale:
    scale = Scale.objects.usable().filter(code=DEFAULT_SCALE_CODE).order_by("-version").first()
    if scale is None:
        raise AssessmentError(
            ErrorCode.SCALE_UNKNOWN,
            _("No published version of {scale} is available.").format(scale=DEFAULT_SCALE_CODE),
            field="scale",
        )
    return scale


def create_request(
    elder: Elder,
    *,
    reason: str,
    source: str,
    scale: Scale | None,
    note: str,
    actor,
    supersedes: Assessment | None = None,
) -> Assessment:
    """Create a requested assessment (the caller checked permission and holds the transaction).

    The elder's row is locked first, so two requests for the same elder cannot both pass the
    one-at-a-time check.
    """
    elder = Elder.objects.select_for_update().get(pk=elder.pk)
    if elder.status != ElderStatus.ACTIVE:
        raise AssessmentError(
            ErrorCode.ELDER_NOT_ACTIVE,
            _("{name} is “{status}” in the registry and cannot be assessed.").format(
                name=elder.name, status=elder.get_status_display()
            ),
            field="elder",
        )
    if reason not in AssessmentReason.values:
        raise AssessmentError(
            ErrorCode.REQUIRED, _("Choose the reason for the assessment."), field="reason"
        )
    if source not in RequestSource.values:
        raise AssessmentError(
            ErrorCode.REQUIRED, _("Choose who asked for the assessment."), field="source"
        )
    open_ones = Assessment.objects.filter(elder=elder, status__in=OPEN_STATUSES).exclude(
        reason=AssessmentReason.RECHECK
    )
    if supersedes is not None:
        open_ones = open_ones.exclude(pk=supersedes.pk)
    if open_ones.exists():
        raise AssessmentError(
            ErrorCode.ALREADY_OPEN,
            _("{name} already has an assessment under way; finish or cancel it first.").format(
                name=elder.name
            ),
            field="elder",
        )
    if scale is None:
        scale = default_scale()
    elif not Scale.objects.usable().filter(pk=scale.pk).exists():
        raise AssessmentError(
            ErrorCode.SCALE_UNVERIFIED,
            _("The scale {scale} is not published and verified.").format(scale=scale),
            field="scale",
        )
    assessment = Assessment.objects.create(
        elder=elder,
        scale=scale,
        reason=reason,
        request_source=source,
        requested_by=actor if getattr(actor, "pk", None) else None,
        requested_at=timezone.now(),
        request_note=(note or "")[:500],
        supersedes=supersedes,
    )
    record_step(
        assessment,
        event=AssessmentEventType.REQUESTED,
        actor=actor,
        old_status="",
        before=None,
        note=note or "",
    )
    add_timeline_entry(
        elder,
        kind="assessment.requested",
        actor=actor if getattr(actor, "pk", None) else None,
        data={"assessment": assessment.pk, "reason": reason, "source": source},
    )
    return assessment
