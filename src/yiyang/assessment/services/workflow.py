"""The assessment workflow: request → assign → start → … → review, and cancel (seed 000 §(一)1).

Every step checks the permission, then the status, and writes in one transaction the change,
an `AssessmentEvent` (old and new status) and the audit record. Answers and submission are in
`answers.py`, objections in `objections.py`, the daily jobs in `due.py`.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.assessment.choices import (
    AssessmentEventType,
    AssessmentReason,
    AssessmentStatus,
    RequestSource,
)
from yiyang.assessment.errors import AssessmentError, ErrorCode
from yiyang.assessment.models import (
    Assessment,
    AssessmentAgency,
    AssessmentEvent,
    AssessmentPolicy,
    Assessor,
    Scale,
)
from yiyang.core import audit
from yiyang.core.calendar import CalendarUnknown, add_working_days
from yiyang.core.errors import PermissionDeniedError
from yiyang.core.scoping import region_prefix, require
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


# --- helpers shared by the workflow modules ------------------------------------------------


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


# --- the steps -------------------------------------------------------------------------------


def request_assessment(
    elder: Elder,
    *,
    reason: str = AssessmentReason.FIRST,
    source: str,
    scale: Scale | None = None,
    note: str = "",
    actor,
) -> Assessment:
    """Ask for an assessment of an elder (by the elder or family, community or institution).

    The published GB/T 42195-2022 is the default scale; one open assessment per elder.
    """
    require(actor, "assessment.request_assessment", elder.residence_region_id)
    with transaction.atomic():
        return create_request(
            elder, reason=reason, source=source, scale=scale, note=note, actor=actor
        )


def assign_assessment(
    assessment: Assessment, *, agency: AssessmentAgency, lead: Assessor, second: Assessor, actor
) -> Assessment:
    """Give the case to an agency serving the elder's region and two different qualified
    assessors of it; a re-assessment after an objection goes to two others."""
    require(actor, "assessment.assign_assessment", region_of(assessment))
    with transaction.atomic():
        current = lock(assessment)
        expect_status(current, AssessmentStatus.REQUESTED, AssessmentStatus.ASSIGNED)
        _check_team(current, agency=agency, lead=lead, second=second)
        return transition(
            current,
            allowed=(AssessmentStatus.REQUESTED, AssessmentStatus.ASSIGNED),
            new_status=AssessmentStatus.ASSIGNED,
            event=AssessmentEventType.ASSIGNED,
            actor=actor,
            note=_("{agency}: {lead}, {second}").format(
                agency=agency.name, lead=lead.name, second=second.name
            ),
            changes={"agency": agency, "lead_assessor": lead, "second_assessor": second},
        )


def _check_team(
    assessment: Assessment, *, agency: AssessmentAgency, lead: Assessor, second: Assessor
) -> None:
    if lead.pk == second.pk:
        raise AssessmentError(
            ErrorCode.ASSESSORS_SAME,
            _("An assessment needs two different assessors."),
            field="second",
        )
    if not AssessmentAgency.objects.serving(region_of(assessment)).filter(pk=agency.pk).exists():
        raise AssessmentError(
            ErrorCode.AGENCY_NOT_SERVING,
            _("{agency} does not serve the elder's region.").format(agency=agency.name),
            field="agency",
        )
    for field, assessor in (("lead", lead), ("second", second)):
        if assessor.agency_id != agency.pk:
            raise AssessmentError(
                ErrorCode.ASSESSORS_NOT_OF_AGENCY,
                _("{name} does not work for {agency}.").format(
                    name=assessor.name, agency=agency.name
                ),
                field=field,
            )
        if not assessor.is_qualified():
            raise AssessmentError(
                ErrorCode.ASSESSOR_UNQUALIFIED,
                _("{name} holds no valid assessor certificate and cannot sign.").format(
                    name=assessor.name
                ),
                field=field,
            )
    original = assessment.supersedes
    if assessment.reason == AssessmentReason.OBJECTION and original is not None:
        earlier = {original.lead_assessor_id, original.second_assessor_id}
        for field, assessor in (("lead", lead), ("second", second)):
            if assessor.pk in earlier:
                raise AssessmentError(
                    ErrorCode.REASSESSMENT_SAME_ASSESSORS,
                    _(
                        "{name} assessed the result objected to; a re-assessment needs other assessors."
                    ).format(name=assessor.name),
                    field=field,
                )


def start_assessment(assessment: Assessment, *, actor) -> Assessment:
    """Open the on-site form: one of the two assigned assessors starts the assessment."""
    require_assigned(actor, assessment)
    with transaction.atomic():
        return transition(
            assessment,
            allowed=(AssessmentStatus.ASSIGNED,),
            new_status=AssessmentStatus.IN_PROGRESS,
            event=AssessmentEventType.STARTED,
            actor=actor,
            changes={"assessed_on": timezone.localdate()},
        )


def review_assessment(
    assessment: Assessment, *, approve: bool, note: str = "", actor
) -> Assessment:
    """Approve a submitted result for publicity (公示), or return it to the assessors.

    The publicity period ends `publicity_working_days` working days after today on the
    statutory calendar (domain-rules.md §5.8).
    """
    require(actor, "assessment.review_assessment", region_of(assessment))
    note = (note or "").strip()
    with transaction.atomic():
        if not approve:
            if not note:
                raise AssessmentError(
                    ErrorCode.REQUIRED,
                    _("Say what the assessors must correct."),
                    field="note",
                )
            return transition(
                assessment,
                allowed=(AssessmentStatus.SUBMITTED,),
                new_status=AssessmentStatus.IN_PROGRESS,
                event=AssessmentEventType.RETURNED,
                actor=actor,
                note=note,
                changes={"review_note": note[:500]},
            )
        today = timezone.localdate()
        policy = AssessmentPolicy.objects.in_force(today)
        expect_status(lock(assessment), AssessmentStatus.SUBMITTED)
        try:
            ends_on = add_working_days(today, policy.publicity_working_days)
        except CalendarUnknown as error:
            raise AssessmentError(
                ErrorCode.CALENDAR_UNKNOWN,
                _(
                    "The statutory holiday calendar for {year} is not known yet, so the publicity period cannot be set; update the chinesecalendar package."
                ).format(year=error.day.year),
                field=None,
            ) from None
        now = timezone.now()
        published = transition(
            assessment,
            allowed=(AssessmentStatus.SUBMITTED,),
            new_status=AssessmentStatus.PUBLICISED,
            event=AssessmentEventType.PUBLISHED,
            actor=actor,
            note=note,
            changes={
                "reviewed_by": actor,
                "reviewed_at": now,
                "review_note": note[:500],
                "published_at": now,
                "publicity_ends_on": ends_on,
            },
        )
        add_timeline_entry(
            published.elder,
            kind="assessment.published",
            actor=actor,
            data={
                "assessment": published.pk,
                "level": published.level,
                "level_name": level_name_of(published),
                "publicity_ends_on": ends_on.isoformat(),
            },
        )
        return published


def cancel_assessment(assessment: Assessment, *, note: str, actor) -> Assessment:
    """Cancel an assessment not yet submitted; a requester may cancel only an unassigned one."""
    region = region_of(assessment)
    prefix = region_prefix(actor, "assessment.assign_assessment")
    if prefix is None or not region.startswith(prefix):
        require(actor, "assessment.request_assessment", region)
        allowed: tuple[str, ...] = (AssessmentStatus.REQUESTED,)
    else:
        allowed = (
            AssessmentStatus.REQUESTED,
            AssessmentStatus.ASSIGNED,
            AssessmentStatus.IN_PROGRESS,
        )
    note = (note or "").strip()
    if not note:
        raise AssessmentError(
            ErrorCode.REQUIRED, _("Say why the assessment is cancelled."), field="note"
        )
    with transaction.atomic():
        return transition(
            assessment,
            allowed=allowed,
            new_status=AssessmentStatus.CANCELLED,
            event=AssessmentEventType.CANCELLED,
            actor=actor,
            note=note,
        )
