"""Assessment agencies (评估机构) contracted by the bureau, and their assessors (评估员)."""

from datetime import date
from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.core.models.scoped import RegionScopedQuerySet


class AgencyQuerySet(RegionScopedQuerySet["AssessmentAgency"]):
    """Agencies contracted for the user's region or above it are what the user may assign."""

    region_paths = ("region__code",)
    default_capability = "assessment.view_assessment"

    def serving(self, region_code: str) -> Self:
        """Agencies whose service region contains `region_code`."""
        prefixes = {region_code[:length] for length in (2, 4, 6, 9, 12)}
        return self.filter(region__code__in=[p.ljust(12, "0") for p in prefixes], is_active=True)


class AssessmentAgency(models.Model):
    """An agency the bureau contracts to run assessments (seed 000: 招募评估机构实施评估)."""

    name = models.CharField(_("name"), max_length=200)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("service region"),
        on_delete=models.PROTECT,
        related_name="assessment_agencies",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    contract_start = models.DateField(_("contract start"), null=True, blank=True)
    contract_end = models.DateField(_("contract end"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment agency")
        verbose_name_plural = _("assessment agencies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AssessorQuerySet(models.QuerySet["Assessor"]):
    def visible_to(self, user, capability: str = "assessment.view_assessment") -> Self:
        """Assessors of agencies the user may see."""
        return self.filter(agency__in=AssessmentAgency.objects.visible_to(user, capability))

    def qualified(self, on: date | None = None) -> Self:
        """Active assessors holding a certificate valid on the day (only they may sign)."""
        on = on or timezone.localdate()
        return self.filter(is_active=True, certified_on__lte=on).filter(
            models.Q(certificate_valid_until__isnull=True)
            | models.Q(certificate_valid_until__gte=on)
        )


class Assessor(models.Model):
    """A person qualified to assess (评估员), working for an agency; seed 001 item 7 asks for
    assessor training and examination."""

    agency = models.ForeignKey(
        AssessmentAgency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="assessors",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.PROTECT,
        related_name="assessor",
        null=True,
        blank=True,
    )
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=50, blank=True)
    certified_on = models.DateField(_("certified on"), null=True, blank=True)
    certificate_valid_until = models.DateField(_("certificate valid until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = AssessorQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessor")
        verbose_name_plural = _("assessors")
        ordering = ["agency", "name"]

    def __str__(self) -> str:
        return self.name

    def is_qualified(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return bool(
            self.is_active
            and self.certified_on is not None
            and self.certified_on <= on
            and (self.certificate_valid_until is None or self.certificate_valid_until >= on)
        )


class AssessorTraining(models.Model):
    """A training course or examination an assessor took."""

    assessor = models.ForeignKey(
        Assessor, verbose_name=_("assessor"), on_delete=models.CASCADE, related_name="trainings"
    )
    topic = models.CharField(_("topic"), max_length=200)
    taken_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=0)
    exam_score = models.PositiveSmallIntegerField(_("examination score"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), default=True)

    class Meta:
        verbose_name = _("assessor training")
        verbose_name_plural = _("assessor trainings")
        ordering = ["-taken_on"]

    def __str__(self) -> str:
        return self.topic
