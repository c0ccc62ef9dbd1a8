"""Filings (备案) of institutions: new, change and closure, each with an on-site check due
`check_working_days` working days after the filing day, its documents and its events."""

from __future__ import annotations

from datetime import date
from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.core.models.scoped import RegionScopedQuerySet
from yiyang.institutions.choices import (
    CheckResult,
    FilingEventType,
    FilingKind,
    FilingStatus,
)
from yiyang.institutions.models.institution import Institution, _institution_staff


class FilingQuerySet(RegionScopedQuerySet["Filing"]):
    region_paths = ("institution__region__code",)
    default_capability = "institutions.view_filing"

    def visible_to(self, user, capability: str | None = None) -> Self:
        if _institution_staff(user):
            if not user.has_capability(capability or self.default_capability):
                return self.none()
            return self.filter(institution__staff_memberships__user=user)
        return super().visible_to(user, capability)

    def awaiting_check(self) -> Self:
        return self.filter(status=FilingStatus.AWAITING_CHECK)

    def overdue(self, today: date) -> Self:
        """Checks not recorded although their due day has passed."""
        return self.awaiting_check().filter(check_due_on__lt=today)


class Filing(models.Model):
    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="filings"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=FilingKind.choices)
    filed_on = models.DateField(_("filed on"))
    # The figure in force on the filing day, kept so a later policy change moves no due date.
    check_working_days = models.PositiveSmallIntegerField(_("check within (working days)"))
    check_due_on = models.DateField(_("on-site check due"))
    required_documents = models.JSONField(_("required documents"), default=list)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=FilingStatus.choices,
        default=FilingStatus.AWAITING_CHECK,
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    check_result = models.CharField(
        _("check result"), max_length=16, choices=CheckResult.choices, blank=True
    )
    check_note = models.CharField(_("check note"), max_length=500, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = FilingQuerySet.as_manager()

    class Meta:
        ordering = ["-filed_on", "-pk"]
        verbose_name = _("filing")
        verbose_name_plural = _("filings")

    def __str__(self) -> str:
        return f"{self.institution} {self.get_kind_display()} {self.filed_on}"

    def checklist(self, documents: list[FilingDocument] | None = None) -> list[dict]:
        """Each required document with whether it was uploaded."""
        have = {doc.code for doc in (documents if documents is not None else self.documents.all())}
        return [
            {"code": item["code"], "name": item["name"], "provided": item["code"] in have}
            for item in self.required_documents
        ]


def _upload_to(instance: FilingDocument, filename: str) -> str:
    return f"institutions/filings/{instance.filing_id}/{filename}"


class FilingDocument(models.Model):
    filing = models.ForeignKey(
        Filing, verbose_name=_("filing"), on_delete=models.CASCADE, related_name="documents"
    )
    code = models.CharField(_("document"), max_length=40)
    file = models.FileField(_("file"), upload_to=_upload_to)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("filing document")
        verbose_name_plural = _("filing documents")

    def __str__(self) -> str:
        return self.code


class FilingEvent(models.Model):
    """One step of a filing, for its timeline."""

    filing = models.ForeignKey(
        Filing, verbose_name=_("filing"), on_delete=models.CASCADE, related_name="events"
    )
    type = models.CharField(_("type"), max_length=20, choices=FilingEventType.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("filing event")
        verbose_name_plural = _("filing events")

    def __str__(self) -> str:
        return f"{self.filing_id} {self.type}"
