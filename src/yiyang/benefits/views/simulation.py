"""Benefit pages: simulate a draft version before publishing it, and the live count of an edit.

Both are read only and need benefits.manage_programs (the city administrator, who drafts the
versions); the elders counted and listed are those the user may see (`Elder.visible_to`).

The version form calls the live count with HTMX, posting its rules JSON as `rules` (and
optionally `month`, YYYY-MM; default this month) and swapping in the fragment:
`hx-post="{% url 'benefits:live_count' program.pk %}" hx-include="[name=rules]"
hx-trigger="change delay:500ms" hx-target="#live-count" hx-swap="outerHTML"`.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from yiyang.benefits.choices import Reason
from yiyang.benefits.errors import BenefitsError
from yiyang.benefits.models import Program, ProgramVersion
from yiyang.benefits.simulation import (
    NO_CATEGORY,
    count_qualifying,
    next_month,
    parse_month,
    simulate_version,
)
from yiyang.core.errors import DomainError
from yiyang.core.scoping import can_reach
from yiyang.registry.choices import Category

MANAGE = "benefits.manage_programs"
PAGE_SIZE = 50


def yuan(fen: int) -> str:
    """Fen as yuan with two decimals and thousands separators (sign kept)."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d}"


def figure(program) -> Callable[[int], str]:
    """How the programme's amounts read: yuan, or minutes for a service-time programme."""
    if program.is_time:
        return lambda minutes: _("{minutes} min").format(minutes=f"{minutes:,}")
    return yuan


def _tally_row(label: str, tally, text: Callable[[int], str] = yuan) -> dict:
    return {
        "label": label,
        "tally": tally,
        "before": text(tally.before_fen),
        "after": text(tally.after_fen),
        "difference": text(tally.difference_fen),
        "before_year": text(tally.before_year_fen),
        "after_year": text(tally.after_year_fen),
        "difference_year": text(tally.difference_year_fen),
    }


@login_required
@require_GET
def simulation(request, pk: int):
    """Compare a draft version with the version in force for a month (default: its first
    month, or next month if that has passed)."""
    user = request.user
    if not user.has_capability(MANAGE):
        raise PermissionDenied
    programs = Program.objects.visible_to(user, capability=MANAGE)
    version = get_object_or_404(
        ProgramVersion.objects.select_related("program").filter(program__in=programs), pk=pk
    )
    if not can_reach(user, version.program.funding_region_id, MANAGE):
        raise PermissionDenied
    today = timezone.localdate()
    default = max(version.effective_from, next_month(today))
    month = parse_month(request.GET.get("month"), default)
    context: dict = {"version": version, "program": version.program, "month": month}
    try:
        result = simulate_version(version, month=month, user=user)
    except DomainError as error:
        context["error"] = error
        return render(request, "benefits/simulation/simulation.html", context, status=200)
    categories: dict[str, str] = {code: str(label) for code, label in Category.choices}
    categories[NO_CATEGORY] = _("No category")
    reasons = dict(Reason.choices)
    page = Paginator(result.differences, PAGE_SIZE).get_page(request.GET.get("page"))
    text = figure(version.program)
    people = [
        {
            "difference": difference,
            "old": text(difference.old_fen),
            "new": text(difference.new_fen),
            "reason": reasons.get(difference.reason, difference.reason),
            "old_reason": reasons.get(difference.old_reason, difference.old_reason),
        }
        for difference in page.object_list
    ]
    context.update(
        {
            "result": result,
            "total": _tally_row(str(_("All")), result.total, text),
            "districts": [_tally_row(name, tally, text) for _code, name, tally in result.districts],
            "categories": [
                _tally_row(categories.get(code, code), tally, text)
                for code, tally in result.categories
            ],
            "page": page,
            "people": people,
        }
    )
    return render(request, "benefits/simulation/simulation.html", context)


@login_required
@require_POST
def live_count(request, pk: int):
    """HTMX fragment: how many elders the posted rules (JSON in `rules`) would pay this month."""
    user = request.user
    if not user.has_capability(MANAGE):
        raise PermissionDenied
    program = get_object_or_404(Program.objects.visible_to(user, capability=MANAGE), pk=pk)
    if not can_reach(user, program.funding_region_id, MANAGE):
        raise PermissionDenied
    month = parse_month(request.POST.get("month"), timezone.localdate())
    context: dict = {"program": program, "month": month}
    try:
        rules = json.loads(request.POST.get("rules") or "")
        if not isinstance(rules, dict):
            raise ValueError
    except ValueError:
        context["error"] = _("The rules are not valid JSON.")
        context["field"] = "rules"
        return render(request, "benefits/simulation/partials/live_count.html", context)
    try:
        count = count_qualifying(program, rules, month=month, user=user)
    except BenefitsError as error:
        context["error"] = error.message
        context["field"] = error.field
    else:
        context["count"] = count
        context["amount"] = figure(program)(count.amount_fen)
    return render(request, "benefits/simulation/partials/live_count.html", context)


urlpatterns: list[URLPattern] = [
    path("versions/<int:pk>/simulate/", simulation, name="simulation"),
    path("programs/<int:pk>/live-count/", live_count, name="live_count"),
]
