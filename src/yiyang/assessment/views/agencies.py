"""Agency and assessor pages: the agencies a user may see, their assessors' qualification and
training, and the forms that register and change them (seed 000 §(一)1; seed 001 item 7).

Reads pass through `visible_to`; writes through `services.agencies`, which check the capability
`assessment.manage_agencies` in the agency's region.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiyang.assessment.models import Assessment, AssessmentAgency, Assessor
from yiyang.assessment.services import agencies as services
from yiyang.assessment.services import assessors as assessor_services
from yiyang.assessment.views.agency_forms import (
    AgencyForm,
    AssessorForm,
    DeactivateForm,
    TrainingForm,
)
from yiyang.core.errors import DomainError
from yiyang.core.forms import show_domain_error
from yiyang.core.scoping import can_reach

MANAGE = "assessment.manage_agencies"
VIEW = "assessment.view_assessment"


def _require(user, capability: str) -> None:
    if not user.has_capability(capability):
        raise PermissionDenied


def _qualified_filter(prefix: str = "") -> Q:
    """The `Assessor.qualified()` rule as a filter reached through `prefix`, for counting."""
    today = timezone.localdate()
    return Q(**{f"{prefix}is_active": True, f"{prefix}certified_on__lte": today}) & (
        Q(**{f"{prefix}certificate_valid_until__isnull": True})
        | Q(**{f"{prefix}certificate_valid_until__gte": today})
    )


def _agency(user, pk: int, capability: str = VIEW) -> AssessmentAgency:
    """An agency the user may see (404 alike for missing and others'); with MANAGE, a visible
    agency the user may not change answers 403."""
    queryset = AssessmentAgency.objects.visible_to(user).select_related("region")
    agency = get_object_or_404(queryset, pk=pk)
    if capability != VIEW and not can_reach(user, agency.region_id, capability):
        raise PermissionDenied
    return agency


def _assessor(user, pk: int, capability: str = VIEW) -> Assessor:
    queryset = Assessor.objects.visible_to(user).select_related("agency", "agency__region", "user")
    assessor = get_object_or_404(queryset, pk=pk)
    if capability != VIEW and not can_reach(user, assessor.agency.region_id, capability):
        raise PermissionDenied
    return assessor


def _done_counts(user, agency_pks) -> dict[int, int]:
    """Assessments submitted by each agency, among those the user may see."""
    rows = (
        Assessment.objects.visible_to(user)
        .filter(agency__in=agency_pks, submitted_at__isnull=False)
        .exclude(status="cancelled")
        .values("agency")
        .annotate(count=Count("pk"))
    )
    return {row["agency"]: row["count"] for row in rows}


@login_required
def agency_list(request):
    """The agencies the user may see, with qualified / total assessors and assessments done."""
    _require(request.user, VIEW)
    agencies = list(
        AssessmentAgency.objects.visible_to(request.user)
        .select_related("region")
        .annotate(
            assessor_count=Count("assessors", distinct=True),
            qualified_count=Count(
                "assessors", filter=_qualified_filter("assessors__"), distinct=True
            ),
        )
        .order_by("-is_active", "name", "pk")
    )
    done = _done_counts(request.user, [agency.pk for agency in agencies])
    rows = [(agency, done.get(agency.pk, 0)) for agency in agencies]
    context = {"rows": rows, "may_manage": request.user.has_capability(MANAGE)}
    return render(request, "assessment/agencies/agency_list.html", context)


@login_required
def agency_detail(request, pk: int):
    """An agency: its contract, its assessors' certificates, training hours and exam results."""
    agency = _agency(request.user, pk)
    today = timezone.localdate()
    assessors = agency.assessors.select_related("user").prefetch_related("trainings")
    rows = []
    for assessor in assessors:
        trainings = list(assessor.trainings.all())  # newest first (the model's ordering)
        expires = assessor.certificate_valid_until
        rows.append(
            {
                "assessor": assessor,
                "qualified": assessor.is_qualified(today),
                "expired": expires is not None and expires < today,
                "hours": sum((training.hours for training in trainings), Decimal(0)),
                "last_exam": next((t for t in trainings if t.exam_score is not None), None),
                "trainings": trainings,
            }
        )
    context = {
        "agency": agency,
        "rows": rows,
        "qualified_count": sum(1 for row in rows if row["qualified"]),
        "done": _done_counts(request.user, [agency.pk]).get(agency.pk, 0),
        "may_manage": can_reach(request.user, agency.region_id, MANAGE),
        "today": today,
    }
    return render(request, "assessment/agencies/agency_detail.html", context)


@login_required
def agency_create(request):
    _require(request.user, MANAGE)
    form = AgencyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.register_agency(**form.cleaned_data, actor=request.user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("{name} is registered.").format(name=agency.name))
            return redirect("assessment:agency_detail", pk=agency.pk)
    return render(request, "assessment/agencies/agency_form.html", {"form": form})


@login_required
def agency_update(request, pk: int):
    agency = _agency(request.user, pk, MANAGE)
    form = AgencyForm(request.POST or None, user=request.user, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_agency(agency, **form.cleaned_data, actor=request.user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The agency was saved."))
            return redirect("assessment:agency_detail", pk=agency.pk)
    return render(request, "assessment/agencies/agency_form.html", {"form": form, "agency": agency})


@login_required
@require_POST
def agency_deactivate(request, pk: int):
    agency = _agency(request.user, pk, MANAGE)
    form = DeactivateForm(request.POST)
    form.is_valid()
    services.deactivate_agency(
        agency, reason=form.cleaned_data.get("reason", ""), actor=request.user
    )
    messages.success(request, _("{name} takes no new assessments.").format(name=agency.name))
    return redirect("assessment:agency_detail", pk=agency.pk)


@login_required
def assessor_create(request, pk: int):
    """Register an assessor; a login's initial password is shown on this answer only."""
    agency = _agency(request.user, pk, MANAGE)
    form = AssessorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registered = assessor_services.register_assessor(
                agency, **form.cleaned_data, actor=request.user
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            if registered.initial_password is None:
                messages.success(
                    request, _("{name} is registered.").format(name=registered.assessor.name)
                )
                return redirect("assessment:agency_detail", pk=agency.pk)
            # Rendered, not redirected: the password must not be kept in the session or a URL.
            return render(
                request,
                "assessment/agencies/assessor_created.html",
                {"agency": agency, "registered": registered},
            )
    return render(
        request, "assessment/agencies/assessor_form.html", {"form": form, "agency": agency}
    )


@login_required
def assessor_update(request, pk: int):
    assessor = _assessor(request.user, pk, MANAGE)
    form = AssessorForm(request.POST or None, assessor=assessor)
    if request.method == "POST" and form.is_valid():
        try:
            assessor_services.update_assessor(assessor, **form.cleaned_data, actor=request.user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("{name} was saved.").format(name=assessor.name))
            return redirect("assessment:agency_detail", pk=assessor.agency_id)
    context = {"form": form, "agency": assessor.agency, "assessor": assessor}
    return render(request, "assessment/agencies/assessor_form.html", context)


@login_required
@require_POST
def assessor_deactivate(request, pk: int):
    assessor = _assessor(request.user, pk, MANAGE)
    form = DeactivateForm(request.POST)
    form.is_valid()
    assessor_services.deactivate_assessor(
        assessor, reason=form.cleaned_data.get("reason", ""), actor=request.user
    )
    messages.success(request, _("{name} can no longer sign.").format(name=assessor.name))
    return redirect("assessment:agency_detail", pk=assessor.agency_id)


@login_required
def assessor_training_add(request, pk: int):
    assessor = _assessor(request.user, pk, MANAGE)
    form = TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessor_services.record_training(assessor, **form.cleaned_data, actor=request.user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The training was recorded."))
            return redirect("assessment:agency_detail", pk=assessor.agency_id)
    context = {"form": form, "agency": assessor.agency, "assessor": assessor}
    return render(request, "assessment/agencies/training_form.html", context)


urlpatterns = [
    path("agencies/", agency_list, name="agency_list"),
    path("agencies/new/", agency_create, name="agency_create"),
    path("agencies/<int:pk>/", agency_detail, name="agency_detail"),
    path("agencies/<int:pk>/edit/", agency_update, name="agency_update"),
    path("agencies/<int:pk>/deactivate/", agency_deactivate, name="agency_deactivate"),
    path("agencies/<int:pk>/assessors/new/", assessor_create, name="assessor_create"),
    path("assessors/<int:pk>/edit/", assessor_update, name="assessor_update"),
    path("assessors/<int:pk>/deactivate/", assessor_deactivate, name="assessor_deactivate"),
    path("assessors/<int:pk>/trainings/new/", assessor_training_add, name="assessor_training_add"),
]
