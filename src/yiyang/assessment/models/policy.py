"""Assessment policy figures as effective-dated data (DESIGN.md rule 3)."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AssessmentPolicyQuerySet(models.QuerySet["AssessmentPolicy"]):
    def in_force(self, on: date | None = None) -> "AssessmentPolicy":
        """The version in force on a day (the latest that started on or before it)."""
        on = on or timezone.localdate()
        policy = self.filter(effective_from__lte=on).order_by("-effective_from").first()
        return policy or AssessmentPolicy()


class AssessmentPolicy(models.Model):
    """How long results stay valid, how long they are publicised, how rechecks are drawn.

    Seed 001 item 7 asks for spot rechecks (抽查复评); the figures are a city's choice, so a new
    row takes effect from its date and never rewrites the past.
    """

    effective_from = models.DateField(_("effective from"), unique=True)
    validity_months = models.PositiveSmallIntegerField(_("result valid for (months)"), default=12)
    reminder_days = models.PositiveSmallIntegerField(_("remind before lapse (days)"), default=30)
    publicity_working_days = models.PositiveSmallIntegerField(
        _("publicity period (working days)"), default=5
    )
    recheck_share = models.DecimalField(
        _("share of final assessments rechecked"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.050"),
    )
    large_disagreement_levels = models.PositiveSmallIntegerField(
        _("levels apart that count as a large disagreement"), default=2
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = AssessmentPolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment policy")
        verbose_name_plural = _("assessment policies")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return str(self.effective_from)
