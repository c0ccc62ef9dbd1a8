"""Spot recheck pages (抽查复评, seed 001 item 7): the rounds, drawing one, a round's cases and
agreement report, and assigning each case's recheck to a different team.

Reading a round needs `assessment.view_assessment` in its region (the round's QuerySet);
drawing and assigning need `assessment.run_rechecks` there (city and district staff).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from yiyang.assessment.models import RecheckCase, RecheckRound
from yiyang.assessment.recheck_report import COMPLETED_STATUSES, recheck_report
from yiyang.assessment.services import rechecks as services
from yiyang.assessment.views.recheck_forms import AssignRecheckForm, DrawForm
from yiyang.core.errors import DomainError
from yiyang.core.forms import show_domain_error
from yiyang.core.scoping import can_reach

RUN = "assessment.run_rechecks"
VIEW = "assessment.view_assessment"


def _round(user, pk: int) -> RecheckRound:
    queryset = RecheckRound.objects.visible_to(user).select_related("region", "drawn_by")
    return get_object_or_404(queryset, pk=pk)


def _case(user, pk: int) -> RecheckCase:
    """A case of a round the user may see (404 otherwise); 403 without run_rechecks there."""
    rounds = RecheckRound.objects.visible_to(user)
    queryset = RecheckCase.objects.filter(round__in=rounds).select_related(
        "round",
        "original__elder",
        "original__elder__residence_region",
        "original__lead_assessor",
        "original__second_assessor",
        "original__agency",
        "recheck",
    )
    case = get_object_or_404(queryset, pk=pk)
    if not can_reach(user, case.round.region_id, RUN):
        raise PermissionDenied
    return case


@login_required
def recheck_list(request):
    """The rounds of the user's region, newest first, with how far each has come."""
    if not request.user.has_capability(VIEW):
        raise PermissionDenied
    rounds = (
        RecheckRound.objects.visible_to(request.user)
        .select_related("region", "drawn_by")
        .annotate(
            drawn=Count("cases", distinct=True),
            completed=Count(
                "cases", filter=Q(cases__recheck__status__in=COMPLETED_STATUSES), distinct=True
            ),
        )
        .order_by("-year", "-quarter", "region_id")
    )
    context = {"rounds": rounds, "may_draw": request.user.has_capability(RUN)}
    return render(request, "assessment/rechecks/recheck_list.html", context)


@login_required
def recheck_draw(request):
    if not request.user.has_capability(RUN):
        raise PermissionDenied
    form = DrawForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            recheck_round = services.draw_recheck_round(**form.cleaned_data, actor=request.user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(
                request,
                _("{count} of {population} final assessments drawn (seed {seed}).").format(
                    count=recheck_round.cases.count(),
                    population=recheck_round.population_size,
                    seed=recheck_round.seed,
                ),
            )
            return redirect("assessment:recheck_detail", pk=recheck_round.pk)
    return render(request, "assessment/rechecks/recheck_draw.html", {"form": form})


@login_required
def recheck_detail(request, pk: int):
    """A round: how it was drawn, each case and its assignment, and the agreement report."""
    recheck_round = _round(request.user, pk)
    report = recheck_report(recheck_round)
    context = {
        "round": recheck_round,
        "report": report,
        "may_assign": can_reach(request.user, recheck_round.region_id, RUN),
    }
    return render(request, "assessment/rechecks/recheck_detail.html", context)


@login_required
def recheck_assign(request, pk: int):
    case = _case(request.user, pk)
    form = AssignRecheckForm(request.POST or None, user=request.user, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.assign_recheck(case, **form.cleaned_data, actor=request.user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The recheck was assigned."))
            return redirect("assessment:recheck_detail", pk=case.round_id)
    context = {"form": form, "case": case, "round": case.round}
    return render(request, "assessment/rechecks/recheck_assign.html", context)


urlpatterns = [
    path("rechecks/", recheck_list, name="recheck_list"),
    path("rechecks/draw/", recheck_draw, name="recheck_draw"),
    path("rechecks/<int:pk>/", recheck_detail, name="recheck_detail"),
    path("rechecks/cases/<int:pk>/assign/", recheck_assign, name="recheck_assign"),
]
