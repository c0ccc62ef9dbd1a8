"""Objections (异议) to a published result: raised in the publicity period, then decided.

Upheld, the result is set aside and a re-assessment by two other assessors is requested;
dismissed, the result goes back to its publicity and becomes final when that is over.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.assessment.choices import (
    AssessmentEventType,
    AssessmentReason,
    AssessmentStatus,
    ObjectionStatus,
    RequestSource,
)
from yiyang.assessment.errors import AssessmentError, ErrorCode
from yiyang.assessment.models import Assessment, Objection
from yiyang.assessment.services.steps import (
    create_request,
    expect_status,
    lock,
    record_step,
    region_of,
    transition,
)
from yiyang.core import audit
from yiyang.core.scoping import require
from yiyang.registry.services import add_timeline_entry


def raise_objection(
    assessment: Assessment, *, raised_by_name: str, reason: str, actor
) -> Objection:
    """Record an objection to a publicised result; after the publicity period it is refused."""
    require(actor, "assessment.record_objection", region_of(assessment))
    raised_by_name = (raised_by_name or "").strip()
    reason = (reason or "").strip()
    if not raised_by_name:
        raise AssessmentError(
            ErrorCode.REQUIRED, _("Enter who raises the objection."), field="raised_by_name"
        )
    if not reason:
        raise AssessmentError(
            ErrorCode.REQUIRED, _("Enter the reason for the objection."), field="reason"
        )
    today = timezone.localdate()
    with transaction.atomic():
        current = lock(assessment)
        over = current.status in (AssessmentStatus.FINAL, AssessmentStatus.SUPERSEDED) or (
            current.status == AssessmentStatus.PUBLICISED
            and current.publicity_ends_on is not None
            and today > current.publicity_ends_on
        )
        if over:
            raise AssessmentError(
                ErrorCode.PUBLICITY_OVER,
                _("The publicity period ended on {date}; objections are no longer taken.").format(
                    date=current.publicity_ends_on.isoformat() if current.publicity_ends_on else "—"
                ),
                field=None,
            )
        expect_status(current, AssessmentStatus.PUBLICISED)
        objection = Objection.objects.create(
            assessment=current,
            raised_by_name=raised_by_name[:50],
            reason=reason[:1000],
            recorded_by=actor,
        )
        audit.record_change(
            objection,
            actor=actor,
            action="create",
            fields=["assessment", "raised_by_name", "reason", "status"],
            region_code=region_of(current),
        )
        transition(
            current,
            allowed=(AssessmentStatus.PUBLICISED,),
            new_status=AssessmentStatus.OBJECTED,
            event=AssessmentEventType.OBJECTED,
            actor=actor,
            note=_("{name}: {reason}").format(name=raised_by_name, reason=reason)[:500],
        )
        add_timeline_entry(
            current.elder,
            kind="assessment.objection",
            actor=actor,
            data={"assessment": current.pk, "raised_by": raised_by_name[:50]},
        )
    return objection


def decide_objection(objection: Objection, *, uphold: bool, note: str = "", actor) -> Objection:
    """Uphold (re-assessment by other assessors) or dismiss (back to publicity) an objection."""
    assessment = objection.assessment
    require(actor, "assessment.decide_objection", region_of(assessment))
    note = (note or "").strip()
    with transaction.atomic():
        current = Objection.objects.select_for_update().get(pk=objection.pk)
        if current.status != ObjectionStatus.OPEN:
            raise AssessmentError(
                ErrorCode.WRONG_STATUS,
                _("This objection is already decided ({status}).").format(
                    status=current.get_status_display()
                ),
                field="status",
            )
        original = lock(assessment)
        expect_status(original, AssessmentStatus.OBJECTED)
        before = audit.snapshot(current, ["status", "decision_note", "reassessment"])
        current.status = ObjectionStatus.UPHELD if uphold else ObjectionStatus.DISMISSED
        current.decided_by = actor
        current.decided_at = timezone.now()
        current.decision_note = note[:500]
        if uphold:
            current.reassessment = create_request(
                original.elder,
                reason=AssessmentReason.OBJECTION,
                source=RequestSource.ELDER_OR_FAMILY,
                scale=original.scale,
                note=_("Re-assessment after the objection of {name}.").format(
                    name=current.raised_by_name
                ),
                actor=actor,
                supersedes=original,
            )
            # The result stays set aside ("objected") until the re-assessment is final.
            record_step(
                original,
                event=AssessmentEventType.OBJECTED,
                actor=actor,
                old_status=original.status,
                before=audit.snapshot(original, ["status"]),
                note=note or _("Objection upheld; re-assessment ordered."),
            )
        else:
            transition(
                original,
                allowed=(AssessmentStatus.OBJECTED,),
                new_status=AssessmentStatus.PUBLICISED,
                event=AssessmentEventType.OBJECTION_DISMISSED,
                actor=actor,
                note=note,
            )
        current.save(
            update_fields=["status", "decided_by", "decided_at", "decision_note", "reassessment"]
        )
        audit.record_change(
            current,
            actor=actor,
            action="update",
            before=before,
            reason=note,
            region_code=region_of(original),
        )
    return current
