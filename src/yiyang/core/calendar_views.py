"""Pages of the statutory calendar: the years entered, one year as twelve months and a list,
and the forms a city administrator uses to enter next year from the State Council notice.

The calendar is national and personal-free: every signed-in user may look at it (a clerk checks
a deadline against it); only holders of `core.manage_calendar` (the city) see the forms and may
post them, and the services check that again.
"""

from __future__ import annotations

import calendar as month_grid
from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yiyang.core import calendar_services as services
from yiyang.core.errors import DomainError
from yiyang.core.forms import DateInput, show_domain_error
from yiyang.core.models import CalendarYear, SpecialDay, SpecialDayKind

DATE_INPUT = DateInput(attrs={"class": "form-control"})


class YearForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Year"), widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    source_document = forms.CharField(
        label=gettext_lazy("State Council notice"),
        max_length=200,
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": "国办发明电〔2026〕…号"}
        ),
    )
    notice_date = forms.DateField(
        label=gettext_lazy("Date of the notice"), required=False, widget=DATE_INPUT
    )


class DaysForm(forms.Form):
    first = forms.DateField(label=gettext_lazy("First day"), widget=DATE_INPUT)
    last = forms.DateField(
        label=gettext_lazy("Last day"),
        required=False,
        widget=DATE_INPUT,
        help_text=gettext_lazy("Leave empty for a single day."),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=SpecialDayKind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    name = forms.CharField(
        label=gettext_lazy("Holiday name"),
        max_length=60,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "春节"}),
    )


def _require_manager(user) -> None:
    if not user.has_capability(services.MANAGE):
        raise PermissionDenied


def _months(year: int, days: dict[date, SpecialDay]) -> list[dict]:
    """Twelve month grids (weeks from Monday) with each day's kind, for the year page."""
    grid = month_grid.Calendar(firstweekday=0)
    months = []
    for month in range(1, 13):
        weeks = []
        for week in grid.monthdatescalendar(year, month):
            cells = []
            for day in week:
                special = days.get(day)
                if day.month != month:
                    kind = "outside"
                elif special is not None:
                    kind = special.kind
                else:
                    kind = "weekend" if day.weekday() >= 5 else "working"
                cells.append({"day": day, "kind": kind, "special": special})
            weeks.append(cells)
        months.append({"number": month, "weeks": weeks})
    return months


@login_required
def year_list(request):
    if request.method == "POST":
        _require_manager(request.user)
    form = YearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_year(**form.cleaned_data, actor=request.user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(
                request,
                _("{year} is open as a draft: enter its days, then publish it.").format(
                    year=created.year
                ),
            )
            return redirect("core:calendar_year", year=created.year)
    years = CalendarYear.objects.annotate(
        holidays=Count("special_days", filter=Q(special_days__kind=SpecialDayKind.HOLIDAY)),
        workdays=Count("special_days", filter=Q(special_days__kind=SpecialDayKind.WORKDAY)),
    ).order_by("-year")
    status = 422 if request.method == "POST" else 200
    return render(request, "core/calendar/list.html", {"years": years, "form": form}, status=status)


def _year_page(request, calendar_year: CalendarYear, form: DaysForm, status: int = 200):
    days = list(calendar_year.special_days.order_by("day"))
    context = {
        "calendar_year": calendar_year,
        "days": days,
        "months": _months(calendar_year.year, {day.day: day for day in days}),
        "form": form,
        "can_manage": request.user.has_capability(services.MANAGE),
        "holiday_count": sum(day.kind == SpecialDayKind.HOLIDAY for day in days),
        "workday_count": sum(day.kind == SpecialDayKind.WORKDAY for day in days),
    }
    return render(request, "core/calendar/year.html", context, status=status)


@login_required
def year_detail(request, year: int):
    if request.method == "POST":
        _require_manager(request.user)
    calendar_year = get_object_or_404(
        CalendarYear.objects.select_related("published_by"), year=year
    )
    form = DaysForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.add_days(calendar_year, **form.cleaned_data, actor=request.user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("{count} days were added.").format(count=len(added)))
            return redirect("core:calendar_year", year=year)
    return _year_page(request, calendar_year, form, 422 if request.method == "POST" else 200)


@login_required
@require_POST
def day_remove(request, pk: int):
    _require_manager(request.user)
    special_day = get_object_or_404(SpecialDay.objects.select_related("calendar_year"), pk=pk)
    try:
        services.remove_day(special_day, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("{day} was removed.").format(day=special_day.day.isoformat()))
    return redirect("core:calendar_year", year=special_day.calendar_year_id)


@login_required
@require_POST
def year_publish(request, year: int):
    _require_manager(request.user)
    calendar_year = get_object_or_404(CalendarYear, year=year)
    try:
        services.publish_year(calendar_year, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("{year} is published: deadlines are now counted through it.").format(year=year),
        )
    return redirect("core:calendar_year", year=year)


urlpatterns = [
    path("calendar/", year_list, name="calendar_years"),
    path("calendar/<int:year>/", year_detail, name="calendar_year"),
    path("calendar/<int:year>/publish/", year_publish, name="calendar_publish"),
    path("calendar/days/<int:pk>/remove/", day_remove, name="calendar_day_remove"),
]
