"""Writes of the statutory calendar: a city administrator enters a year from the State Council
notice as a draft, adds its holidays and adjusted working days, and publishes it.

Published years are what deadlines are counted on, so they are not edited here: a draft can be
corrected freely until it is published, and only then does it count.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.core.calendar import CalendarError, CalendarErrorCode
from yiyang.core.models import CalendarYear, CalendarYearStatus, SpecialDay, SpecialDayKind
from yiyang.core.scoping import require

MANAGE = "core.manage_calendar"
FIRST_YEAR, LAST_YEAR = 2000, 2100
# A range longer than this is a typing mistake: the longest holiday (Spring Festival) is 9 days.
MAX_RANGE_DAYS = 31


def _lock_draft(calendar_year: CalendarYear) -> CalendarYear:
    locked = CalendarYear.objects.select_for_update().get(pk=calendar_year.pk)
    if locked.status != CalendarYearStatus.DRAFT:
        raise CalendarError(
            CalendarErrorCode.YEAR_PUBLISHED,
            _("{year} is published and can no longer be changed.").format(year=locked.year),
            field=None,
        )
    return locked


def create_year(
    *, year: int, source_document: str, notice_date: date | None, actor
) -> CalendarYear:
    """Open a draft year; nothing counts on it until it is published."""
    require(actor, MANAGE)
    source_document = (source_document or "").strip()
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CalendarError(
            CalendarErrorCode.INVALID,
            _("The year must lie between {first} and {last}.").format(
                first=FIRST_YEAR, last=LAST_YEAR
            ),
            field="year",
        )
    if not source_document:
        raise CalendarError(
            CalendarErrorCode.REQUIRED,
            _("Name the State Council notice the days come from."),
            field="source_document",
        )
    with transaction.atomic():
        if CalendarYear.objects.filter(year=year).exists():
            raise CalendarError(
                CalendarErrorCode.YEAR_EXISTS,
                _("The calendar of {year} already exists.").format(year=year),
                field="year",
            )
        calendar_year = CalendarYear.objects.create(
            year=year, source_document=source_document[:200], notice_date=notice_date
        )
        audit.record_change(
            calendar_year,
            actor=actor,
            action="create",
            fields=["year", "status", "source_document", "notice_date"],
        )
    return calendar_year


def add_days(
    calendar_year: CalendarYear, *, first: date, last: date | None, kind: str, name: str, actor
) -> list[SpecialDay]:
    """Add the days `first`…`last` (one day when `last` is empty) as holidays or worked weekends.

    All or nothing: one day already entered, or outside the year, refuses the whole range.
    """
    require(actor, MANAGE)
    name = (name or "").strip()
    last = last or first
    if kind not in SpecialDayKind.values:
        raise CalendarError(CalendarErrorCode.INVALID, _("Choose a kind of day."), field="kind")
    if not name:
        raise CalendarError(
            CalendarErrorCode.REQUIRED,
            _("Name the holiday, e.g. 春节 or 国庆节."),
            field="name",
        )
    if last < first:
        raise CalendarError(
            CalendarErrorCode.INVALID,
            _("The last day must not come before the first."),
            field="last",
        )
    if (last - first).days >= MAX_RANGE_DAYS:
        raise CalendarError(
            CalendarErrorCode.INVALID,
            _("Enter at most {count} days at once.").format(count=MAX_RANGE_DAYS),
            field="last",
        )
    days = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    with transaction.atomic():
        locked = _lock_draft(calendar_year)
        for day in days:
            if day.year != locked.year:
                raise CalendarError(
                    CalendarErrorCode.DAY_OUTSIDE_YEAR,
                    _("{day} does not lie in {year}.").format(
                        day=day.isoformat(), year=locked.year
                    ),
                    field="first" if day == first else "last",
                )
            # The State Council moves working days onto weekends only; a weekday entered as
            # "worked" would change nothing, so it is almost certainly a typing mistake.
            if kind == SpecialDayKind.WORKDAY and day.weekday() < 5:
                raise CalendarError(
                    CalendarErrorCode.NOT_A_WEEKEND,
                    _(
                        "{day} is a weekday: only a Saturday or Sunday can be an adjusted working day."
                    ).format(day=day.isoformat()),
                    field="first",
                )
        taken = SpecialDay.objects.filter(day__in=days).order_by("day").first()
        if taken is not None:
            raise CalendarError(
                CalendarErrorCode.DAY_EXISTS,
                _("{day} is already entered ({name}).").format(
                    day=taken.day.isoformat(), name=taken.name
                ),
                field="first",
            )
        created = SpecialDay.objects.bulk_create(
            SpecialDay(calendar_year=locked, day=day, kind=kind, name=name[:60]) for day in days
        )
        audit.record_change(
            locked,
            actor=actor,
            action="add_days",
            fields=[],
            reason=f"{kind} {name} {first.isoformat()}…{last.isoformat()}",
        )
    return created


def remove_day(special_day: SpecialDay, *, actor) -> None:
    """Take one mistyped day out of a draft year."""
    require(actor, MANAGE)
    with transaction.atomic():
        locked = _lock_draft(special_day.calendar_year)
        SpecialDay.objects.filter(pk=special_day.pk).delete()
        audit.record_change(
            locked,
            actor=actor,
            action="remove_day",
            fields=[],
            reason=f"{special_day.kind} {special_day.name} {special_day.day.isoformat()}",
        )


def publish_year(calendar_year: CalendarYear, *, actor) -> CalendarYear:
    """Make the year count: from now on deadlines run through it."""
    require(actor, MANAGE)
    with transaction.atomic():
        locked = _lock_draft(calendar_year)
        if not locked.special_days.filter(kind=SpecialDayKind.HOLIDAY).exists():
            raise CalendarError(
                CalendarErrorCode.NO_HOLIDAYS,
                _("Enter the year's public holidays before publishing it."),
                field=None,
            )
        before = audit.snapshot(locked, ["status", "published_at", "published_by"])
        locked.status = CalendarYearStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.published_by = actor
        locked.save(update_fields=["status", "published_at", "published_by"])
        audit.record_change(locked, actor=actor, action="publish", before=before)
    return locked
