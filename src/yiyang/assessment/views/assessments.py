"""Assessment pages: the list, one assessment, a request from an elder's profile, the report.

The district's steps (assign, review, objections, cancel) are in `assessment_actions.py`, the
assessor's phone pages in `assessment_conduct.py`; their URLs are joined here.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.assessment.choices import AssessmentStatus, ObjectionStatus
from yiyang.assessment.forms import AssessmentFilterForm, RequestForm
from yiyang.assessment.models import Assessment
from yiyang.assessment.services.workflow import request_assessment
from yiyang.assessment.views import assessment_actions, assessment_conduct
from yiyang.assessment.views.assessment_common import (
    STATUS_BADGES,
    assessment_for,
    describe_reason,
    is_assigned_to,
    level_name,
    require_capability,
)
from yiyang.core.errors import DomainError
from yiyang.core.forms import show_domain_error
from yiyang.registry.models import Elder

PAGE_SIZE = 25


@login_required
def assessment_list(request):
    """Assessments of the user's region (an assessor: those assigned to them), filtered."""
    require_capability(request.user, "assessment.view_assessment")
    form = AssessmentFilterForm(request.GET or None, user=request.user)
    queryset = Assessment.objects.visible_to(request.user).select_related(
        "elder", "elder__residence_region", "agency", "scale"
    )
    if request.GET:
        queryset = form.apply(queryset)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    return render(
        request,
        "assessment/assessments/list.html",
        {"form": form, "page": page, "badges": STATUS_BADGES, "filter_query": query},
    )


def _actions(user, assessment: Assessment, today) -> dict[str, bool]:
    """Which steps the page offers this user now (the services check again)."""
    status = assessment.status
    mine = is_assigned_to(user, assessment)
    in_publicity = status == AssessmentStatus.PUBLICISED and (
        assessment.publicity_ends_on is None or today <= assessment.publicity_ends_on
    )
    return {
        "assign": user.has_capability("assessment.assign_assessment")
        and status in (AssessmentStatus.REQUESTED, AssessmentStatus.ASSIGNED),
        "start": mine and status == AssessmentStatus.ASSIGNED,
        "conduct": mine and status == AssessmentStatus.IN_PROGRESS,
        "review": user.has_capability("assessment.review_assessment")
        and status == AssessmentStatus.SUBMITTED,
        "object": user.has_capability("assessment.record_objection") and in_publicity,
        "decide": user.has_capability("assessment.decide_objection"),
        "cancel": (
            user.has_capability("assessment.assign_assessment")
            and status
            in (AssessmentStatus.REQUESTED, AssessmentStatus.ASSIGNED, AssessmentStatus.IN_PROGRESS)
        )
        or (
            user.has_capability("assessment.request_assessment")
            and status == AssessmentStatus.REQUESTED
        ),
        "report": assessment.total is not None or assessment.level is not None,
    }


@login_required
def assessment_detail(request, pk: int):
    """One assessment: the result, its steps, its objections, and the steps the user may take."""
    assessment = assessment_for(request.user, pk)
    today = timezone.localdate()
    context = {
        "assessment": assessment,
        "badge": STATUS_BADGES.get(assessment.status, ""),
        "events": assessment.events.select_related("actor").order_by("occurred_at", "pk"),
        "objections": assessment.objections.select_related("recorded_by", "decided_by"),
        "open_objection": ObjectionStatus.OPEN,
        "reasons": [describe_reason(reason, assessment) for reason in assessment.level_reasons],
        "level_name": level_name(assessment, assessment.level),
        "initial_level_name": level_name(assessment, assessment.initial_level),
        "dimensions": _dimensions(assessment),
        "actions": _actions(request.user, assessment, today),
        "may_see_elder": request.user.has_capability("registry.view_elder"),
    }
    return render(request, "assessment/assessments/detail.html", context)


def _dimensions(assessment: Assessment) -> list[tuple[str, str, int | None, int]]:
    """(code, name, score, maximum) of each first-level indicator (GB/T 42195 B.1–B.4)."""
    return [
        (
            dimension["code"],
            dimension["name"],
            assessment.dimension_scores.get(dimension["code"]),
            dimension.get("max")
            or sum(max(o["score"] for o in item["options"]) for item in dimension["items"]),
        )
        for dimension in assessment.scale.definition.get("dimensions", [])
    ]


@login_required
def assessment_request(request):
    """Ask for an assessment of the elder named by `?elder=<pk>` (from the elder's profile)."""
    require_capability(request.user, "assessment.request_assessment")
    raw = request.POST.get("elder") or request.GET.get("elder")
    if not raw:
        return render(request, "assessment/assessments/request.html", {"elder": None})
    try:
        elder_pk = int(raw)
    except ValueError:
        raise Http404 from None
    elder = get_object_or_404(
        Elder.objects.visible_to(request.user, "assessment.request_assessment"), pk=elder_pk
    )
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = request_assessment(
                elder,
                reason=form.cleaned_data["reason"],
                source=form.cleaned_data["source"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Assessment requested; the district will assign it."))
            return redirect("assessment:assessment_detail", pk=assessment.pk)
    open_ones = Assessment.objects.visible_to(request.user).filter(
        elder=elder,
        status__in=[
            AssessmentStatus.REQUESTED,
            AssessmentStatus.ASSIGNED,
            AssessmentStatus.IN_PROGRESS,
            AssessmentStatus.SUBMITTED,
            AssessmentStatus.PUBLICISED,
            AssessmentStatus.OBJECTED,
        ],
    )
    return render(
        request,
        "assessment/assessments/request.html",
        {"elder": elder, "form": form, "open_ones": open_ones},
    )


@login_required
def assessment_report(request, pk: int):
    """The result sheet (GB/T 42195-2022 Annex C), print-ready, signed by both assessors."""
    assessment = assessment_for(request.user, pk)
    if assessment.total is None and assessment.level is None:
        raise Http404
    elder = assessment.elder
    items = [
        (dimension, [(item, assessment.answers.get(item["code"])) for item in dimension["items"]])
        for dimension in assessment.scale.definition.get("dimensions", [])
    ]
    context = {
        "assessment": assessment,
        "elder": elder,
        "age": elder.age(assessment.assessed_on or timezone.localdate()),
        "dimensions": _dimensions(assessment),
        "items": items,
        "reasons": [describe_reason(reason, assessment) for reason in assessment.level_reasons],
        "level_name": level_name(assessment, assessment.level),
        "initial_level_name": level_name(assessment, assessment.initial_level),
        "risk_total": sum(assessment.risk_events.values()),
    }
    return render(request, "assessment/assessments/report.html", context)


urlpatterns = [
    path("assessments/", assessment_list, name="assessment_list"),
    path("assessments/request/", assessment_request, name="assessment_request"),
    path("assessments/<int:pk>/", assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/report/", assessment_report, name="assessment_report"),
    *assessment_actions.urlpatterns,
    *assessment_conduct.urlpatterns,
]
