"""The elder (老年人) record: one identity number, one elder (seed 000 §(五)2, seed 001 item 7)."""

from __future__ import annotations

import contextlib
import re
from datetime import date
from typing import Self

from django.db import models
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.core.models.scoped import RegionScopedQuerySet
from yiyang.core.validators.id_number import age_on, mask_id_number
from yiyang.core.validators.phone import mask_phone
from yiyang.registry.choices import (
    ETHNICITIES,
    AbilityLevel,
    ElderStatus,
    Gender,
    LivingArrangement,
)

_DIGITS = re.compile(r"[0-9]+[xX]?")
_LETTERS = re.compile(r"[A-Za-z]+")


def years_before(day: date, years: int) -> date:
    """The date `years` before `day` (29 February falls back to 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


class ElderQuerySet(RegionScopedQuerySet["Elder"]):
    """Elders living in a region; `visible_to` limits to the user's region (DESIGN.md rule 1)."""

    region_paths = ("residence_region__code",)
    default_capability = "registry.view_elder"

    def in_region(self, code_prefix: str) -> Self:
        return self.filter(residence_region__code__startswith=code_prefix)

    def in_registry(self) -> Self:
        return self.filter(status=ElderStatus.ACTIVE)

    def aged_between(self, low: int | None, high: int | None, *, on: date | None = None) -> Self:
        """Elders aged `low` to `high` 周岁 inclusive on a day (today by default)."""
        on = on or timezone.localdate()
        queryset = self
        if low is not None:
            queryset = queryset.filter(birth_date__lte=years_before(on, low))
        if high is not None:
            # Aged at most `high`: born after the day one turns high + 1.
            queryset = queryset.filter(birth_date__gt=years_before(on, high + 1))
        return queryset

    def ability_level_counts(self, *, prefix_length: int, on: date | None = None) -> list[dict]:
        """Count elders by region (the first `prefix_length` digits of the community code) and
        by ability level valid on a day; a lapsed or missing assessment counts as level None.

        One grouped query, for the statistics of seed 000 (失能老年人) and issue 3.
        """
        on = on or timezone.localdate()
        valid_level = models.Case(
            models.When(ability_level_valid_until__gte=on, then=models.F("ability_level")),
            default=None,
            output_field=models.PositiveSmallIntegerField(),
        )
        rows = (
            self.annotate(
                region_prefix=Substr("residence_region_id", 1, prefix_length), level=valid_level
            )
            .values("region_prefix", "level")
            .annotate(count=models.Count("pk"))
            .order_by("region_prefix", "level")
        )
        return [dict(row) for row in rows]

    def holding(self, category: str, *, on: date | None = None) -> Self:
        """Elders holding a typed category on a day, or a derived one (advanced age)."""
        on = on or timezone.localdate()
        if category == "advanced_age":
            return self.aged_between(80, None, on=on)
        if category == "disabled":
            # 失能: a final assessment at level 1 (mild) or worse, still valid on the day.
            return self.filter(ability_level__gte=1, ability_level_valid_until__gte=on)
        return (
            self.filter(
                categories__category=category,
                categories__valid_from__lte=on,
            )
            .filter(
                models.Q(categories__valid_to__isnull=True) | models.Q(categories__valid_to__gte=on)
            )
            .distinct()
        )

    def search(self, text: str) -> Self:
        """Find by name, pinyin initials, identity number (or its end) or phone."""
        text = text.strip()
        if not text:
            return self
        if _DIGITS.fullmatch(text):
            value = text.upper()
            if len(value) >= 15:
                from yiyang.core.validators.id_number import InvalidIdNumber, parse_id_number

                with contextlib.suppress(InvalidIdNumber):
                    value = parse_id_number(value, today=timezone.localdate()).value
                return self.filter(id_number=value)
            if len(value) == 11 and value.startswith("1"):
                return self.filter(models.Q(phone_primary=value) | models.Q(phone_secondary=value))
            if len(value) >= 4:
                return self.filter(
                    models.Q(id_number__endswith=value)
                    | models.Q(phone_primary__endswith=value)
                    | models.Q(phone_secondary__endswith=value)
                )
            return self.none()
        if _LETTERS.fullmatch(text):
            return self.filter(name_initials__startswith=text.lower())
        return self.filter(name__contains=text)


