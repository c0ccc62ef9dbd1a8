"""Import elder lists (seed 000 §(五)2: one elder database fed by the offices' own lists).

Every row is checked like a form (`check_elder_fields`); any problem rejects the row and is
reported with its row and column. Rows are written one batch per transaction, so a crash
leaves whole batches only, and importing the same file again completes the rest and changes
nothing else (rows are matched by identity number). Each created or changed elder gets a
ChangeRecord with masked values; no timeline entry is written per row (a million entries
saying "imported" help no one), the ImportJob records who imported which file and when.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core.scoping import region_prefix, require
from yiyang.registry.choices import ElderStatus, ImportStatus
from yiyang.registry.errors import ErrorCode
from yiyang.registry.importing import copying, writing
from yiyang.registry.importing.auditing import AuditRows
from yiyang.registry.importing.initials import fast_initials
from yiyang.registry.importing.overlap import BatchWriter
from yiyang.registry.importing.pipeline import Batch, RejectedRow, RowChecker, RowProblem, batches
from yiyang.registry.importing.reading import ImportFileError, count_rows, open_sheet
from yiyang.registry.importing.report import ErrorReport
from yiyang.registry.models import Elder, ImportJob
from yiyang.registry.validation import RegionResolver

# The job keeps this many problems for its page and the API; the report has them all.
MAX_PROBLEMS = 500

# A sheet column → the Elder attributes it sets. A column the sheet lacks changes nothing:
# a list without phone numbers must not wipe the phones already on record.
ATTRIBUTES_OF_COLUMN = {
    "name": ["name"],
    "ethnicity": ["ethnicity"],
    "phone_primary": ["phone_primary"],
    "phone_secondary": ["phone_secondary"],
    "residence_region": ["residence_region_id"],
    "address": ["address"],
    "hukou_region": ["hukou_region_id"],
    "hukou_address": ["hukou_address"],
    "living_arrangement": ["living_arrangement"],
    "latitude": ["latitude"],
    "longitude": ["longitude"],
}
_AUDIT_NAME = {"residence_region_id": "residence_region", "hukou_region_id": "hukou_region"}
_INSERT_FIELDS = writing.INSERT_FIELDS


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do)."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    problem_count: int = 0
    report_path: Path | None = None

    def summary(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }

    def reject(self, rejected: RejectedRow, report: LazyReport) -> None:
        self.rejected += 1
        self.problem_count += len(rejected.problems)
        room = MAX_PROBLEMS - len(self.problems)
        if room > 0:
            self.problems.extend(rejected.problems[:room])
        report.get().add(rejected)


def import_elders(
    source: str | Path | IO[bytes],
    *,
    actor,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    name: str = "",
    report_path: Path | None = None,
    today: date | None = None,
) -> ImportResult:
    """Import an elder list (.xlsx or .csv) for `actor`, or for the whole city when None.

    Raises ImportFileError when the file cannot be read; rejected rows are in the result and
    in its error report (written when a row was rejected or `report_path` is given).
    """
    if actor is None:
        scope = ""  # the command line: whoever holds the server holds the database
    else:
        require(actor, "registry.import_elders")
        scope = region_prefix(actor, "registry.import_elders") or ""
    name = name or Path(str(getattr(source, "name", source))).name
    sheet = open_sheet(source, name)
    result = ImportResult()
    # Created on the first rejected row: an import without problems writes no workbook.
    report = LazyReport(sheet.columns)
    try:
        checker = RowChecker(sheet, RegionResolver.load(scope), today or timezone.localdate())
        # Attribute → the column it comes from: only columns the sheet has are compared.
        compare = {
            attribute: index
            for index, key in sorted(sheet.fields.items())
            for attribute in ATTRIBUTES_OF_COLUMN.get(key, [])
        }
        audit = AuditRows(
            actor_id=getattr(actor, "pk", None), reason=_("import: {file}").format(file=name)
        )
        plan = _Planner(compare, result, report, checker, audit, scope)
        writer, written = _writer_for(audit, progress, dry_run=dry_run)
        failed = True
        try:
            for batch in batches(sheet, checker, settings.IMPORT_BATCH_SIZE):
                planned = plan(batch, dry_run=dry_run)
                result.rows += batch.rows_read
                if planned is not None:
                    writer.put(planned)
                elif progress is not None:
                    progress(result.rows)
            failed = False
        finally:
            writer.close(failed=failed)
        result.created += written.created
        result.unchanged += written.unchanged
        result.updated += written.updated
    finally:
        sheet.close()
    if result.rejected or report_path is not None:
        result.report_path = report.get().save(
            report_path, file_name=name, summary=result.summary()
        )
    return result


class LazyReport:
    """The error report, opened on first use."""

    def __init__(self, columns: list[str]) -> None:
        self.columns = columns
        self.report: ErrorReport | None = None

    def get(self) -> ErrorReport:
        if self.report is None:
            self.report = ErrorReport(self.columns)
        return self.report


class _InlineWriter:
    """Write each batch as it comes, on the caller's connection (inside a transaction)."""

    def __init__(self, write) -> None:
        self.put = write

    def close(self, *, failed: bool = False) -> None:
        pass


