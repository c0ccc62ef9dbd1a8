"""Elders by ability level and region (issue 3: "statistics get elders by level and region")."""

from __future__ import annotations

from django.utils import timezone
from ninja import Router, Schema

from yiyang.core.models import Region, RegionLevel
from yiyang.core.validators.region_code import PREFIX_LENGTH
from yiyang.registry.choices import ElderStatus
from yiyang.registry.models import Elder

router = Router(tags=["assessments"])


class LevelRowOut(Schema):
    region_code: str
    region_name: str
    levels: dict[str, int]
    not_assessed: int
    total: int


@router.get(
    "/assessments/levels",
    response=list[LevelRowOut],
    summary="Count the elders in the registry by ability level, per region of a level",
)
def levels_by_region(request, level: int = RegionLevel.STREET):
    """Rows per region at `level` (3 district, 4 street, 5 community) within the caller's scope;
    a level is counted only while its assessment is valid."""
    length = PREFIX_LENGTH.get(level, PREFIX_LENGTH[RegionLevel.STREET])
    elders = Elder.objects.visible_to(request.user).filter(status=ElderStatus.ACTIVE)
    rows: dict[str, LevelRowOut] = {}
    counts = elders.ability_level_counts(prefix_length=length, on=timezone.localdate())
    codes = [row["region_prefix"].ljust(12, "0") for row in counts]
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    for row in counts:
        code = row["region_prefix"].ljust(12, "0")
        out = rows.setdefault(
            code,
            LevelRowOut(
                region_code=code,
                region_name=names.get(code, ""),
                levels={str(level): 0 for level in range(5)},
                not_assessed=0,
                total=0,
            ),
        )
        if row["level"] is None:
            out.not_assessed += row["count"]
        else:
            out.levels[str(row["level"])] = out.levels.get(str(row["level"]), 0) + row["count"]
        out.total += row["count"]
    return list(rows.values())