class Elder(models.Model):
    """An elder (老年人) in the city's registry, keyed by the identity number (GB 11643).

    Gender and birth date come from the identity number; `advanced_age` and `disabled` are
    derived, never typed.
    """

    name = models.CharField(_("name"), max_length=50)
    name_initials = models.CharField(_("pinyin initials"), max_length=50, editable=False)
    # Unique through a constraint, not unique=True: on PostgreSQL that would add a second
    # (LIKE) index no query uses, and every index slows the million-row import.
    id_number = models.CharField(_("identity number"), max_length=18)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices, editable=False)
    birth_date = models.DateField(_("birth date"), editable=False, db_index=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=2, choices=ETHNICITIES, blank=True)
    phone_primary = models.CharField(_("phone"), max_length=20, blank=True)
    phone_secondary = models.CharField(_("second phone"), max_length=20, blank=True)
    hukou_region = models.ForeignKey(
        "core.Region",
        verbose_name=_("hukou region"),
        on_delete=models.PROTECT,
        related_name="hukou_elders",
        null=True,
        blank=True,
        db_index=False,
    )
    hukou_address = models.CharField(_("hukou address"), max_length=200, blank=True)
    residence_region = models.ForeignKey(
        "core.Region",
        verbose_name=_("residence community"),
        on_delete=models.PROTECT,
        related_name="resident_elders",
        # Indexed in Meta with a pattern operator class: scoping is a prefix match.
        db_index=False,
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    living_arrangement = models.CharField(
        _("living arrangement"),
        max_length=20,
        choices=LivingArrangement.choices,
        default=LivingArrangement.OTHER,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ElderStatus.choices, default=ElderStatus.ACTIVE
    )
    date_of_death = models.DateField(_("date of death"), null=True, blank=True)
    moved_out_on = models.DateField(_("moved out on"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        related_name="merged_records",
        null=True,
        blank=True,
        db_index=False,
    )
    # The latest final ability assessment still in force, kept by the assessment module through
    # `record_ability_level`; `disabled` (失能) is derived from it, never typed.
    ability_level = models.PositiveSmallIntegerField(_("ability level"), null=True, blank=True)
    ability_level_valid_until = models.DateField(
        _("ability level valid until"), null=True, blank=True
    )
    # Ids of this person in other systems (金民工程人员ID, social-assistance id …), by system.
    external_ids = models.JSONField(_("ids in other systems"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = ElderQuerySet.as_manager()

    class Meta:
        verbose_name = _("elder")
        verbose_name_plural = _("elders")
        ordering = ["residence_region_id", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                name="%(app_label)s_%(class)s_one_record_per_id_number",
                violation_error_message=_(
                    "An elder with this identity number is already in the registry."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ElderStatus.DECEASED)
                | models.Q(date_of_death__isnull=False),
                name="%(app_label)s_%(class)s_deceased_has_date",
                violation_error_message=_("A deceased elder needs a date of death."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ElderStatus.MERGED)
                | models.Q(merged_into__isnull=False),
                name="%(app_label)s_%(class)s_merged_has_target",
                violation_error_message=_(
                    "A merged record must name the record it was merged into."
                ),
            ),
        ]
        # On PostgreSQL, varchar_pattern_ops lets the prefix matches of scoping (LIKE '6403%') and
        # of pinyin search use the index, and still serves equality; other databases ignore it.
        # One index per need: each one slows the million-row import.
        indexes = [
            models.Index(
                fields=["residence_region"],
                name="registry_elder_region_prefix",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(
                fields=["name_initials"],
                name="registry_elder_initials",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(fields=["residence_region", "name"], name="registry_elder_region_name"),
            models.Index(fields=["phone_primary"], name="registry_elder_phone"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone_primary) if self.phone_primary else ""

    def ability_level_on(self, on: date | None = None) -> int | None:
        """The ability level of the latest final assessment, while it is valid; else None."""
        on = on or timezone.localdate()
        if self.ability_level is None or self.ability_level_valid_until is None:
            return None
        return self.ability_level if self.ability_level_valid_until >= on else None

    @property
    def ability_level_label(self) -> str:
        level = self.ability_level_on()
        return str(AbilityLevel(level).label) if level is not None else ""

    def age(self, on: date | None = None) -> int:
        return age_on(self.birth_date, on or timezone.localdate())

    @property
    def region_code(self) -> str:
        return self.residence_region_id
