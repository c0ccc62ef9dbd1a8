"""Order endpoints: request, the provider's steps, the caregiver's visit, confirmation, review.

A phone app needs only these: the caregiver lists today's visits (`?day=`), checks in and out;
the provider accepts, assigns (with the qualification check) or assigns a whole day.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from yiyang.core.scoping import require
from yiyang.homecare import services
from yiyang.homecare.choices import OrderStatus, ReviewStatus
from yiyang.homecare.errors import ErrorCode, HomecareError
from yiyang.homecare.models import OrderEvent, Provider, ServiceItem, ServiceOrder, VisitFlag
from yiyang.homecare.schemas import (
    AssignAllIn,
    AssignIn,
    CheckOutIn,
    ConfirmIn,
    FamilyLinkOut,
    LocationIn,
    OrderDetailOut,
    OrderFilter,
    OrderIn,
    OrderOut,
    ProposalOut,
    QualificationOut,
    ReasonIn,
    ReviewIn,
)
from yiyang.registry.models import Elder
from yiyang.workforce.models import Caregiver
from yiyang.workforce.reasons import describe

router = Router(tags=["service orders"])

VIEW = "homecare.view_serviceorder"


# What an answer shows of the rows an order joins: selecting the elder's forty columns to show
# a name was a third of a request's CPU (SQL compilation grows with the columns selected).
# The services check a step on this copy (their guarded write makes sure it is still the row):
# the elder's community and date of death, the provider, the caregiver's account, the item.
_COLUMNS = (
    *(field.name for field in ServiceOrder._meta.concrete_fields),
    "elder__name", "elder__residence_region", "elder__date_of_death", "provider__name",
    "caregiver__name",
    "caregiver__user", "second_caregiver__name", "second_caregiver__user", *(f"item__{field.name}" for field in ServiceItem._meta.concrete_fields),
)  # fmt: skip


def _orders(user):
    require(user, VIEW)
    return (
        ServiceOrder.objects.visible_to(user)
        .select_related("elder", "provider", "item", "caregiver", "second_caregiver")
        .only(*_COLUMNS)
    )


def _events():
    # The actor's name only (not the whole account row).
    return OrderEvent.objects.select_related("actor").only(
        "order_id", "event_type", "old_status", "new_status", "reason", "created_at",
        "actor__username", "actor__display_name",
    )  # fmt: skip


def _flags():
    # By pk: the model's ordering by "order" would join the orders table again for nothing.
    return VisitFlag.objects.order_by("pk")


def _detail(user, pk: int) -> ServiceOrder:
    return get_object_or_404(
        _orders(user).prefetch_related(
            Prefetch("events", queryset=_events(), to_attr="timeline"),
            Prefetch("flags", queryset=_flags(), to_attr="visit_flags"),
        ),
        pk=pk,
    )


def _one(user, pk: int) -> ServiceOrder:
    """The order to act on, without its timeline (the answer reads it after the step)."""
    return get_object_or_404(_orders(user), pk=pk)


def _answer(
    order: ServiceOrder, seen: ServiceOrder | None = None, *, flags: list | None = None
) -> ServiceOrder:
    """The order a step returns, with its timeline, without reading the order a third time.

    The caller saw the order a moment ago (`seen`, through `visible_to`) and the service wrote
    it (or read it again under its row lock); only the timeline is new, read straight into the
    attributes the schema reads. `flags`, when the caller knows them, spare their read.
    """
    if seen is not None and seen.provider_id == order.provider_id:
        order.provider = seen.provider
    order.timeline = list(_events().filter(order_id=order.pk))  # type: ignore[attr-defined]
    if order.checked_out_at is not None:
        order.visit_flags = (  # type: ignore[attr-defined]
            list(_flags().filter(order_id=order.pk)) if flags is None else flags
        )
    return order


@router.get("/service-orders/", response=list[OrderOut], summary="List service orders")
@paginate(LimitOffsetPagination)
def list_orders(request, filters: Query[OrderFilter]):
    """Orders the caller may see, in planned order (a caregiver: their own visits)."""
    queryset = _orders(request.user)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.day is not None:
        queryset = queryset.on_day(filters.day)
    if filters.review:
        queryset = queryset.filter(review_status=filters.review)
    return queryset.order_by("planned_start", "pk")


@router.post("/service-orders/", response={201: OrderDetailOut}, summary="Request a service")
def request_order(request, payload: OrderIn):
    require(request.user, "homecare.request_order")
    elder = get_object_or_404(Elder.objects.visible_to(request.user), pk=payload.elder_pk)
    provider = get_object_or_404(Provider.objects.visible_to(request.user), pk=payload.provider_pk)
    order = services.request_order(
        elder,
        provider=provider,
        data=services.OrderData(
            item_code=payload.item_code,
            planned_start=payload.planned_start,
            planned_minutes=payload.planned_minutes,
            source=payload.source,
            address=payload.address,
            home_latitude=payload.home_latitude,
            home_longitude=payload.home_longitude,
            needs_note=payload.needs_note,
            request_key=payload.request_key,
            is_urgent=payload.is_urgent,
        ),
        actor=request.user,
    )
    return Status(201, _answer(order))


@router.get("/service-orders/{int:pk}", response=OrderDetailOut, summary="One order, its timeline")
def get_order(request, pk: int):
    return _detail(request.user, pk)


@router.post("/service-orders/{int:pk}/accept", response=OrderDetailOut, summary="Accept")
def accept_order(request, pk: int):
    seen = _one(request.user, pk)
    order = services.accept_order(seen, actor=request.user)
    return _answer(order, seen)


@router.post("/service-orders/{int:pk}/refuse", response=OrderDetailOut, summary="Refuse")
def refuse_order(request, pk: int, payload: ReasonIn):
    seen = _one(request.user, pk)
    order = services.refuse_order(seen, reason=payload.reason, actor=request.user)
    return _answer(order, seen)


@router.post("/service-orders/{int:pk}/cancel", response=OrderDetailOut, summary="Cancel")
def cancel_order(request, pk: int, payload: ReasonIn):
    seen = _one(request.user, pk)
    order = services.cancel_order(seen, reason=payload.reason, actor=request.user)
    return _answer(order, seen)


@router.get(
    "/service-orders/{int:pk}/caregivers",
    response=list[QualificationOut],
    summary="The provider's caregivers and why each may or may not take the order",
)
def order_caregivers(request, pk: int):
    order = _detail(request.user, pk)
    require(request.user, "homecare.dispatch_order")
    day = timezone.localtime(order.planned_start).date()
    caregivers = (
        Caregiver.objects.visible_to(request.user)
        .filter(employment__provider=order.provider)
        .prefetch_related("certificates")
        .order_by("name", "pk")
    )
    rows = []
    for caregiver in caregivers:
        reasons = services.qualification_reasons(caregiver, order.item, on=day)
        rows.append(
            {
                "caregiver_pk": caregiver.pk,
                "caregiver_name": caregiver.name,
                "is_qualified": not reasons,
                "reasons": [describe(reason) for reason in reasons],
            }
        )
    return rows


@router.post("/service-orders/{int:pk}/assign", response=OrderDetailOut, summary="Assign")
def assign_order(request, pk: int, payload: AssignIn):
    order = _one(request.user, pk)
    require(request.user, "homecare.dispatch_order")
    caregivers = Caregiver.objects.visible_to(request.user).select_related("employment")
    caregiver = get_object_or_404(caregivers, pk=payload.caregiver_pk)
    second = None
    if payload.second_caregiver_pk is not None:
        second = get_object_or_404(caregivers, pk=payload.second_caregiver_pk)
    assigned = services.assign_order(
        order, caregiver=caregiver, second_caregiver=second, actor=request.user
    )
    return _answer(assigned, order)


@router.post("/service-orders/{int:pk}/unassign", response=OrderDetailOut, summary="Unassign")
def unassign_order(request, pk: int, payload: ReasonIn):
    """Take the visit back from its caregiver (e.g. off sick): accepted again, reason kept."""
    order = _one(request.user, pk)
    require(request.user, "homecare.dispatch_order")
    return _answer(services.unassign_order(order, reason=payload.reason, actor=request.user), order)


@router.post("/service-orders/assign-all", response=list[ProposalOut], summary="Assign a day")
def assign_all(request, payload: AssignAllIn):
    """Assign the day's unassigned orders greedily; orders no one can take come with reasons."""
    require(request.user, "homecare.dispatch_order")
    provider = get_object_or_404(Provider.objects.visible_to(request.user), pk=payload.provider_pk)
    proposals = services.assign_all(provider, day=payload.day, actor=request.user)
    return [
        {
            "order_pk": p.order.pk,
            "caregiver_pk": p.caregiver.pk if p.caregiver else None,
            "second_caregiver_pk": p.second_caregiver.pk if p.second_caregiver else None,
            "reasons": list(p.reasons),
        }
        for p in proposals
    ]


