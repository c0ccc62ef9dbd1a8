"""The district's and community's steps on one assessment: assign, review, objections, cancel.

Each page reads the case through `visible_to` with the step's capability (others' cases answer
404), shows a small form, and lets the service decide.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from yiyang.assessment.forms import (
    AssignForm,
    CancelForm,
    DecideObjectionForm,
    ObjectionForm,
    ReviewForm,
)
from yiyang.assessment.models import Objection
from yiyang.assessment.services.objections import decide_objection, raise_objection
from yiyang.assessment.services.workflow import (
    assign_assessment,
    cancel_assessment,
    review_assessment,
)
from yiyang.assessment.views.assessment_common import assessment_for
from yiyang.core.errors import DomainError
from yiyang.core.forms import show_domain_error


def _page(request, assessment, form, *, title: str, intro: str, button: str, danger=False):
    return render(
        request,
        "assessment/assessments/action_form.html",
        {
            "assessment": assessment,
            "form": form,
            "title": title,
            "intro": intro,
            "button": button,
            "danger": danger,
        },
    )


def _done(request, assessment, message: str):
    messages.success(request, message)
    return redirect("assessment:assessment_detail", pk=assessment.pk)


@login_required
def assessment_assign(request, pk: int):
    """Choose the agency and the two assessors (GB/T 42195: two assessors per assessment)."""
    assessment = assessment_for(request.user, pk, "assessment.assign_assessment")
    form = AssignForm(
        request.POST or None,
        region_code=assessment.elder.residence_region_id,
        initial={
            "agency": assessment.agency_id,
            "lead": assessment.lead_assessor_id,
            "second": assessment.second_assessor_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            assign_assessment(assessment, **form.cleaned_data, actor=request.user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            return _done(request, assessment, _("Assigned to the two assessors."))
    return _page(
        request,
        assessment,
        form,
        title=_("Assign"),
        intro=_(
            "Choose an agency serving the elder's region and two different qualified assessors of it."
        ),
        button=_("Assign"),
    )


@login_required
def assessment_review(request, pk: int):
    """Approve the submitted result for publicity, or return it with a note."""
    assessment = assessment_for(request.user, pk, "assessment.review_assessment")
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            review_assessment(
                assessment, approve=approve, note=form.cleaned_data["note"], actor=request.user
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            done = _("Published for the publicity period.") if approve else _("Returned.")
            return _done(request, assessment, done)
    return _page(
        request,
        assessment,
        form,
        title=_("Review"),
        intro=_(
            "An approved result is published to the elder for the publicity period, during which an objection may be raised."
        ),
        button=_("Save decision"),
    )


@login_required
def assessment_objection(request, pk: int):
    """Record an objection raised by the elder or family during the publicity period."""
    assessment = assessment_for(request.user, pk, "assessment.record_objection")
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            raise_objection(assessment, **form.cleaned_data, actor=request.user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            return _done(request, assessment, _("Objection recorded; the district will decide."))
    return _page(
        request,
        assessment,
        form,
        title=_("Record an objection"),
        intro=_("Objections are taken until the publicity period ends."),
        button=_("Record objection"),
    )


@login_required
def objection_decide(request, pk: int, objection_pk: int):
    """Uphold an objection (re-assessment by two other assessors) or dismiss it."""
    # The objection is found first, so another street's objection under an own case is 404.
    objection = get_object_or_404(
        Objection.objects.visible_to(request.user), pk=objection_pk, assessment_id=pk
    )
    assessment = assessment_for(request.user, pk, "assessment.decide_objection")
    form = DecideObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        uphold = form.cleaned_data["decision"] == "uphold"
        try:
            decided = decide_objection(
                objection, uphold=uphold, note=form.cleaned_data["note"], actor=request.user
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            if decided.reassessment is not None:
                messages.success(request, _("Objection upheld; assign the re-assessment."))
                return redirect("assessment:assessment_assign", pk=decided.reassessment.pk)
            return _done(request, assessment, _("Objection dismissed; the result stands."))
    return _page(
        request,
        assessment,
        form,
        title=_("Decide the objection"),
        intro=_("{name}: {reason}").format(name=objection.raised_by_name, reason=objection.reason),
        button=_("Save decision"),
    )


@login_required
def assessment_cancel(request, pk: int):
    """Cancel an assessment that is not yet submitted."""
    assessment = assessment_for(request.user, pk, "assessment.request_assessment")
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cancel_assessment(assessment, note=form.cleaned_data["note"], actor=request.user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            return _done(request, assessment, _("Assessment cancelled."))
    return _page(
        request,
        assessment,
        form,
        title=_("Cancel the assessment"),
        intro=_("A cancelled assessment cannot be taken up again; request a new one if needed."),
        button=_("Cancel the assessment"),
        danger=True,
    )


urlpatterns = [
    path("assessments/<int:pk>/assign/", assessment_assign, name="assessment_assign"),
    path("assessments/<int:pk>/review/", assessment_review, name="assessment_review"),
    path("assessments/<int:pk>/objection/", assessment_objection, name="assessment_objection"),
    path(
        "assessments/<int:pk>/objections/<int:objection_pk>/decide/",
        objection_decide,
        name="objection_decide",
    ),
    path("assessments/<int:pk>/cancel/", assessment_cancel, name="assessment_cancel"),
]