def _writer_for(audit: AuditRows, progress, *, dry_run: bool):
    """Return what writes planned batches, and the counts it keeps (read them after close()).

    A thread of its own when writing can overlap with checking (PostgreSQL, not inside a
    transaction); otherwise the batches are written inline, on the caller's connection.
    """
    written = ImportResult()  # only the writing side touches it until close() returns

    def write(planned: writing.PlannedBatch) -> None:
        created = writing.write_batch(planned, audit)
        written.created += created
        written.unchanged += planned.create_count - created  # registered meanwhile
        written.updated += len(planned.updates)
        written.rows += planned.rows_read
        if progress is not None:
            progress(written.rows)

    if dry_run or connection.vendor != "postgresql" or connection.in_atomic_block:
        return _InlineWriter(write), written
    return BatchWriter(write), written


class _Planner:
    """Classify a batch against the registry (one query) and decide what to write."""

    def __init__(self, compare, result, report, checker, audit: AuditRows, scope: str) -> None:
        self.compare = compare
        self.result = result
        self.report = report
        self.checker = checker
        self.audit = audit
        self.scope = scope
        self.update_fields = [*compare, "name_initials", "updated_at"]
        self.out_of_scope = _(
            "An elder with this identity number is registered outside your region: ask that region to move the record."
        )

    def __call__(self, batch: Batch, *, dry_run: bool) -> writing.PlannedBatch | None:
        """Return the batch's writes (None in a dry run, which only counts them)."""
        compare, audit = self.compare, self.audit
        numbers = [data.id_number for _row, _cells, data in batch.valid]
        copy = connection.vendor == "postgresql"
        fields = ["id", "id_number", "residence_region_id", *compare]
        found_rows: Iterable[tuple[Any, ...]]
        if copy:
            # One array parameter: an IN list of 2000 literals costs ~15 µs a row to build.
            found_rows = copying.find_elders(numbers, fields)
        else:
            found_rows = Elder.objects.filter(id_number__in=numbers).values_list(*fields)
        existing = {values[1]: values for values in found_rows}
        planned = writing.PlannedBatch(
            rows_read=batch.rows_read,
            now=timezone.now(),
            copy=copy,
            update_fields=self.update_fields,
        )
        now = planned.now
        # COPY text takes the time as text: formatted once per batch, not per row.
        stamp: str | datetime = now.isoformat() if copy else now
        new_rows = []
        for row, cells, data in batch.valid:
            values = data.model_values()
            found = existing.get(data.id_number)
            if found is None:
                values["name_initials"] = fast_initials(data.name)
                values["status"] = ElderStatus.ACTIVE.value
                values["external_ids"] = "{}"
                values["created_at"] = values["updated_at"] = stamp
                new_rows.append(values)
                continue
            if not found[2].startswith(self.scope):
                problem = self.checker.problem(
                    row, "id_number", ErrorCode.REGION_OUT_OF_SCOPE, str(self.out_of_scope)
                )
                batch.rejected.append(RejectedRow(row, cells, [problem]))
                continue
            diff = {}
            for (attribute, index), old in zip(compare.items(), found[3:], strict=True):
                cell = cells[index] if index < len(cells) else None
                if cell is None or (isinstance(cell, str) and not cell.strip()):
                    # A blank cell is "not filled in", not "erase": the record keeps its value.
                    values[attribute] = old
                elif old != values[attribute]:
                    diff[_AUDIT_NAME.get(attribute, attribute)] = [
                        audit.value(attribute, old),
                        audit.value(attribute, values[attribute]),
                    ]
            if not diff:
                self.result.unchanged += 1
                continue
            values["name_initials"] = fast_initials(values["name"])
            values["updated_at"] = now
            planned.updates.append(
                (found[0], [values[attribute] for attribute in self.update_fields])
            )
            planned.update_changes.append(
                audit.row(
                    pk=found[0],
                    name=data.name,
                    region=data.residence_region_id,
                    changes=json.dumps(diff, ensure_ascii=False),
                    action="update",
                    now=now,
                )
            )
        batch.rejected.sort(key=lambda rejected: rejected.row)
        for rejected in batch.rejected:
            self.result.reject(rejected, self.report)
        if dry_run:
            self.result.created += len(new_rows)
            self.result.updated += len(planned.updates)
            return None
        if copy:
            assert isinstance(stamp, str)  # formatted above for COPY
            self._copy_creates(planned, new_rows, stamp)
        else:
            for values in new_rows:
                planned.creates.append([values[attribute] for attribute in _INSERT_FIELDS])
                planned.create_changes.append(audit.creation(values))
        return planned

    def _copy_creates(self, planned: writing.PlannedBatch, new_rows, stamp: str) -> None:
        """Draw keys for the new elders and turn them and their audit records into COPY text."""
        audit, line = self.audit, copying.copy_line
        planned.keys = copying.reserve_keys(len(new_rows))
        for key, values in zip(planned.keys, new_rows, strict=True):
            planned.elder_lines.append(
                line([key, *[values[attribute] for attribute in _INSERT_FIELDS]])
            )
            planned.create_change_lines.append(
                line(
                    audit.row(
                        pk=key,
                        name=values["name"],
                        region=values["residence_region_id"],
                        changes=audit.creation(values),
                        action="create",
                        now=stamp,
                    )
                )
            )


