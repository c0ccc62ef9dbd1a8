"""Category changes (maker-checker on 特困, 低保, 低保边缘, 低收入) and direct category grants.

Joined under the elder router, so the registry router needs no change for it.
"""

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from yiyang.core.scoping import get_for
from yiyang.registry import services
from yiyang.registry.models import CategoryChange, Elder
from yiyang.registry.schemas import (
    CategoryChangeDecisionIn,
    CategoryChangeFilter,
    CategoryChangeIn,
    CategoryChangeOut,
    CategoryGrantIn,
    ElderCategoryOut,
)

router = Router(tags=["category changes"])


def _changes(user):
    return CategoryChange.objects.visible_to(user).select_related(
        "elder", "proposed_by", "decided_by"
    )


@router.get(
    "/category-changes/",
    response=list[CategoryChangeOut],
    summary="Category changes (waiting ones first to decide)",
)
@paginate(LimitOffsetPagination)
def list_category_changes(request, filters: Query[CategoryChangeFilter]):
    queryset = _changes(request.user)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    return queryset.order_by("-proposed_at", "-pk")


@router.get("/category-changes/{int:pk}", response=CategoryChangeOut, summary="One category change")
def get_category_change(request, pk: int):
    return get_object_or_404(_changes(request.user), pk=pk)


@router.post(
    "/category-changes/{int:pk}/decision",
    response=CategoryChangeOut,
    summary="Approve or reject a category change (a second person)",
)
def decide_category_change(request, pk: int, payload: CategoryChangeDecisionIn):
    change = get_object_or_404(_changes(request.user), pk=pk)
    change = services.decide_category_change(
        change, approve=payload.approve, note=payload.note, actor=request.user
    )
    return get_object_or_404(_changes(request.user), pk=change.pk)


@router.get(
    "/elders/{int:pk}/category-changes",
    response=list[CategoryChangeOut],
    summary="An elder's category changes",
)
@paginate(LimitOffsetPagination)
def list_elder_category_changes(request, pk: int):
    elder = get_for(request.user, Elder, pk)
    return _changes(request.user).filter(elder=elder).order_by("-proposed_at", "-pk")


@router.post(
    "/elders/{int:pk}/category-changes",
    response={201: CategoryChangeOut},
    summary="Propose granting or ending a money-moving category",
)
def propose_category_change(request, pk: int, payload: CategoryChangeIn):
    elder = get_for(request.user, Elder, pk)
    change = services.propose_category_change(
        elder,
        kind=payload.kind,
        category=payload.category,
        effective_date=payload.effective_date,
        source=payload.source,
        document_number=payload.document_number,
        actor=request.user,
    )
    return Status(201, get_object_or_404(_changes(request.user), pk=change.pk))


@router.post(
    "/elders/{int:pk}/categories",
    response={201: ElderCategoryOut},
    summary="Record a category that moves no money (独居, 失智 …)",
)
def grant_category(request, pk: int, payload: CategoryGrantIn):
    elder = get_for(request.user, Elder, pk, action="change")
    held = services.grant_category(
        elder,
        category=payload.category,
        valid_from=payload.valid_from,
        source=payload.source,
        document_number=payload.document_number,
        actor=request.user,
    )
    return Status(201, held)
