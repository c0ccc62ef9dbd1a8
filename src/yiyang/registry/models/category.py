"""Categories (人员类别) an elder holds, and maker-checker changes of the money-moving ones."""

from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.core.models.scoped import RegionScopedQuerySet
from yiyang.registry.choices import Category, CategoryChangeKind, CategoryChangeStatus


class ElderCategory(models.Model):
    """One category held by an elder from `valid_from` to `valid_to` (inclusive), with its source."""

    elder = models.ForeignKey(
        "registry.Elder",
        verbose_name=_("elder"),
        on_delete=models.CASCADE,
        related_name="categories",
    )
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("elder category")
        verbose_name_plural = _("elder categories")
        ordering = ["category", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="%(app_label)s_%(class)s_period_ordered",
                violation_error_message=_("A category cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.get_category_display()

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


class CategoryChangeQuerySet(RegionScopedQuerySet["CategoryChange"]):
    region_paths = ("elder__residence_region__code",)
    default_capability = "registry.view_elder"

    def pending(self) -> Self:
        return self.filter(status=CategoryChangeStatus.PENDING)


class CategoryChange(models.Model):
    """A proposed grant or end of a money-moving category (特困, 低保, 低保边缘, 低收入).

    It takes effect only when a second person approves it (maker-checker); both are recorded.
    """

    elder = models.ForeignKey(
        "registry.Elder",
        verbose_name=_("elder"),
        on_delete=models.CASCADE,
        related_name="category_changes",
    )
    kind = models.CharField(_("change"), max_length=8, choices=CategoryChangeKind.choices)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    effective_date = models.DateField(_("effective date"))
    source = models.CharField(_("source"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CategoryChangeStatus.choices,
        default=CategoryChangeStatus.PENDING,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=500, blank=True)
    result = models.ForeignKey(
        ElderCategory,
        verbose_name=_("resulting category"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    objects = CategoryChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("category change")
        verbose_name_plural = _("category changes")
        ordering = ["-proposed_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True)
                | ~models.Q(decided_by=models.F("proposed_by")),
                name="%(app_label)s_%(class)s_second_person_decides",
                violation_error_message=_("The person who proposed a change cannot approve it."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_category_display()}"
