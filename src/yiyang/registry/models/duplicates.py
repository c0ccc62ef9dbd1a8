"""Possible duplicates: two records that may be one person, for a clerk to merge or dismiss."""

from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.core.models.scoped import RegionScopedQuerySet
from yiyang.registry.choices import DuplicateReason, DuplicateStatus


class DuplicateCandidateQuerySet(RegionScopedQuerySet["DuplicateCandidate"]):
    """Pairs are visible only when the user may see both records."""

    region_paths = (
        "elder_a__residence_region__code",
        "elder_b__residence_region__code",
    )
    default_capability = "registry.view_elder"

    def open(self) -> Self:
        return self.filter(status=DuplicateStatus.OPEN)


class DuplicateCandidate(models.Model):
    """A pair of elder records (lower pk first) that may be the same person.

    A pair is stored once: a dismissed pair keeps its row, so detection never raises it again.
    """

    elder_a = models.ForeignKey(
        "registry.Elder", verbose_name=_("record A"), on_delete=models.CASCADE, related_name="+"
    )
    elder_b = models.ForeignKey(
        "registry.Elder", verbose_name=_("record B"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=32, choices=DuplicateReason.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN
    )
    found_at = models.DateTimeField(_("found at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = DuplicateCandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["-found_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["elder_a", "elder_b"], name="%(app_label)s_%(class)s_pair_once"
            ),
            models.CheckConstraint(
                condition=models.Q(elder_a__lt=models.F("elder_b")),
                name="%(app_label)s_%(class)s_pair_ordered",
                violation_error_message=_("A pair is stored with the lower record first."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.elder_a_id}~{self.elder_b_id}"
