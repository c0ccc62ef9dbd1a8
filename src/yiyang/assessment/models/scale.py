"""Assessment scales as versioned data (GB/T 42195-2022, MZ/T 039-2013, the 2021 LTC scale)."""

from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.assessment.choices import ScaleStatus


class ScaleQuerySet(models.QuerySet["Scale"]):
    def usable(self) -> Self:
        """Published versions whose rules are verified (or confirmed by an administrator)."""
        return self.filter(status=ScaleStatus.PUBLISHED, is_verified=True)


class Scale(models.Model):
    """One version of an assessment scale (评估量表): items, options, totals and level rules.

    `definition` holds everything scoring needs (see docs/modules/assessment.md for its shape). A
    published version in use is never edited; a change is a new version.
    """

    code = models.CharField(_("scale"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=ScaleStatus.choices, default=ScaleStatus.DRAFT
    )
    # False while any rule of the version is marked "to verify" in the standards file; such a
    # version scores nothing until an administrator confirms it against the official text.
    is_verified = models.BooleanField(_("rules verified"), default=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    definition = models.JSONField(_("definition"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = ScaleQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment scale")
        verbose_name_plural = _("assessment scales")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="%(app_label)s_%(class)s_version_once"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(status="published"),
                name="%(app_label)s_%(class)s_one_published_version",
                violation_error_message=_(
                    "Only one version of a scale can be published at a time."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"
