"""Registry imports from the spreadsheets street offices send (Excel and CSV)."""

from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.core.models.scoped import RegionScopedQuerySet
from yiyang.registry.choices import ImportStatus


class ImportJobQuerySet(RegionScopedQuerySet["ImportJob"]):
    """Imports started in the user's region or below."""

    region_paths = ("region_code",)
    default_capability = "registry.import_elders"

    def unfinished(self) -> Self:
        return self.filter(status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING])


class ImportJob(models.Model):
    """One upload of an elder list: its file, progress, counts and the error report.

    The same file by the same person is imported once at a time: a second press of the button
    finds the unfinished job instead of starting another.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The uploader's scope: rows for communities outside it are rejected.
    region_code = models.CharField(_("region code"), max_length=12, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    file_sha256 = models.CharField(_("file fingerprint"), max_length=64)
    is_dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows read"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    report_file = models.FileField(
        _("error report"), upload_to="imports/reports/%Y/%m/", blank=True
    )
    error_message = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "file_sha256", "is_dry_run"],
                condition=models.Q(status__in=["queued", "running"]),
                name="%(app_label)s_%(class)s_one_unfinished_per_file",
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def progress_percent(self) -> int:
        if not self.rows_total:
            return 100 if self.status == ImportStatus.DONE else 0
        return min(100, round(100 * self.rows_done / self.rows_total))

    def summary(self) -> dict[str, int]:
        return {
            "created": self.created_count,
            "updated": self.updated_count,
            "unchanged": self.unchanged_count,
            "rejected": self.rejected_count,
        }
