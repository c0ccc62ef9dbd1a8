"""Import endpoints: upload an elder list, read an import's status and problems.

The same service as the pages and the command (`registry.services.imports`): rows for
communities outside the caller's region are rejected, each with its reason.
"""

from __future__ import annotations

from datetime import datetime

from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from yiyang.core.scoping import require
from yiyang.registry.choices import ImportStatus
from yiyang.registry.errors import ErrorCode, RegistryError
from yiyang.registry.models import ImportJob
from yiyang.registry.services.imports import start_import

router = Router(tags=["imports"])


class ImportProblemOut(Schema):
    row: int
    column: str
    field: str
    message: str


class ImportOut(Schema):
    job: int
    status: str
    dry_run: bool
    rows_total: int
    rows_done: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    problems: list[ImportProblemOut]
    report_url: str | None
    created_at: datetime
    finished_at: datetime | None


class ImportErrorOut(Schema):
    code: str
    message: str
    field: str | None


def _out(job: ImportJob) -> dict:
    return {
        "job": job.pk,
        "status": job.status,
        "dry_run": job.is_dry_run,
        "rows_total": job.rows_total,
        "rows_done": job.rows_done,
        **job.summary(),
        "problems": job.problems,
        "report_url": (
            reverse("registry:import_report", args=[job.pk]) if job.report_file else None
        ),
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


@router.post(
    "/elders/import",
    response={200: ImportOut, 202: ImportOut, 422: ImportErrorOut},
    summary="Import an elder list (.xlsx or .csv)",
)
def import_elder_list(request, file: File[UploadedFile], dry_run: Form[bool] = False):
    """Check and import a list; 200 with the counts when done, 202 when queued for the worker.

    `problems` holds up to 500 problems (row, column, field, message); the error report has all.
    Sending the same file again while its import runs returns that import, not a new one.
    """
    job = start_import(file, actor=request.auth, dry_run=dry_run, name=file.name or "upload")
    if job.status == ImportStatus.FAILED:
        raise RegistryError(ErrorCode.FILE_UNREADABLE, job.error_message, field="file")
    return Status(200 if job.status == ImportStatus.DONE else 202, _out(job))


@router.get("/elders/imports/{job_id}", response=ImportOut, summary="One import's status")
def import_status(request, job_id: int):
    """Progress, counts and problems of an import of the caller's region."""
    require(request.auth, "registry.import_elders")
    job = get_object_or_404(ImportJob.objects.visible_to(request.auth), pk=job_id)
    return _out(job)
