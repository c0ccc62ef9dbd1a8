"""A resident's temporary absence (请假离院: hospital, a visit home) with the bed held for them.

The stay goes on during a leave: the bed stays occupied and the fee terms are unchanged, so a
family never finds the bed given away while grandmother is in hospital. Only one open leave per
stay, a database constraint.
"""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yiyang.institutions.choices import LeaveKind
from yiyang.institutions.models.beds import Residency, _InstitutionScoped


class ResidencyLeaveQuerySet(_InstitutionScoped):
    region_paths = ("residency__institution__region__code",)
    institution_path = "residency__institution"
    default_capability = "institutions.view_resident"

    def open(self) -> Self:
        return self.filter(returned_on__isnull=True)


class ResidencyLeave(models.Model):
    """请假离院: one absence of a resident, from leaving to returning."""

    residency = models.ForeignKey(
        Residency, verbose_name=_("residency"), on_delete=models.PROTECT, related_name="leaves"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=LeaveKind.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    started_on = models.DateField(_("left on"))
    expected_return_on = models.DateField(_("expected back on"))
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )

    objects = ResidencyLeaveQuerySet.as_manager()

    class Meta:
        ordering = ["started_on", "pk"]
        verbose_name = _("leave")
        verbose_name_plural = _("leaves")
        constraints = [
            models.UniqueConstraint(
                fields=["residency"],
                condition=Q(returned_on__isnull=True),
                name="institutions_one_open_leave_per_residency",
                violation_error_message=_("This resident is already on leave."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.residency_id} {self.started_on}–{self.returned_on or ''}"
