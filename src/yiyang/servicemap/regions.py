"""The region a page shows: the user's home region or one under it (else 404), the regions one
level down for the drill-down, and small counts of elders hidden from users who may not see
them (the statistics module's rule, `stats.formulas.suppress_row`, not a second one)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404

from yiyang.core.models import Region
from yiyang.core.scoping import can_reach
from yiyang.core.validators.region_code import PREFIX_LENGTH
from yiyang.servicemap.models import VIEW
from yiyang.stats.formulas import suppress_row


def region_for(user, code: str | None) -> Region:
    """The region the user asked for, or her home region; 404 when she may not see it."""
    code = code or user.region_id
    if not code or not can_reach(user, code, VIEW):
        raise Http404
    try:
        return Region.objects.visible_to(user).get(code=code)
    except Region.DoesNotExist:
        raise Http404 from None


def children(user, region: Region) -> list[Region]:
    return list(Region.objects.visible_to(user).filter(parent=region).order_by("code"))


def breadcrumbs(user, region: Region) -> list[Region]:
    return [step for step in region.path() if can_reach(user, step.code, VIEW)]


def child_prefix_length(region: Region) -> int | None:
    """Digits naming the regions one level under `region` (None under a community)."""
    return PREFIX_LENGTH.get(region.level + 1)


def table_regions(user, region: Region) -> tuple[list[Region], int]:
    """The rows of a page's table: the regions one level down and the digits naming them; a
    community (or a region with nothing under it) is its own single row."""
    kids = children(user, region)
    length = child_prefix_length(region)
    if not kids or length is None:
        return [region], len(region.code_prefix)
    return kids, length


def may_see_elders(user, region: Region) -> bool:
    """Whether the user may see the elders themselves here (then no count is hidden)."""
    return can_reach(user, region.code, "registry.view_elder")


def shown_counts(counts: list[int], *, suppress: bool) -> list[str]:
    """A row of counts of elders as shown: with small cells hidden when `suppress`."""
    if not suppress:
        return [str(count) for count in counts]
    return suppress_row(counts, settings.STATS_SMALL_COUNT_THRESHOLD)


def shown_size(count: int, *, suppress: bool) -> int:
    """The size a point of `count` elders is drawn with: a hidden count draws as the threshold,
    so the circle does not tell what the label hides."""
    threshold = settings.STATS_SMALL_COUNT_THRESHOLD
    if suppress and 0 < count < threshold:
        return threshold
    return count
