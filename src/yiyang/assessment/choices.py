"""Choices of the assessment module (GLOSSARY.md names; GB/T 42195-2022 Annex A wording)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScaleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class AssessmentReason(models.TextChoices):
    """A.1 评估原因."""

    FIRST = "first", _("First assessment")
    ROUTINE = "routine", _("Routine re-assessment")
    IMMEDIATE = "immediate", _("Immediate assessment (condition changed)")
    OBJECTION = "objection", _("Re-assessment after an objection")
    RECHECK = "recheck", _("Spot recheck")
    OTHER = "other", _("Other")


class RequestSource(models.TextChoices):
    ELDER_OR_FAMILY = "elder_or_family", _("Elder or family")
    COMMUNITY = "community", _("Community")
    INSTITUTION = "institution", _("Institution")
    AUTOMATIC = "automatic", _("Automatic (due or condition changed)")


class AssessmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("Being assessed")
    SUBMITTED = "submitted", _("Submitted for review")
    PUBLICISED = "publicised", _("In publicity period")
    OBJECTED = "objected", _("Objection raised")
    FINAL = "final", _("Final")
    SUPERSEDED = "superseded", _("Superseded")
    CANCELLED = "cancelled", _("Cancelled")


class AssessmentEventType(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ASSIGNED = "assigned", _("Assigned")
    STARTED = "started", _("Started")
    SAVED = "saved", _("Answers saved")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    PUBLISHED = "published", _("Published")
    OBJECTED = "objected", _("Objection raised")
    OBJECTION_DISMISSED = "objection_dismissed", _("Objection dismissed")
    FINALISED = "finalised", _("Final")
    SUPERSEDED = "superseded", _("Superseded")
    CANCELLED = "cancelled", _("Cancelled")


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UPHELD = "upheld", _("Re-assessment ordered")
    DISMISSED = "dismissed", _("Dismissed")


class RecheckRoundStatus(models.TextChoices):
    DRAWN = "drawn", _("Sample drawn")
    COMPLETE = "complete", _("Complete")
