"""Caregivers (养老护理员), their certificates and training records (seed 001; GLOSSARY.md)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar, Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.core.models.scoped import RegionScopedQuerySet
from yiyang.core.roles import Role
from yiyang.core.scoping import region_prefix
from yiyang.core.validators.id_number import mask_id_number
from yiyang.core.validators.phone import mask_phone
from yiyang.workforce.choices import CaregiverStatus, CertificateKind, SkillLevel
from yiyang.workforce.qualification import CertificateFact


class CaregiverQuerySet(RegionScopedQuerySet["Caregiver"]):
    """Caregivers working in the user's region; a caregiver sees only their own record.

    Employers live in other apps (homecare's providers, later institutions), which workforce
    may not import: each registers an `employer_scopes` function giving the rows a user of its
    organisation may see (apps.ready), so provider staff see their own caregivers only.
    """

    region_paths = ("region__code",)
    default_capability = "workforce.view_caregiver"
    employer_scopes: ClassVar[list[Callable[[object], models.Q | None]]] = []

    def visible_to(self, user, capability: str | None = None) -> Self:
        if region_prefix(user, capability or self.default_capability) is None:
            return self.none()
        if getattr(user, "role", None) == Role.CAREGIVER and not user.is_superuser:
            return self.filter(user=user)
        for scope in self.employer_scopes:
            condition = scope(user)
            if condition is not None:
                return self.filter(condition)
        return super().visible_to(user, capability)

    def active(self) -> Self:
        return self.filter(status=CaregiverStatus.ACTIVE)

    def certified(self, *, on: date) -> Self:
        """Caregivers holding a skill certificate valid on `on` (持证养老护理员, seed 001)."""
        valid = models.Q(certificates__kind=CertificateKind.SKILL) & models.Q(
            certificates__issued_on__lte=on
        )
        unexpired = models.Q(certificates__expires_on__isnull=True) | models.Q(
            certificates__expires_on__gte=on
        )
        return self.filter(valid & unexpired).distinct()


class Caregiver(models.Model):
    """A front-line care worker (养老护理员, GLOSSARY.md `Caregiver`; seed 001 持证上岗).

    `region` is where the caregiver works (it scopes who sees the record); the employer is
    recorded by the employing app (homecare.Employment).
    """

    name = models.CharField(_("name"), max_length=50)
    id_number = models.CharField(_("identity number"), max_length=18, unique=True)
    birth_date = models.DateField(_("birth date"), editable=False)
    phone = models.CharField(_("phone"), max_length=20)
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("works in"),
        on_delete=models.PROTECT,
        related_name="caregivers",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        related_name="caregiver",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CaregiverStatus.choices, default=CaregiverStatus.ACTIVE
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = CaregiverQuerySet.as_manager()

    class Meta:
        verbose_name = _("caregiver")
        verbose_name_plural = _("caregivers")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def is_active(self) -> bool:
        return self.status == CaregiverStatus.ACTIVE

    def certificate_facts(self) -> list[CertificateFact]:
        """The certificates as facts for `qualification` (uses a prefetch when there is one)."""
        return [
            CertificateFact(
                kind=c.kind,
                issued_on=c.issued_on,
                expires_on=c.expires_on,
                skill_level=c.skill_level,
            )
            for c in self.certificates.all()
        ]


class Certificate(models.Model):
    """A skill certificate (职业技能等级证书, level 5 → 1) or a health certificate (健康证)."""

    caregiver = models.ForeignKey(
        Caregiver,
        verbose_name=_("caregiver"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CertificateKind.choices)
    skill_level = models.PositiveSmallIntegerField(
        _("skill level"), choices=SkillLevel.choices, null=True, blank=True
    )
    number = models.CharField(_("certificate number"), max_length=50)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["kind", "-issued_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="skill") & models.Q(skill_level__isnull=False))
                | (models.Q(kind="health") & models.Q(skill_level__isnull=True)),
                name="%(app_label)s_%(class)s_level_only_on_skill",
                violation_error_message=_("Only a skill certificate carries a skill level."),
            ),
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gte=models.F("issued_on")),
                name="%(app_label)s_%(class)s_expires_after_issue",
                violation_error_message=_("A certificate expires after it is issued."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class TrainingRecord(models.Model):
    """One training a caregiver took (培训记录): topic, date, hours (seed 001 培训)."""

    caregiver = models.ForeignKey(
        Caregiver,
        verbose_name=_("caregiver"),
        on_delete=models.CASCADE,
        related_name="trainings",
    )
    topic = models.CharField(_("topic"), max_length=100)
    taken_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-taken_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0),
                name="%(app_label)s_%(class)s_hours_positive",
                violation_error_message=_("Training hours are more than zero."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.caregiver} · {self.topic}"
