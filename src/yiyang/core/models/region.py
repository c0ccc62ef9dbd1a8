"""Administrative regions (行政区划) with 12-digit statistical codes."""

from typing import Self

from django.db import models
from django.utils.translation import gettext_lazy as _

from yiyang.core.models.scoped import RegionScopedQuerySet
from yiyang.core.validators.region_code import code_prefix


class RegionLevel(models.IntegerChoices):
    PROVINCE = 1, _("Province")
    CITY = 2, _("City")
    DISTRICT = 3, _("District")
    STREET = 4, _("Street")
    COMMUNITY = 5, _("Community")


class RegionQuerySet(RegionScopedQuerySet["Region"]):
    """Regions; `visible_to` gives the user's home region and everything under it."""

    region_paths = ("code",)
    default_capability = None

    def under(self, region: "Region") -> Self:
        return self.filter(code__startswith=region.code_prefix)

    def communities(self) -> Self:
        return self.filter(level=RegionLevel.COMMUNITY)


class Region(models.Model):
    """A 行政区划 (city, district, street or community) keyed by its 统计用区划代码.

    The code is the primary key, so a foreign key column holds the code itself and scoping by
    prefix (`residence_region__code__startswith`) needs no join (DESIGN.md rule 1).
    """

    code = models.CharField(_("code"), max_length=12, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.PositiveSmallIntegerField(_("level"), choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    is_active = models.BooleanField(_("in use"), default=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{12}$"),
                name="%(app_label)s_%(class)s_code_twelve_digits",
                violation_error_message=_("A region code has 12 digits."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def code_prefix(self) -> str:
        return code_prefix(self.code)

    def contains(self, code: str) -> bool:
        return code.startswith(self.code_prefix)

    def path(self) -> list["Region"]:
        """Return the regions from the top down to this one (few queries: the tree is shallow)."""
        chain = [self]
        node = self
        while node.parent_id is not None:
            node = node.parent  # type: ignore[assignment]
            chain.append(node)
        return list(reversed(chain))

    def full_name(self) -> str:
        return "".join(
            region.name for region in self.path() if region.level >= RegionLevel.DISTRICT
        )
