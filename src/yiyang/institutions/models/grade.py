"""Grade assessment of care institutions (等级评定, GB/T 37276-2018).

The standard's structure is data, never code: a `GradeScheme` row holds the assessed parts with
their items and points and the table of minimum scores per grade, effective from a date, and an
assessment keeps the scheme it was scored on. The parts and their split (环境 120, 设施设备 130,
运营管理 150, 服务 600, total 1000) and the thresholds are unverified in
shared/standards/domain-rules.md §2: the city administrator edits them from the standard's text.
"""

from __future__ import annotations

from datetime import date
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.institutions.models.beds import _InstitutionScoped
from yiyang.institutions.models.institution import Institution


class GradeSchemeQuerySet(models.QuerySet["GradeScheme"]):
    def in_force(self, on: date | None = None) -> GradeScheme | None:
        day = on or timezone.localdate()
        return self.filter(effective_from__lte=day).order_by("-effective_from").first()


class GradeScheme(models.Model):
    """The scoring sheet of GB/T 37276 as the city has entered it (parts, items, thresholds).

    `sections`: [{"code", "name", "items": [{"code", "name", "max_points"}]}].
    `thresholds`: [{"grade": 1..5, "min_total": n, "min_sections": {code: n}}]; a grade is given
    when every minimum holds, the highest such grade wins.
    """

    effective_from = models.DateField(_("effective from"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    sections = models.JSONField(_("sections and items"))
    thresholds = models.JSONField(_("minimum scores per grade"), default=list, blank=True)
    validity_years = models.PositiveSmallIntegerField(_("valid for (years)"), default=3)
    is_verified = models.BooleanField(_("checked against the standard's text"), default=False)
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = GradeSchemeQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("grade scheme")
        verbose_name_plural = _("grade schemes")

    def __str__(self) -> str:
        return f"{self.name} ({self.effective_from})"


class GradeAssessmentQuerySet(_InstitutionScoped):
    region_paths = ("institution__region__code",)

    def valid_on(self, day: date) -> Self:
        return self.filter(Q(valid_until__gte=day), assessed_on__lte=day, grade__isnull=False)

    def current_grades(self, day: date) -> dict[int, int]:
        """{institution pk: grade} of the latest valid assessment of each institution."""
        grades: dict[int, int] = {}
        rows = self.valid_on(day).order_by("institution_id", "-assessed_on", "-pk")
        for institution_pk, grade in rows.values_list("institution_id", "grade"):
            grades.setdefault(institution_pk, grade)
        return grades


class GradeAssessment(models.Model):
    """等级评定: one assessment of an institution on a scheme, its points and the grade given."""

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="grade_assessments",
    )
    scheme = models.ForeignKey(
        GradeScheme, verbose_name=_("grade scheme"), on_delete=models.PROTECT, related_name="+"
    )
    assessed_on = models.DateField(_("assessed on"))
    prerequisites_met = models.BooleanField(_("basic requirements met"))
    scores = models.JSONField(_("points per item"))
    section_totals = models.JSONField(_("points per part"))
    total = models.DecimalField(_("total points"), max_digits=7, decimal_places=1)
    grade = models.PositiveSmallIntegerField(_("grade"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = GradeAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("grade assessment")
        verbose_name_plural = _("grade assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(grade__isnull=True) | Q(grade__gte=1, grade__lte=5),
                name="institutions_gradeassessment_grade_range",
                violation_error_message=_("A grade is from 1 to 5."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.assessed_on}: {self.grade}"
