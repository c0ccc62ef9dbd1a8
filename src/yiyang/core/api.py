"""Core API: who am I, and the regions I may pick from."""

from ninja import Router, Schema

from yiyang.core.models import Region

router = Router(tags=["core"])


class MeOut(Schema):
    username: str
    display_name: str
    role: str
    region_code: str | None


class RegionOut(Schema):
    code: str
    name: str
    level: int
    parent_code: str | None


@router.get("/me", response=MeOut)
def me(request):
    user = request.user
    return MeOut(
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        region_code=user.region_id,
    )


@router.get("/regions/", response=list[RegionOut])
def list_regions(request, level: int | None = None, parent: str | None = None):
    """The regions the caller may use: their home region and everything below it."""
    queryset = Region.objects.visible_to(request.user)
    if level is not None:
        queryset = queryset.filter(level=level)
    if parent:
        queryset = queryset.filter(parent_id=parent)
    return [
        RegionOut(code=r.code, name=r.name, level=r.level, parent_code=r.parent_id)
        for r in queryset
    ]
