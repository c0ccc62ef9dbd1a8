"""The QuerySet every personal or regional table uses for `visible_to` (DESIGN.md rule 1)."""

from typing import ClassVar, Generic, Self, TypeVar

from django.db import models

from yiyang.core.scoping import region_prefix

_M = TypeVar("_M", bound=models.Model)


class RegionScopedQuerySet(models.QuerySet[_M], Generic[_M]):
    """Keep the rows lying in the user's home region or below it.

    A subclass names where a row's region code is (`region_paths`; a row reached by several
    paths, like a pair of elders, must lie in the region on every one of them) and the
    capability that reading needs unless the caller asks for another.
    """

    region_paths: ClassVar[tuple[str, ...]] = ()
    default_capability: ClassVar[str | None] = None

    def visible_to(self, user, capability: str | None = None) -> Self:
        prefix = region_prefix(user, capability or self.default_capability)
        if prefix is None:
            return self.none()
        if prefix == "":
            return self.all()
        return self.filter(**{f"{path}__startswith": prefix for path in self.region_paths})
