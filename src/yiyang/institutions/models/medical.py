"""Agreements with medical institutions (医养结合): who, what scope, from when to when, and whether
residents have a green channel (绿色通道) to the hospital."""

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


class MedicalAgreementQuerySet(_InstitutionScoped):
    region_paths = ("institution__region__code",)

    def in_force(self, on: date) -> Self:
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on), starts_on__lte=on)


class MedicalAgreement(models.Model):
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="medical_agreements",
    )
    medical_institution = models.CharField(_("medical institution"), max_length=100)
    scope = models.CharField(_("scope"), max_length=300)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    green_channel = models.BooleanField(_("green channel"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = MedicalAgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("medical agreement")
        verbose_name_plural = _("medical agreements")

    def __str__(self) -> str:
        return f"{self.institution} – {self.medical_institution}"
