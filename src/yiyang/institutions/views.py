"""Pages of the institutions module for clerks and institution staff: the institutions of my
area with their next check due, the overdue checks, filing a new institution, one institution
with its filings (checklist, documents, steps) and beds, uploading a document, recording the
check. Reads go through `visible_to`; the services check every write again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Min, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiyang.core.errors import DomainError
from yiyang.core.forms import show_domain_error
from yiyang.institutions import services
from yiyang.institutions.choices import FilingStatus
from yiyang.institutions.forms import CheckForm, DocumentForm, InstitutionForm
from yiyang.institutions.models import (
    Bed,
    Filing,
    GradeAssessment,
    Institution,
    InstitutionPolicy,
)

VIEW = "institutions.view_institution"


def _require(user, capability: str) -> None:
    if not user.has_capability(capability):
        raise PermissionDenied


@login_required
def institution_list(request):
    _require(request.user, VIEW)
    today = timezone.localdate()
    overdue = request.GET.get("overdue") == "1"
    rows = (
        Institution.objects.visible_to(request.user)
        .select_related("region")
        .annotate(
            next_due=Min(
                "filings__check_due_on",
                filter=Q(filings__status=FilingStatus.AWAITING_CHECK),
            )
        )
    )
    if overdue:
        rows = rows.filter(next_due__lt=today)
    context = {
        "rows": rows.order_by("name", "pk")[:500],
        "overdue": overdue,
        "today": today,
        "can_file": request.user.has_capability(services.filings.FILE),
    }
    return render(request, "institutions/list.html", context)


@login_required
def institution_create(request):
    _require(request.user, services.filings.FILE)
    form = InstitutionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            filing = services.file_new_institution(
                data=form.service_data(),
                filed_on=form.cleaned_data["filed_on"],
                actor=request.user,
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Filed. The on-site check is due on {day}.").format(
                    day=filing.check_due_on.isoformat()
                ),
            )
            return redirect("institutions:institution_detail", pk=filing.institution_id)
    status = 422 if request.method == "POST" else 200
    check_days = InstitutionPolicy.objects.in_force().check_working_days
    context = {"form": form, "check_days": check_days}
    return render(request, "institutions/create.html", context, status=status)


def _detail(request, institution: Institution, *, check_form=None, status: int = 200):
    filings = list(
        Filing.objects.visible_to(request.user)
        .filter(institution=institution)
        .prefetch_related("documents", "events")
        .order_by("-filed_on", "-pk")
    )
    rows = [
        {
            "filing": filing,
            "checklist": filing.checklist(list(filing.documents.all())),
            "document_form": DocumentForm(filing=filing),
            "check_form": check_form if check_form is not None else CheckForm(),
        }
        for filing in filings
    ]
    context = {
        "institution": institution,
        "rows": rows,
        "beds": Bed.objects.filter(room__institution=institution).counts_by_kind(),
        "grade": GradeAssessment.objects.filter(institution=institution)
        .current_grades(timezone.localdate())
        .get(institution.pk),
        "today": timezone.localdate(),
        "can_file": request.user.has_capability(services.filings.FILE),
        "can_check": request.user.has_capability(services.filings.CHECK),
    }
    return render(request, "institutions/detail.html", context, status=status)


@login_required
def institution_detail(request, pk: int):
    _require(request.user, VIEW)
    institution = get_object_or_404(
        Institution.objects.visible_to(request.user).select_related("region"), pk=pk
    )
    return _detail(request, institution)


def _filing(request, pk: int) -> Filing:
    _require(request.user, VIEW)
    return get_object_or_404(
        Filing.objects.visible_to(request.user).select_related("institution__region"), pk=pk
    )


@login_required
@require_POST
def filing_document(request, pk: int):
    filing = _filing(request, pk)
    form = DocumentForm(request.POST, request.FILES, filing=filing)
    if form.is_valid():
        try:
            services.add_document(
                filing,
                code=form.cleaned_data["code"],
                upload=form.cleaned_data["file"],
                actor=request.user,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The document was added."))
    else:
        messages.error(request, _("Choose a document and a file."))
    return redirect("institutions:institution_detail", pk=filing.institution_id)


@login_required
@require_POST
def filing_check(request, pk: int):
    filing = _filing(request, pk)
    form = CheckForm(request.POST)
    if form.is_valid():
        try:
            services.record_check(filing, **form.cleaned_data, actor=request.user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The check was recorded."))
            return redirect("institutions:institution_detail", pk=filing.institution_id)
    return _detail(request, filing.institution, check_form=form, status=422)


urlpatterns = [
    path("", institution_list, name="institution_list"),
    path("new/", institution_create, name="institution_create"),
    path("<int:pk>/", institution_detail, name="institution_detail"),
    path("filings/<int:pk>/documents/", filing_document, name="filing_document"),
    path("filings/<int:pk>/check/", filing_check, name="filing_check"),
]
