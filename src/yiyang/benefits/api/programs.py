"""Programme endpoints: list, one programme with its versions, draft, change and publish a version.

Programmes carry no personal data: `Program.objects.visible_to` shows those funded by the
caller's region, above it or below it. Versions are reached through their programme.
"""

from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from yiyang.benefits import services
from yiyang.benefits.models import Program, ProgramVersion
from yiyang.benefits.schemas.programs import (
    ProgramDetailOut,
    ProgramOut,
    ProgramVersionIn,
    ProgramVersionOut,
    ProgramVersionPatch,
)
from yiyang.core.scoping import require

router = Router(tags=["benefit programmes"])

VIEW = "benefits.view_program"
MANAGE = "benefits.manage_programs"


def _programs(user, capability: str = VIEW):
    require(user, capability)
    return Program.objects.visible_to(user, VIEW)


def _version(user, pk: int) -> ProgramVersion:
    require(user, MANAGE)
    queryset = ProgramVersion.objects.filter(program__in=Program.objects.visible_to(user, VIEW))
    return get_object_or_404(queryset.select_related("program"), pk=pk)


@router.get("/benefit-programs/", response=list[ProgramOut], summary="List benefit programmes")
@paginate(LimitOffsetPagination)
def list_programs(request):
    """Programmes that can pay someone in the caller's region, and those of regions below it."""
    return _programs(request.user).order_by("funding_region_id", "code", "pk")


@router.get(
    "/benefit-programs/{int:pk}",
    response=ProgramDetailOut,
    summary="One programme with its versions and their rules",
)
def get_program(request, pk: int):
    queryset = _programs(request.user).prefetch_related("versions")
    return get_object_or_404(queryset, pk=pk)


@router.post(
    "/benefit-programs/{int:pk}/versions",
    response={201: ProgramVersionOut},
    summary="Draft a new version of a programme's rules",
)
def draft_version(request, pk: int, payload: ProgramVersionIn):
    program = get_object_or_404(_programs(request.user, MANAGE), pk=pk)
    version = services.draft_version(
        program,
        rules=payload.rules,
        effective_from=payload.effective_from,
        note=payload.note,
        actor=request.user,
    )
    return Status(201, version)


@router.patch(
    "/benefit-program-versions/{int:pk}",
    response=ProgramVersionOut,
    summary="Change a draft version (what is left out is kept)",
)
def update_draft(request, pk: int, payload: ProgramVersionPatch):
    version = _version(request.user, pk)
    return services.update_draft(
        version,
        rules=version.rules if payload.rules is None else payload.rules,
        effective_from=payload.effective_from or version.effective_from,
        note=version.note if payload.note is None else payload.note,
        actor=request.user,
    )


@router.post(
    "/benefit-program-versions/{int:pk}/publish",
    response=ProgramVersionOut,
    summary="Publish a draft version",
)
def publish_version(request, pk: int):
    return services.publish_version(_version(request.user, pk), actor=request.user)
