"""One ability assessment of an elder, from request to final result, and objections to it."""

from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.assessment.choices import (
    AssessmentEventType,
    AssessmentReason,
    AssessmentStatus,
    ObjectionStatus,
    RequestSource,
)
from yiyang.core.models.scoped import RegionScopedQuerySet
from yiyang.core.roles import Role


class AssessmentQuerySet(RegionScopedQuerySet["Assessment"]):
    region_paths = ("elder__residence_region__code",)
    default_capability = "assessment.view_assessment"

    def visible_to(self, user, capability: str | None = None) -> Self:
        """Staff see assessments of elders in their region; an assessor sees the cases assigned
        to them (as lead or second assessor), wherever the elder lives."""
        if (
            getattr(user, "is_authenticated", False)
            and user.role == Role.ASSESSOR
            and not user.is_superuser
        ):
            if not user.has_capability(capability or self.default_capability):
                return self.none()
            return self.filter(
                models.Q(lead_assessor__user=user) | models.Q(second_assessor__user=user)
            )
        return super().visible_to(user, capability)

    def final(self) -> Self:
        return self.filter(status=AssessmentStatus.FINAL)

    def valid_on(self, day) -> Self:
        """Final results still valid on a day."""
        return self.final().filter(valid_until__gte=day)


class Assessment(models.Model):
    """An ability assessment (老年人能力评估) under a scale version, by two assessors.

    Life: requested → assigned → being assessed → submitted → publicised (公示) → final, or
    objected → superseded by a re-assessment of other assessors. The elder's ability level is
    the latest final result still valid (seed 000 §(一)1; seed 001 item 7; GB/T 42195-2022).
    """

    elder = models.ForeignKey(
        "registry.Elder",
        verbose_name=_("elder"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    scale = models.ForeignKey(
        "assessment.Scale",
        verbose_name=_("scale"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    reason = models.CharField(_("reason"), max_length=12, choices=AssessmentReason.choices)
    request_source = models.CharField(
        _("requested through"), max_length=20, choices=RequestSource.choices
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.REQUESTED,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    request_note = models.CharField(_("request note"), max_length=500, blank=True)
    agency = models.ForeignKey(
        "assessment.AssessmentAgency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="assessments",
        null=True,
        blank=True,
    )
    lead_assessor = models.ForeignKey(
        "assessment.Assessor",
        verbose_name=_("lead assessor"),
        on_delete=models.PROTECT,
        related_name="led_assessments",
        null=True,
        blank=True,
    )
    second_assessor = models.ForeignKey(
        "assessment.Assessor",
        verbose_name=_("second assessor"),
        on_delete=models.PROTECT,
        related_name="seconded_assessments",
        null=True,
        blank=True,
    )
    assessed_on = models.DateField(_("assessment date"), null=True, blank=True)
    # Annex A: basic information (A.2 …), disease diagnoses (A.4, ICD-10), risk events of the last
    # 30 days (A.2.14) and coma (A.5.11); Annex B: the item answers by the standard's codes.
    basic_info = models.JSONField(_("basic information"), default=dict, blank=True)
    diagnoses = models.JSONField(_("diagnoses"), default=list, blank=True)
    risk_events = models.JSONField(_("risk events in the last 30 days"), default=dict, blank=True)
    coma = models.BooleanField(_("coma"), default=False)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    dimension_scores = models.JSONField(_("dimension scores"), default=dict, blank=True)
    total = models.PositiveSmallIntegerField(_("total"), null=True, blank=True)
    initial_level = models.PositiveSmallIntegerField(_("initial level"), null=True, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    level_reasons = models.JSONField(_("how the level was decided"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.CharField(_("review note"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    publicity_ends_on = models.DateField(_("publicity ends on"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("final at"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("re-assessment of"),
        on_delete=models.PROTECT,
        related_name="reassessments",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lead_assessor__isnull=True)
                | models.Q(second_assessor__isnull=True)
                | ~models.Q(lead_assessor=models.F("second_assessor")),
                name="%(app_label)s_%(class)s_two_different_assessors",
                violation_error_message=_("An assessment needs two different assessors."),
            ),
            models.CheckConstraint(
                condition=models.Q(level__isnull=True) | models.Q(level__lte=5),
                name="%(app_label)s_%(class)s_level_in_range",
                violation_error_message=_("A level is between 0 and 5."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["elder", "status", "-finalised_at"], name="assessment_elder_status"
            ),
            models.Index(fields=["status", "valid_until"], name="assessment_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.elder} {self.scale}"


class AssessmentEvent(models.Model):
    """One step of an assessment's life, with who took it and when (STYLE.md B12)."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="events"
    )
    event_type = models.CharField(_("event"), max_length=24, choices=AssessmentEventType.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    occurred_at = models.DateTimeField(_("time"), default=timezone.now)
    old_status = models.CharField(_("from"), max_length=12, blank=True)
    new_status = models.CharField(_("to"), max_length=12, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("assessment event")
        verbose_name_plural = _("assessment events")
        ordering = ["occurred_at", "pk"]

    def __str__(self) -> str:
        return self.event_type


class ObjectionQuerySet(RegionScopedQuerySet["Objection"]):
    region_paths = ("assessment__elder__residence_region__code",)
    default_capability = "assessment.view_assessment"


class Objection(models.Model):
    """An objection to a published result (异议), raised in the publicity period; upheld, it
    orders a re-assessment by other assessors."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.PROTECT,
        related_name="objections",
    )
    raised_by_name = models.CharField(_("raised by"), max_length=50)
    reason = models.CharField(_("reason"), max_length=1000)
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=500, blank=True)
    reassessment = models.ForeignKey(
        Assessment,
        verbose_name=_("re-assessment"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    objects = ObjectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-raised_at"]

    def __str__(self) -> str:
        return f"{self.assessment_id}: {self.raised_by_name}"
