"""The two daily jobs: results whose publicity is over become final, and results about to
lapse get a routine re-assessment requested (the reminder). Both are idempotent."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

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
from yiyang.assessment.errors import AssessmentError
from yiyang.assessment.models import Assessment, AssessmentPolicy
from yiyang.assessment.services.steps import (
    OPEN_STATUSES,
    create_request,
    default_scale,
    level_name_of,
    lock,
    transition,
)
from yiyang.registry.choices import ElderStatus
from yiyang.registry.services import add_timeline_entry, record_ability_level


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def finalise_due_assessments(today: date | None = None) -> int:
    """Make final every result whose publicity ended before `today` without an open objection.

    The result is valid for `validity_months` from today; the elder's ability level follows
    it, and the result it re-assessed (and any older final one) is superseded.
    """
    today = today or timezone.localdate()
    due = (
        Assessment.objects.filter(status=AssessmentStatus.PUBLICISED, publicity_ends_on__lt=today)
        .exclude(objections__status=ObjectionStatus.OPEN)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    count = 0
    for pk in list(due):
        with transaction.atomic():
            current = lock(Assessment(pk=pk))
            if current.status != AssessmentStatus.PUBLICISED:
                continue  # another run got there first
            _finalise(current, today)
            count += 1
    return count


def _finalise(assessment: Assessment, today: date) -> None:
    policy = AssessmentPolicy.objects.in_force(today)
    valid_until = add_months(today, policy.validity_months)
    final = transition(
        assessment,
        allowed=(AssessmentStatus.PUBLICISED,),
        new_status=AssessmentStatus.FINAL,
        event=AssessmentEventType.FINALISED,
        actor=None,
        changes={"finalised_at": timezone.now(), "valid_until": valid_until},
    )
    elder = final.elder
    add_timeline_entry(
        elder,
        kind="assessment.final",
        data={
            "assessment": final.pk,
            "level": final.level,
            "level_name": level_name_of(final),
            "valid_until": valid_until.isoformat(),
        },
    )
    if final.reason == AssessmentReason.RECHECK:
        return  # a spot recheck measures the assessors; the elder's own result stands
    earlier = (
        Assessment.objects.filter(elder=elder)
        .exclude(pk=final.pk)
        .exclude(reason=AssessmentReason.RECHECK)
        .filter(status=AssessmentStatus.FINAL)
    )
    superseded = set(earlier.values_list("pk", flat=True))
    replaced = final.supersedes
    if replaced is not None and replaced.status in (
        AssessmentStatus.FINAL,
        AssessmentStatus.OBJECTED,
    ):
        superseded.add(replaced.pk)
    for pk in sorted(superseded):
        transition(
            Assessment(pk=pk),
            allowed=(AssessmentStatus.FINAL, AssessmentStatus.OBJECTED),
            new_status=AssessmentStatus.SUPERSEDED,
            event=AssessmentEventType.SUPERSEDED,
            actor=None,
            note=_("Replaced by assessment No. {number}.").format(number=final.pk),
        )
    record_ability_level(
        elder,
        level=final.level,
        valid_until=valid_until,
        source=_("Ability assessment No. {number}").format(number=final.pk),
    )


def request_due_reassessments(today: date | None = None) -> int:
    """Request a routine re-assessment for each final result lapsing within `reminder_days`.

    Never twice for the same result (any re-assessment of it counts), and not while the
    elder has another assessment under way.
    """
    today = today or timezone.localdate()
    policy = AssessmentPolicy.objects.in_force(today)
    horizon = today + timedelta(days=policy.reminder_days)
    lapsing = (
        Assessment.objects.final()
        .exclude(reason=AssessmentReason.RECHECK)
        .filter(valid_until__lte=horizon, elder__status=ElderStatus.ACTIVE)
        .exclude(reassessments__isnull=False)
        .select_related("elder", "scale")
        .order_by("pk")
    )
    count = 0
    for original in lapsing:
        assert original.valid_until is not None  # filtered on valid_until__lte
        busy = (
            Assessment.objects.filter(elder=original.elder, status__in=OPEN_STATUSES)
            .exclude(reason=AssessmentReason.RECHECK)
            .exists()
        )
        if busy:
            continue
        try:
            scale = default_scale()
        except AssessmentError:
            scale = original.scale
        try:
            with transaction.atomic():
                create_request(
                    original.elder,
                    reason=AssessmentReason.ROUTINE,
                    source=RequestSource.AUTOMATIC,
                    scale=scale,
                    note=_("The result of assessment No. {number} lapses on {date}.").format(
                        number=original.pk, date=original.valid_until.isoformat()
                    ),
                    actor=None,
                    supersedes=original,
                )
        except AssessmentError:
            continue  # a request made meanwhile by hand; the elder is taken care of
        count += 1
    return count
