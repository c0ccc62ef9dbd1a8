"""Pages for an institution's medical agreements (医养结合) and grade assessments (等级评定), and
for the community facilities' services and opening hours."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiyang.core.errors import DomainError
from yiyang.core.forms import show_domain_error
from yiyang.core.scoping import region_prefix
from yiyang.institutions import services
from yiyang.institutions.forms_more import (
    AgreementEndForm,
    AgreementForm,
    FacilityForm,
    GradeForm,
)
from yiyang.institutions.grading import section_maximums
from yiyang.institutions.models import Facility, GradeAssessment, GradeScheme, MedicalAgreement
from yiyang.institutions.services.facilities import MANAGE_FACILITIES
from yiyang.institutions.services.grades import GRADE
from yiyang.institutions.views_beds import VIEW, can_manage, visible_institution


def _may(user, capability: str, region_code: str) -> bool:
    prefix = region_prefix(user, capability)
    return prefix is not None and region_code.startswith(prefix)


def _agreements(request, institution, *, form=None, status: int = 200):
    today = timezone.localdate()
    rows = list(
        MedicalAgreement.objects.visible_to(request.user)
        .filter(institution=institution)
        .order_by("-starts_on", "-pk")
    )
    context = {
        "institution": institution,
        "rows": [
            {
                "agreement": row,
                "in_force": row.starts_on <= today
                and (row.ends_on is None or row.ends_on >= today),
            }
            for row in rows
        ],
        "can_manage": can_manage(request.user, institution),
        "form": form or AgreementForm(initial={"starts_on": today}),
        "end_form": AgreementEndForm(initial={"ends_on": today}),
    }
    return render(request, "institutions/agreement_list.html", context, status=status)


@login_required
def agreement_list(request, pk: int):
    institution = visible_institution(request, pk)
    if request.method != "POST":
        return _agreements(request, institution)
    if not can_manage(request.user, institution):
        raise PermissionDenied
    form = AgreementForm(request.POST)
    if form.is_valid():
        try:
            services.add_agreement(institution, **form.cleaned_data, actor=request.user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The agreement was recorded."))
            return redirect("institutions:agreement_list", pk=institution.pk)
    return _agreements(request, institution, form=form, status=422)


@login_required
@require_POST
def agreement_end(request, pk: int):
    if not request.user.has_capability(VIEW):
        raise PermissionDenied
    agreement = get_object_or_404(
        MedicalAgreement.objects.visible_to(request.user).select_related("institution"), pk=pk
    )
    if not can_manage(request.user, agreement.institution):
        raise PermissionDenied
    form = AgreementEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the day the agreement ends."))
    else:
        try:
            services.end_agreement(agreement, **form.cleaned_data, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The agreement was ended."))
    return redirect("institutions:agreement_list", pk=agreement.institution_id)


@login_required
def grade_list(request, pk: int):
    institution = visible_institution(request, pk)
    today = timezone.localdate()
    rows = list(
        GradeAssessment.objects.visible_to(request.user)
        .filter(institution=institution)
        .select_related("scheme")
    )
    current = next(
        (
            row
            for row in rows
            if row.grade and row.assessed_on <= today and row.valid_until >= today  # type: ignore[operator]
        ),
        None,
    )
    context = {
        "institution": institution,
        "rows": rows,
        "current": current,
        "can_grade": _may(request.user, GRADE, institution.region_id),
    }
    return render(request, "institutions/grade_list.html", context)


@login_required
def grade_create(request, pk: int):
    institution = visible_institution(request, pk)
    if not _may(request.user, GRADE, institution.region_id):
        raise PermissionDenied
    today = timezone.localdate()
    scheme = GradeScheme.objects.in_force(today)
    if scheme is None:
        messages.error(request, _("No grade scheme is in force on this day."))
        return redirect("institutions:grade_list", pk=institution.pk)
    form = GradeForm(request.POST or None, scheme=scheme, initial={"assessed_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.record_grade_assessment(
                institution,
                assessed_on=form.cleaned_data["assessed_on"],
                prerequisites_met=form.cleaned_data["prerequisites_met"],
                scores=form.scores(),
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            if assessment.grade:
                messages.success(
                    request, _("Graded: level {grade}.").format(grade=assessment.grade)
                )
            else:
                messages.warning(request, _("Recorded: the scores reach no grade."))
            return redirect("institutions:grade_list", pk=institution.pk)
    context = {
        "institution": institution,
        "scheme": scheme,
        "form": form,
        "maximums": section_maximums(scheme.sections),
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "institutions/grade_form.html", context, status=status)


@login_required
def facility_list(request):
    if not request.user.has_capability(VIEW):
        raise PermissionDenied
    rows = Facility.objects.visible_to(request.user).select_related("region")
    context = {
        "rows": rows.order_by("region__code", "name", "pk")[:500],
        "can_edit": request.user.has_capability(MANAGE_FACILITIES),
    }
    return render(request, "institutions/facility_list.html", context)


@login_required
def facility_edit(request, pk: int):
    if not request.user.has_capability(VIEW):
        raise PermissionDenied
    facility = get_object_or_404(
        Facility.objects.visible_to(request.user).select_related("region"), pk=pk
    )
    may_edit = _may(request.user, MANAGE_FACILITIES, facility.region_id)
    initial = {
        "services": facility.services,
        "opening_hours": facility.opening_hours,
        "contact_phone": facility.contact_phone,
        "is_active": facility.is_active,
    }
    form = FacilityForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.update_facility(
                    facility,
                    services=form.service_list(),
                    opening_hours=form.cleaned_data["opening_hours"],
                    contact_phone=form.cleaned_data["contact_phone"],
                    is_active=form.cleaned_data["is_active"],
                    actor=request.user,
                )
            except DomainError as error:
                show_domain_error(form, error)
            else:
                messages.success(request, _("The facility was saved."))
                return redirect("institutions:facility_list")
    context = {"facility": facility, "form": form, "may_edit": may_edit}
    status = 422 if request.method == "POST" else 200
    return render(request, "institutions/facility_form.html", context, status=status)


urlpatterns = [
    path("<int:pk>/agreements/", agreement_list, name="agreement_list"),
    path("agreements/<int:pk>/end/", agreement_end, name="agreement_end"),
    path("<int:pk>/grades/", grade_list, name="grade_list"),
    path("<int:pk>/grades/new/", grade_create, name="grade_create"),
    path("facilities/", facility_list, name="facility_list"),
    path("facilities/<int:pk>/", facility_edit, name="facility_edit"),
]
