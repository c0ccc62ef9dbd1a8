"""Institutions (养老机构), community facilities (社区养老服务设施), their staff accounts and the
filing policy figures."""

from __future__ import annotations

from datetime import date
from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.core.models.scoped import RegionScopedQuerySet
from yiyang.core.roles import Role
from yiyang.institutions.choices import (
    FacilityKind,
    FacilityService,
    InstitutionKind,
    InstitutionStatus,
    LegalForm,
    Ownership,
)


def _institution_staff(user) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.role == Role.INSTITUTION_STAFF
        and not user.is_superuser
    )


class InstitutionQuerySet(RegionScopedQuerySet["Institution"]):
    """Clerks see the institutions of their region and below; an institution's own staff see
    only their institution, wherever their home region is."""

    region_paths = ("region__code",)
    default_capability = "institutions.view_institution"

    def visible_to(self, user, capability: str | None = None) -> Self:
        if _institution_staff(user):
            if not user.has_capability(capability or self.default_capability):
                return self.none()
            return self.filter(staff_memberships__user=user)
        return super().visible_to(user, capability)

    def operating(self) -> Self:
        return self.filter(status=InstitutionStatus.OPERATING)


class Institution(models.Model):
    """A care institution filed with the civil-affairs bureau (备案制 since 2019)."""

    name = models.CharField(_("name"), max_length=100)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    ownership = models.CharField(_("ownership"), max_length=20, choices=Ownership.choices)
    legal_form = models.CharField(_("legal form"), max_length=24, choices=LegalForm.choices)
    kind = models.CharField(_("kind"), max_length=24, choices=InstitutionKind.choices)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    operator = models.CharField(_("operator"), max_length=100, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50)
    contact_phone = models.CharField(_("contact phone"), max_length=20)
    fire_safety_accepted = models.BooleanField(_("fire-safety acceptance passed"), default=False)
    liability_insured_until = models.DateField(
        _("liability insurance valid until"), null=True, blank=True
    )
    # The published monthly price range (bed, care and meals), shown on the public list.
    price_min_fen = models.PositiveIntegerField(
        _("lowest monthly price (fen)"), null=True, blank=True
    )
    price_max_fen = models.PositiveIntegerField(
        _("highest monthly price (fen)"), null=True, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=InstitutionStatus.choices,
        default=InstitutionStatus.FILED,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self) -> str:
        return self.name

    def insured_on(self, day: date) -> bool:
        return self.liability_insured_until is not None and self.liability_insured_until >= day


class FacilityQuerySet(RegionScopedQuerySet["Facility"]):
    region_paths = ("region__code",)
    default_capability = "institutions.view_institution"


class Facility(models.Model):
    """A community facility: day-care centre, care station, meal point, mutual-aid home."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=24, choices=FacilityKind.choices)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    operator = models.CharField(_("operator"), max_length=100, blank=True)
    services = models.JSONField(_("services offered"), default=list, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = FacilityQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")

    def __str__(self) -> str:
        return self.name

    @property
    def service_labels(self) -> list[str]:
        labels = dict(FacilityService.choices)
        return [str(labels.get(code, code)) for code in self.services]


class InstitutionMembership(models.Model):
    """Links an institution-staff account to its institution: one institution per account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="institution_membership",
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="staff_memberships",
    )

    class Meta:
        verbose_name = _("institution membership")
        verbose_name_plural = _("institution memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.institution}"


def default_required_documents() -> list[dict[str, str]]:
    return []


class InstitutionPolicyQuerySet(models.QuerySet["InstitutionPolicy"]):
    def in_force(self, on: date | None = None) -> InstitutionPolicy:
        """The version in force on a day (the latest that started on or before it)."""
        on = on or timezone.localdate()
        policy = self.filter(effective_from__lte=on).order_by("-effective_from").first()
        return policy or InstitutionPolicy()


class InstitutionPolicy(models.Model):
    """The filing figures: how many working days the on-site check may take after a filing,
    and the documents a filing needs. A new row takes effect from its date."""

    effective_from = models.DateField(_("effective from"), unique=True)
    check_working_days = models.PositiveSmallIntegerField(
        _("on-site check within (working days)"), default=20
    )
    required_documents = models.JSONField(
        _("required documents"), default=default_required_documents, blank=True
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = InstitutionPolicyQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("institution policy")
        verbose_name_plural = _("institution policies")

    def __str__(self) -> str:
        return f"{self.effective_from}: {self.check_working_days}"
