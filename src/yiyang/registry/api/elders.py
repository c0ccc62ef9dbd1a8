"""Elder endpoints: list, detail, create, update, reveal, timeline, death and move-out.

Handlers are thin (STYLE.md B6): reads pass through `visible_to`/`get_for`, so an elder of
another region answers 404 for reads and writes alike; writes go through registry services.
"""

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from yiyang.core import audit
from yiyang.core.errors import DomainError, PermissionDeniedError
from yiyang.core.models import AccessRecord
from yiyang.core.scoping import get_for, region_prefix, require
from yiyang.core.validators.region_code import code_prefix, normalise_region_code
from yiyang.registry import services
from yiyang.registry.api.categories import router as categories_router
from yiyang.registry.choices import Category, DerivedCategory
from yiyang.registry.errors import ErrorCode, RegistryError
from yiyang.registry.models import Elder
from yiyang.registry.schemas import (
    DeathIn,
    ElderDetailOut,
    ElderFilter,
    ElderIn,
    ElderOut,
    ElderPatch,
    MoveOutIn,
    RevealIn,
    RevealOut,
    TimelineEntryOut,
)
from yiyang.registry.validation import Problem, RegionResolver, check_elder_fields

router = Router(tags=["elders"])
router.add_router("/", categories_router)


class ElderFieldsError(RegistryError):
    """Refused elder fields: the first problem as the error, and every problem listed."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        super().__init__(first.code, first.message, field=first.field)
        self.problems = problems

    def as_dict(self) -> dict[str, Any]:
        return {
            **super().as_dict(),
            "errors": [
                {"code": str(p.code), "message": str(p.message), "field": p.field}
                for p in self.problems
            ],
        }


def _checked(raw: dict[str, Any], *, user, capability: str):
    """Check raw fields the way a form or an import row is checked, in the user's scope."""
    prefix = region_prefix(user, capability)
    if prefix is None:
        raise PermissionDeniedError(
            "permission_denied", _("You are not allowed to do this here."), field=None
        )
    data, problems = check_elder_fields(
        raw, regions=RegionResolver.load(prefix), today=timezone.localdate()
    )
    if problems:
        raise ElderFieldsError(problems)
    return data


def _raw_of(elder: Elder) -> dict[str, str]:
    """The stored record as raw fields, so a patch is checked as a whole record."""
    return {
        "name": elder.name,
        "id_number": elder.id_number,
        "ethnicity": elder.ethnicity,
        "phone_primary": elder.phone_primary,
        "phone_secondary": elder.phone_secondary,
        "residence_region": elder.residence_region_id,
        "address": elder.address,
        "hukou_region": elder.hukou_region_id or "",
        "hukou_address": elder.hukou_address,
        "living_arrangement": elder.living_arrangement,
        "latitude": "" if elder.latitude is None else str(elder.latitude),
        "longitude": "" if elder.longitude is None else str(elder.longitude),
    }


def _detail(user, pk: int) -> Elder:
    queryset = (
        Elder.objects.visible_to(user)
        .select_related("residence_region")
        .prefetch_related("categories", "contacts")
    )
    return get_object_or_404(queryset, pk=pk)


@router.get("/elders/", response=list[ElderOut], summary="List and search elders")
@paginate(LimitOffsetPagination)
def list_elders(request, filters: Query[ElderFilter]):
    """Elders the caller may see, filtered; identity and phone numbers masked."""
    queryset = Elder.objects.visible_to(request.user).select_related("residence_region")
    if filters.q.strip():
        queryset = queryset.search(filters.q)
    if filters.region:
        try:
            region = normalise_region_code(filters.region)
        except ValueError:
            raise RegistryError(
                ErrorCode.REGION_UNKNOWN,
                _("“{code}” is not a 12-digit region code.").format(code=filters.region),
                field="region",
            ) from None
        queryset = queryset.in_region(code_prefix(region))
    if filters.category:
        if filters.category not in {*Category.values, *DerivedCategory.values}:
            raise RegistryError(
                ErrorCode.CHOICE_INVALID,
                _("“{value}” is not a category.").format(value=filters.category),
                field="category",
            )
        queryset = queryset.holding(filters.category)
    if filters.age_min is not None or filters.age_max is not None:
        queryset = queryset.aged_between(filters.age_min, filters.age_max)
    if filters.gender:
        queryset = queryset.filter(gender=filters.gender)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.living_arrangement:
        queryset = queryset.filter(living_arrangement=filters.living_arrangement)
    return queryset


@router.get("/elders/{int:pk}", response=ElderDetailOut, summary="One elder's record")
def get_elder(request, pk: int):
    return _detail(request.user, pk)


@router.post("/elders/", response={201: ElderDetailOut}, summary="Register an elder")
def create_elder(request, payload: ElderIn):
    """Check the fields as the form and the import do, then register the elder."""
    raw = payload.dict()
    source = raw.pop("source") or "api"
    data = _checked(raw, user=request.user, capability="registry.add_elder")
    elder = services.register_elder(data, actor=request.user, source=source)
    return Status(201, _detail(request.user, elder.pk))


@router.patch("/elders/{int:pk}", response=ElderDetailOut, summary="Change an elder's record")
def update_elder(request, pk: int, payload: ElderPatch):
    elder = get_for(request.user, Elder, pk, action="change")
    changes = payload.dict(exclude_unset=True)
    reason = changes.pop("reason", "")
    raw = _raw_of(elder) | {key: value or "" for key, value in changes.items()}
    data = _checked(raw, user=request.user, capability="registry.change_elder")
    services.update_elder(elder, data, actor=request.user, reason=reason or "api")
    return _detail(request.user, elder.pk)


@router.post("/elders/{int:pk}/reveal", response=RevealOut, summary="Show unmasked numbers")
def reveal_elder(request, pk: int, payload: RevealIn):
    """Return unmasked identity or phone numbers and log the access (个人信息保护法)."""
    elder = get_for(request.user, Elder, pk)
    require(request.user, "core.reveal_personal", elder.region_code)
    if not payload.purpose.strip():
        raise DomainError(
            ErrorCode.REQUIRED, _("Say why you need the unmasked numbers."), field="purpose"
        )
    fields = sorted(set(payload.fields))
    audit.record_access(
        actor=request.user,
        model=Elder,
        kind=AccessRecord.Kind.VIEW,
        fields=fields,
        object_pk=str(elder.pk),
        region_code=elder.region_code,
        purpose=payload.purpose.strip(),
    )
    return RevealOut(pk=elder.pk, values={field: getattr(elder, field) for field in fields})


@router.get(
    "/elders/{int:pk}/timeline", response=list[TimelineEntryOut], summary="An elder's timeline"
)
@paginate(LimitOffsetPagination)
def elder_timeline(request, pk: int):
    elder = get_for(request.user, Elder, pk)
    return elder.timeline.select_related("actor").order_by("-occurred_at", "-pk")


@router.post("/elders/{int:pk}/death", response=ElderDetailOut, summary="Record a death")
def record_death(request, pk: int, payload: DeathIn):
    elder = get_for(request.user, Elder, pk, action="change")
    services.record_death(
        elder, date_of_death=payload.date_of_death, source=payload.source, actor=request.user
    )
    return _detail(request.user, elder.pk)


@router.post("/elders/{int:pk}/move-out", response=ElderDetailOut, summary="Record a move out")
def record_move_out(request, pk: int, payload: MoveOutIn):
    elder = get_for(request.user, Elder, pk, action="change")
    services.record_move_out(
        elder, moved_out_on=payload.moved_out_on, source=payload.source, actor=request.user
    )
    return _detail(request.user, elder.pk)