def start_import(upload: IO[bytes], *, actor, dry_run: bool, name: str = "") -> ImportJob:
    """Keep an uploaded list and import it: at once when small, by the worker when large.

    Pressing the button twice finds the first, unfinished job instead of starting another.
    """
    require(actor, "registry.import_elders")
    name = (name or Path(str(getattr(upload, "name", "upload"))).name)[:255]
    digest = hashlib.sha256()
    for chunk in iter(lambda: upload.read(1 << 20), b""):
        digest.update(chunk)
    upload.seek(0)
    sha256 = digest.hexdigest()
    running = _unfinished(actor, sha256, dry_run)
    if running is not None:
        return running
    try:
        with transaction.atomic():
            job = ImportJob(
                created_by=actor,
                region_code=actor.region_id or "",
                original_name=name,
                file_sha256=sha256,
                is_dry_run=dry_run,
            )
            job.file.save(name, File(upload, name=name), save=False)
            job.rows_total = count_rows(job.file.path)
            job.save()
    except IntegrityError:
        running = _unfinished(actor, sha256, dry_run)
        if running is None:
            raise
        return running
    if job.rows_total > settings.IMPORT_BACKGROUND_ROWS:
        from yiyang.registry.tasks import import_elders_task

        transaction.on_commit(lambda: import_elders_task.enqueue(job.pk))
        return job
    run_import_job(job.pk)
    job.refresh_from_db()
    return job


def _unfinished(actor, sha256: str, dry_run: bool) -> ImportJob | None:
    return (
        ImportJob.objects.unfinished()
        .filter(created_by=actor, file_sha256=sha256, is_dry_run=dry_run)
        .first()
    )


def run_import_job(job_pk: int) -> ImportJob | None:
    """Run a queued job to its end, recording progress every batch; a job runs once."""
    with transaction.atomic():
        job = (
            ImportJob.objects.select_for_update()
            .filter(pk=job_pk, status=ImportStatus.QUEUED)
            .select_related("created_by")
            .first()
        )
        if job is None:
            return None
        job.status = ImportStatus.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])

    def progress(rows_done: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(
            rows_done=rows_done, rows_total=max(job.rows_total, rows_done)
        )

    try:
        result = import_elders(
            job.file.path,
            actor=job.created_by,
            dry_run=job.is_dry_run,
            progress=progress,
            name=job.original_name,
        )
    except ImportFileError as error:
        _finish(job, status=ImportStatus.FAILED, error_message=error.message)
        return job
    except Exception:
        _finish(
            job,
            status=ImportStatus.FAILED,
            error_message=_(
                "The import stopped because of an internal error. The rows written so far are kept: import the file again to finish."
            ),
        )
        raise
    job.rows_total = job.rows_done = result.rows
    job.created_count, job.updated_count = result.created, result.updated
    job.unchanged_count, job.rejected_count = result.unchanged, result.rejected
    job.problems = [problem.as_dict() for problem in result.problems]
    if result.report_path is not None:
        with result.report_path.open("rb") as handle:
            stem = Path(job.original_name).stem
            job.report_file.save(f"{stem}-errors.xlsx", File(handle), save=False)
        result.report_path.unlink(missing_ok=True)
    _finish(job, status=ImportStatus.DONE)
    return job


def _finish(job: ImportJob, *, status: str, error_message: str = "") -> None:
    job.status = status
    job.error_message = error_message[:500]
    job.finished_at = timezone.now()
    job.save()
