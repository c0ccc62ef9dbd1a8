"""Core API: who am I, the regions I may pick from, and working days on the statutory calendar."""

from datetime import date, datetime

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from yiyang.core import calendar
from yiyang.core.models import CalendarYear, Region

router = Router(tags=["core"])


class MeOut(Schema):
    username: str
    display_name: str
    role: str
    region_code: str | None


class RegionOut(Schema):
    code: str
    name: str
    level: int
    parent_code: str | None


@router.get("/me", response=MeOut)
def me(request):
    user = request.user
    return MeOut(
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        region_code=user.region_id,
    )


@router.get("/regions/", response=list[RegionOut])
def list_regions(request, level: int | None = None, parent: str | None = None):
    """The regions the caller may use: their home region and everything below it."""
    queryset = Region.objects.visible_to(request.user)
    if level is not None:
        queryset = queryset.filter(level=level)
    if parent:
        queryset = queryset.filter(parent_id=parent)
    return [
        RegionOut(code=r.code, name=r.name, level=r.level, parent_code=r.parent_id)
        for r in queryset
    ]


# --- statutory calendar -----------------------------------------------------------------------


class WorkingDayOut(Schema):
    date: date


class SpecialDayOut(Schema):
    date: date
    kind: str
    name: str


class CalendarYearOut(Schema):
    year: int
    status: str
    source_document: str
    notice_date: date | None
    published_at: datetime | None


class CalendarYearDetailOut(CalendarYearOut):
    days: list[SpecialDayOut]


def _year_out(row: CalendarYear) -> dict:
    return {
        "year": row.year,
        "status": row.status,
        "source_document": row.source_document,
        "notice_date": row.notice_date,
        "published_at": row.published_at,
    }


@router.get("/calendar/add-working-days", response=WorkingDayOut)
def add_working_days(request, start: date, days: int = Query(..., ge=0, le=calendar.MAX_DAYS)):
    """The `days`-th working day after `start` (the start day not counted); a day in a year
    whose calendar is not published answers 422 `calendar_unknown`."""
    try:
        return {"date": calendar.add_working_days(start, days)}
    except calendar.CalendarUnknown as error:
        # The start's own year unknown is the start's fault; a later year, the span's.
        field = "start" if error.year == start.year else "days"
        raise calendar.unknown_year_error(error, field=field) from None


@router.get("/calendar/years/", response=list[CalendarYearOut])
def list_calendar_years(request):
    """Every year entered, drafts included; only published years count."""
    return [_year_out(row) for row in CalendarYear.objects.order_by("-year")]


@router.get("/calendar/years/{year}", response=CalendarYearDetailOut)
def get_calendar_year(request, year: int):
    row = get_object_or_404(CalendarYear, year=year)
    days = [
        {"date": day.day, "kind": day.kind, "name": day.name}
        for day in row.special_days.order_by("day")
    ]
    return {**_year_out(row), "days": days}
