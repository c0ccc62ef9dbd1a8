"""Spot rechecks (抽查复评, seed 001 item 7): a reproducible random sample re-assessed by others."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.assessment.choices import RecheckRoundStatus
from yiyang.core.models.scoped import RegionScopedQuerySet


class RecheckRoundQuerySet(RegionScopedQuerySet["RecheckRound"]):
    region_paths = ("region__code",)
    default_capability = "assessment.view_assessment"


class RecheckRound(models.Model):
    """One quarter's recheck of a region: the share drawn, the seed that drew it, and who drew it.

    The draw is reproducible: the same final assessments, share and seed give the same sample.
    """

    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="recheck_rounds",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    share = models.DecimalField(_("share drawn"), max_digits=4, decimal_places=3)
    seed = models.BigIntegerField(_("random seed"))
    population_size = models.PositiveIntegerField(_("final assessments in the quarter"), default=0)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RecheckRoundStatus.choices,
        default=RecheckRoundStatus.DRAWN,
    )
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    drawn_at = models.DateTimeField(_("drawn at"), default=timezone.now)

    objects = RecheckRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("recheck round")
        verbose_name_plural = _("recheck rounds")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "quarter"],
                name="%(app_label)s_%(class)s_once_per_quarter",
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4),
                name="%(app_label)s_%(class)s_quarter_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}Q{self.quarter}"


class RecheckCase(models.Model):
    """One drawn assessment and its recheck by a different team."""

    round = models.ForeignKey(
        RecheckRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="cases"
    )
    original = models.ForeignKey(
        "assessment.Assessment",
        verbose_name=_("original assessment"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recheck = models.OneToOneField(
        "assessment.Assessment",
        verbose_name=_("recheck assessment"),
        on_delete=models.PROTECT,
        related_name="recheck_case",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("recheck case")
        verbose_name_plural = _("recheck cases")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "original"], name="%(app_label)s_%(class)s_drawn_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.original_id}"
