"""The statutory calendar as data: the published years and their special days (domain-rules.md §5.8).

Each December the State Council publishes the next year's public holidays and the weekend days
worked in exchange (调休上班). A city administrator enters them as a draft year and publishes it;
only published years count, so a half-entered year is never used for a deadline.
"""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYearStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class SpecialDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Public holiday")
    WORKDAY = "workday", _("Adjusted working day")


class CalendarYearQuerySet(models.QuerySet["CalendarYear"]):
    """The calendar is national and holds nothing personal: every signed-in user may read it."""

    def published(self) -> Self:
        return self.filter(status=CalendarYearStatus.PUBLISHED)


class SpecialDayQuerySet(models.QuerySet["SpecialDay"]):
    def published(self) -> Self:
        return self.filter(calendar_year__status=CalendarYearStatus.PUBLISHED)

    def from_day(self, day) -> Self:
        return self.filter(day__gte=day)


class CalendarYear(models.Model):
    """One year of the statutory calendar and the notice it comes from."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CalendarYearStatus.choices,
        default=CalendarYearStatus.DRAFT,
    )
    source_document = models.CharField(
        _("source document"),
        max_length=200,
        help_text=_("The State Council notice, e.g. 国办发明电〔2025〕7号."),
    )
    notice_date = models.DateField(_("date of the notice"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CalendarYearQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")

    def __str__(self) -> str:
        return str(self.year)

    @property
    def is_published(self) -> bool:
        return self.status == CalendarYearStatus.PUBLISHED


class SpecialDay(models.Model):
    """A public holiday, or a weekend day worked in exchange for one (调休上班)."""

    calendar_year = models.ForeignKey(
        CalendarYear,
        verbose_name=_("year"),
        on_delete=models.CASCADE,
        related_name="special_days",
    )
    day = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=SpecialDayKind.choices)
    name = models.CharField(_("name"), max_length=60)

    objects = SpecialDayQuerySet.as_manager()

    class Meta:
        ordering = ["day"]
        verbose_name = _("special day")
        verbose_name_plural = _("special days")

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {self.name}"
