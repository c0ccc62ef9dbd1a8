"""Filters of the service-map pages."""

from __future__ import annotations

from django import template

from yiyang.servicemap.regions import shown_counts

register = template.Library()


@register.filter
def percent(share: float | None) -> str:
    """A share as a whole percentage; a dash when there is nothing to divide."""
    return "—" if share is None else f"{share * 100:.0f}%"


@register.filter
def small(count: int, suppress: bool) -> str:
    """A count of elders, hidden as "<5" when small and the user may not see the elders."""
    return shown_counts([count], suppress=suppress)[0]


@register.filter
def free_of(row, kind: str) -> int:
    return row.free(kind)
