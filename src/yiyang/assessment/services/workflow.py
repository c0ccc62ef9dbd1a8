"""The assessment workflow: request → assign → start → … → review, and cancel (seed 000 §(一)1).

Every step checks the permission, then the status, and writes in one transaction the change,
an `AssessmentEvent` (old and new status) and the audit record (helpers in `steps.py`). Answers
and submission are in `answers.py`, objections in `objections.py`, the daily jobs in `due.py`.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.assessment.choices import AssessmentEventType, AssessmentReason, AssessmentStatus
from yiyang.assessment.errors import AssessmentError, ErrorCode
from yiyang.assessment.models import (
    Assessment,
    AssessmentAgency,
    AssessmentPolicy,
    Assessor,
    Scale,
)
from yiyang.assessment.services.steps import (
    create_request,
    expect_status,
    level_name_of,
    lock,
    record_step,  # re-exported: services/rechecks.py uses it from here
    region_of,
    require_assigned,
    transition,
)
from yiyang.core.calendar import CalendarUnknown, add_working_days
from yiyang.core.scoping import region_prefix, require
from yiyang.registry.models import Elder
from yiyang.registry.services import add_timeline_entry

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
                    "The statutory holiday calendar for {year} is not published yet, so the publicity period cannot be set; a city administrator must enter and publish {year} from the State Council notice."
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


__all__ = [
    "assign_assessment",
    "cancel_assessment",
    "record_step",
    "request_assessment",
    "review_assessment",
    "start_assessment",
]