@router.post("/service-orders/{int:pk}/check-in", response=OrderDetailOut, summary="Check in")
def check_in(request, pk: int, payload: LocationIn):
    seen = _one(request.user, pk)
    order = services.check_in(
        seen,
        latitude=payload.latitude,
        longitude=payload.longitude,
        actor=request.user,
    )
    return _answer(order, seen)


@router.post("/service-orders/{int:pk}/check-out", response=OrderDetailOut, summary="Check out")
def check_out(request, pk: int, payload: CheckOutIn):
    seen = _one(request.user, pk)
    order = services.check_out(
        seen,
        latitude=payload.latitude,
        longitude=payload.longitude,
        note=payload.note,
        duration_reason=payload.duration_reason,
        actor=request.user,
    )
    # Flags are raised first at the check-out, which then sends the visit to review: one
    # never sent to review has none to read (the automatic confirmation comes after).
    flags: list | None = [] if order.review_status == ReviewStatus.NONE else None
    return _answer(order, seen, flags=flags)


@router.post("/service-orders/{int:pk}/confirm", response=OrderDetailOut, summary="Confirm")
def confirm_visit(request, pk: int, payload: ConfirmIn):
    seen = _one(request.user, pk)
    order = services.confirm_visit(
        seen,
        rating=payload.rating,
        comment=payload.comment,
        actor=request.user,
    )
    return _answer(order, seen)


@router.get(
    "/service-orders/{int:pk}/family-link",
    response=FamilyLinkOut,
    summary="A link for the family to confirm and rate the visit without an account",
)
def family_link(request, pk: int):
    """Only for a visit waiting for confirmation, and only for those who may confirm it
    themselves (not the caregiver or provider whose visit it is)."""
    order = _one(request.user, pk)
    require(request.user, "homecare.confirm_visit", order.elder.residence_region_id)
    if order.status != OrderStatus.CHECKED_OUT:
        raise HomecareError(
            ErrorCode.WRONG_STATUS, _("This visit is not waiting for confirmation."), field=None
        )
    token = services.family_link_token(order)
    return {
        "url": request.build_absolute_uri(reverse("homecare:family_confirm", args=[token])),
        "expires_at": timezone.now() + services.link_lifetime(),
    }


@router.post("/service-orders/{int:pk}/review", response=OrderDetailOut, summary="Review a flag")
def review_visit(request, pk: int, payload: ReviewIn):
    seen = _one(request.user, pk)
    order = services.review_visit(
        seen, accept=payload.accept, reason=payload.reason, actor=request.user
    )
    return _answer(order, seen)
