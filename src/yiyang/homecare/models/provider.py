"""Providers (服务商), their staff accounts and the caregivers they employ (issue 5)."""

from __future__ import annotations

from datetime import time
from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.core.roles import Role
from yiyang.core.scoping import region_prefix
from yiyang.homecare.choices import ProviderKind, ProviderStatus, TravelMode


def ancestors(prefix: str) -> list[str]:
    """The 12-digit codes of the regions above a code prefix (city and district of a street)."""
    return [prefix[:length].ljust(12, "0") for length in (2, 4, 6, 9) if length < len(prefix)]


class ProviderQuerySet(models.QuerySet["Provider"]):
    def visible_to(self, user, capability: str | None = None) -> Self:
        """Provider staff see their own provider; officials the providers serving their region.

        A provider serves its service area: a street clerk sees those serving the street, the
        street's district or the whole city, and those registered below the clerk's region.
        """
        prefix = region_prefix(user, capability or "homecare.view_provider")
        if prefix is None:
            return self.none()
        if user.role == Role.PROVIDER_STAFF and not user.is_superuser:
            return self.filter(staff__user=user)
        if prefix == "":
            return self.all()
        serving = models.Q(region__code__startswith=prefix) | models.Q(
            service_areas__code__startswith=prefix
        )
        serving |= models.Q(service_areas__code__in=ancestors(prefix))
        return self.filter(pk__in=Provider.objects.filter(serving).values("pk"))

    def active(self) -> Self:
        return self.filter(status=ProviderStatus.ACTIVE)


class Provider(models.Model):
    """An organisation delivering home services (服务商/服务组织, GLOSSARY.md `Provider`; seed 000
    §(四)2 政府购买服务). Its credit code is checked (GB 32100)."""

    name = models.CharField(_("name"), max_length=100)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ProviderKind.choices)
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("registered in"),
        on_delete=models.PROTECT,
        related_name="homecare_providers",
    )
    service_areas = models.ManyToManyField(
        "core.Region", verbose_name=_("service area"), related_name="homecare_served_by"
    )
    contract_starts_on = models.DateField(_("contract from"))
    contract_ends_on = models.DateField(_("contract to"))
    contact_name = models.CharField(_("contact person"), max_length=50)
    contact_phone = models.CharField(_("contact phone"), max_length=20)
    status = models.CharField(
        _("status"), max_length=10, choices=ProviderStatus.choices, default=ProviderStatus.ACTIVE
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ProviderQuerySet.as_manager()

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contract_ends_on__gte=models.F("contract_starts_on")),
                name="%(app_label)s_%(class)s_contract_ends_after_start",
                violation_error_message=_("The contract ends after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ProviderStaff(models.Model):
    """A user account working for a provider (服务商工作人员); a manager also handles cases."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="provider_membership",
    )
    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.CASCADE, related_name="staff"
    )
    is_manager = models.BooleanField(_("is manager"), default=False)

    class Meta:
        verbose_name = _("provider staff member")
        verbose_name_plural = _("provider staff")

    def __str__(self) -> str:
        return f"{self.user} · {self.provider}"


class Employment(models.Model):
    """Which provider employs a caregiver (workforce does not know homecare, so it lives here)."""

    caregiver = models.OneToOneField(
        "workforce.Caregiver",
        verbose_name=_("caregiver"),
        on_delete=models.CASCADE,
        related_name="employment",
    )
    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="employments"
    )
    started_on = models.DateField(_("employed since"))
    # Where her working day starts and ends (home or a service centre) and her shift: the day
    # planner's input (issue 9). No start place, no planned route.
    start_latitude = models.DecimalField(
        _("start place latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    start_longitude = models.DecimalField(
        _("start place longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    shift_starts_at = models.TimeField(_("shift starts"), default=time(8, 0))
    shift_ends_at = models.TimeField(_("shift ends"), default=time(17, 0))
    # Her break (e.g. 30 minutes between 11:30 and 13:30), taken where she is; 0: none.
    break_minutes = models.PositiveSmallIntegerField(_("break (minutes)"), default=0)
    break_from = models.TimeField(_("break not before"), null=True, blank=True)
    break_until = models.TimeField(_("break over by"), null=True, blank=True)
    # Blank: the policy's travel speed (an e-bike's).
    travel_mode = models.CharField(
        _("travel mode"), max_length=10, choices=TravelMode.choices, blank=True
    )

    class Meta:
        verbose_name = _("employment")
        verbose_name_plural = _("employments")

    def __str__(self) -> str:
        return f"{self.caregiver} · {self.provider}"
