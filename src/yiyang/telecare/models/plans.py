"""Each elder's response plan: whom to call in what order, how to get in, what to know."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.core.models.scoped import RegionScopedQuerySet
from yiyang.telecare.choices import ResponderRole


class ResponsePlanQuerySet(RegionScopedQuerySet["ResponsePlan"]):
    region_paths = ("elder__residence_region__code",)
    default_capability = "telecare.view_alarm"


class ResponsePlan(models.Model):
    """The elder's response plan (应急响应预案, issue 7): operators follow it on screen.

    The contact cascade is ordered; a contact is called only if they agreed to be (consent
    recorded with its date). Home access says how a responder gets in (key safe, keyholder);
    `conditions` what they must know (diabetes, dementia, a dog …).
    """

    elder = models.OneToOneField(
        "registry.Elder",
        verbose_name=_("elder"),
        on_delete=models.CASCADE,
        related_name="response_plan",
    )
    home_access = models.CharField(_("home access"), max_length=300, blank=True)
    conditions = models.CharField(_("conditions to know"), max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = ResponsePlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("response plan")
        verbose_name_plural = _("response plans")

    def __str__(self) -> str:
        return str(self.elder)


class PlanContact(models.Model):
    """One person of the cascade, called in `position` order."""

    plan = models.ForeignKey(
        ResponsePlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="contacts"
    )
    position = models.PositiveSmallIntegerField(_("call order"))
    role = models.CharField(_("role"), max_length=20, choices=ResponderRole.choices)
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20)
    has_consented = models.BooleanField(_("agreed to be called"), default=False)
    consented_on = models.DateField(_("agreed on"), null=True, blank=True)
    is_keyholder = models.BooleanField(_("holds a key"), default=False)

    class Meta:
        verbose_name = _("plan contact")
        verbose_name_plural = _("plan contacts")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "position"],
                name="%(app_label)s_%(class)s_one_per_position",
                violation_error_message=_("Two contacts have the same call order."),
            ),
            models.CheckConstraint(
                condition=models.Q(has_consented=False) | models.Q(consented_on__isnull=False),
                name="%(app_label)s_%(class)s_consent_has_date",
                violation_error_message=_("Consent is recorded with its date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"
