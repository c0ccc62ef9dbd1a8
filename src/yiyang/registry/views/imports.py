"""Import pages: upload a list, follow its progress, read the problems, download the report."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from yiyang.core import audit
from yiyang.core.errors import DomainError
from yiyang.registry.choices import ImportStatus
from yiyang.registry.models import ImportJob
from yiyang.registry.services.imports import start_import

CAPABILITY = "registry.import_elders"
MAX_UPLOAD_MIB = 200


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Elder list"),
        help_text=_(
            "Excel (.xlsx) or CSV (UTF-8 or GBK), with the columns 姓名, 身份证号 and 社区; a title row above the header is fine."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check the list and count, write nothing"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in {".xlsx", ".csv"}:
            raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        if upload.size > MAX_UPLOAD_MIB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than {size} MB.").format(size=MAX_UPLOAD_MIB)
            )
        return upload


def _require(user) -> None:
    if not user.has_capability(CAPABILITY):
        raise PermissionDenied


def _job(request, pk: int) -> ImportJob:
    _require(request.user)
    return get_object_or_404(
        ImportJob.objects.visible_to(request.user).select_related("created_by"), pk=pk
    )


@login_required
def import_list(request):
    """The imports of the user's region, newest first, with the upload form."""
    _require(request.user)
    jobs = ImportJob.objects.visible_to(request.user).select_related("created_by")[:50]
    return render(
        request, "registry/imports/import_list.html", {"jobs": jobs, "form": ImportForm()}
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_create(request):
    """Upload a list; small lists are imported at once, large ones by the worker."""
    _require(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = start_import(
                upload, actor=request.user, dry_run=form.cleaned_data["dry_run"], name=upload.name
            )
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            return redirect("registry:import_detail", pk=job.pk)
    return render(request, "registry/imports/import_form.html", {"form": form})


@login_required
def import_detail(request, pk: int):
    job = _job(request, pk)
    return render(request, "registry/imports/import_detail.html", {"job": job})


@login_required
def import_progress(request, pk: int):
    """The progress bar, polled by HTMX every second; a finished job reloads the page."""
    job = _job(request, pk)
    response = render(request, "registry/imports/partials/progress.html", {"job": job})
    if job.status in (ImportStatus.DONE, ImportStatus.FAILED) and request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
    return response


@login_required
def import_report(request, pk: int):
    """Download the error report; it shows the rows as sent, unmasked, so it is logged."""
    job = _job(request, pk)
    if not job.report_file:
        raise Http404
    audit.record_access(
        actor=request.user,
        model=ImportJob,
        kind="export",
        fields=["id_number", "phone"],
        object_pk=str(job.pk),
        region_code=job.region_code,
        row_count=job.rejected_count,
        purpose=gettext("Import error report"),
    )
    name = f"{Path(job.original_name).stem}-{gettext('errors')}.xlsx"
    return FileResponse(job.report_file.open("rb"), as_attachment=True, filename=name)


urlpatterns = [
    path("imports/", import_list, name="import_list"),
    path("imports/new/", import_create, name="import_create"),
    path("imports/<int:pk>/", import_detail, name="import_detail"),
    path("imports/<int:pk>/progress/", import_progress, name="import_progress"),
    path("imports/<int:pk>/report/", import_report, name="import_report"),
]
