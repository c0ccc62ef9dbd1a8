"""The order lifecycle up to the visit: request, accept or refuse, assign, cancel (issue 5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.core.scoping import require
from yiyang.core.validators.region_code import code_prefix
from yiyang.homecare import lifecycle
from yiyang.homecare.choices import NoticeCause, OrderSource, OrderStatus, ProviderStatus
from yiyang.homecare.errors import ErrorCode, HomecareError
from yiyang.homecare.models import Provider, ServiceItem, ServiceOrder
from yiyang.homecare.services import notices
from yiyang.homecare.services.common import Change, require_provider_staff, take_step
from yiyang.registry.choices import ElderStatus
from yiyang.registry.models import Elder
from yiyang.workforce.models import Caregiver
from yiyang.workforce.qualification import Reason, reasons_not_qualified
from yiyang.workforce.reasons import describe


@dataclass(frozen=True)
class OrderData:
    item_code: str
    planned_start: datetime
    planned_minutes: int | None = None
    source: str = OrderSource.CLERK
    address: str = ""
    home_latitude: Decimal | None = None
    home_longitude: Decimal | None = None
    needs_note: str = ""
    request_key: str = ""
    is_urgent: bool = False


def serves(provider: Provider, region_code: str) -> bool:
    """Say whether the provider's service area covers a region (prefetch `service_areas`)."""
    return any(
        region_code.startswith(code_prefix(area.code)) for area in provider.service_areas.all()
    )


def request_order(elder: Elder, *, provider: Provider, data: OrderData, actor) -> ServiceOrder:
    """Record a requested service for an elder (by a clerk, the hotline, the elder or family).

    A repeated request with the same `request_key` from the same actor returns the first order:
    a double tap creates one order.
    """
    require(actor, "homecare.request_order", elder.residence_region_id)
    key = (data.request_key or "").strip()[:64]
    if key:
        existing = ServiceOrder.objects.filter(created_by=actor, request_key=key).first()
        if existing is not None:
            return existing
    if elder.status != ElderStatus.ACTIVE:
        raise HomecareError(
            ErrorCode.ELDER_NOT_ACTIVE,
            _("Services can be ordered only for elders in the registry."),
            field="elder",
        )
    item = ServiceItem.objects.filter(code=data.item_code, is_active=True).first()
    if item is None:
        raise HomecareError(
            ErrorCode.ITEM_INVALID, _("Choose an item of the catalogue."), field="item"
        )
    if provider.status != ProviderStatus.ACTIVE:
        raise HomecareError(
            ErrorCode.PROVIDER_INACTIVE, _("This provider takes no orders now."), field="provider"
        )
    day = timezone.localtime(data.planned_start).date()
    if not provider.contract_starts_on <= day <= provider.contract_ends_on:
        raise HomecareError(
            ErrorCode.PROVIDER_INACTIVE,
            _("The provider's contract does not cover that day."),
            field="planned_start",
        )
    if not serves(provider, elder.residence_region_id):
        raise HomecareError(
            ErrorCode.OUTSIDE_SERVICE_AREA,
            _("The provider does not serve the elder's community."),
            field="provider",
        )
    if data.source not in OrderSource.values:
        raise HomecareError(ErrorCode.ITEM_INVALID, _("Choose a source."), field="source")
    minutes = data.planned_minutes or item.standard_minutes
    if not 0 < minutes <= 24 * 60:
        raise HomecareError(
            ErrorCode.TIME_INVALID,
            _("The planned duration lies between 1 minute and 24 hours."),
            field="planned_minutes",
        )
    latitude = data.home_latitude if data.home_latitude is not None else elder.latitude
    longitude = data.home_longitude if data.home_longitude is not None else elder.longitude
    if (latitude is None) != (longitude is None) or (
        latitude is not None
        and longitude is not None
        and not (-90 <= latitude <= 90 and -180 <= longitude <= 180)
    ):
        raise HomecareError(
            ErrorCode.LOCATION_INVALID,
            _("Give both latitude and longitude of the home, or neither."),
            field="home_latitude",
        )
    address = (data.address or elder.address or "").strip()
    if not address:
        raise HomecareError(
            ErrorCode.LOCATION_INVALID, _("Enter the service address."), field="address"
        )
    try:
        with transaction.atomic():
            order = ServiceOrder.objects.create(
                elder=elder,
                provider=provider,
                item=item,
                source=data.source,
                planned_start=data.planned_start,
                planned_minutes=minutes,
                address=address[:200],
                home_latitude=latitude,
                home_longitude=longitude,
                needs_note=(data.needs_note or "").strip()[:500],
                is_urgent=bool(data.is_urgent),
                request_key=key,
                created_by=actor if getattr(actor, "pk", None) else None,
            )
            record_step_requested(order, actor=actor)
            audit.record_change(
                order,
                actor=actor,
                action="create",
                fields=[
                    "elder",
                    "provider",
                    "item",
                    "planned_start",
                    "planned_minutes",
                    "is_urgent",
                ],
                region_code=elder.residence_region_id,
            )
    except IntegrityError:
        # Two taps raced past the lookup: the unique request key let one through.
        existing = ServiceOrder.objects.filter(created_by=actor, request_key=key).first()
        if key and existing is not None:
            return existing
        raise
    return order


def record_step_requested(order: ServiceOrder, *, actor) -> None:
    from yiyang.homecare.models import OrderEvent

    OrderEvent.objects.create(
        order=order,
        event_type="requested",
        old_status="",
        new_status=order.status,
        actor=actor if getattr(actor, "pk", None) else None,
        data={"source": order.source},
    )


def _simple_step(order: ServiceOrder, action: str, *, actor, reason: str = "") -> ServiceOrder:
    """A provider's step that changes only the status (accept, refuse)."""
    require_provider_staff(actor, order.provider, "homecare.dispatch_order")

    def change(current: ServiceOrder, step: lifecycle.Step) -> Change:
        if step.needs_reason and not reason.strip():
            raise HomecareError(ErrorCode.REASON_REQUIRED, _("Give the reason."), field="reason")
        closing = reason.strip()[:500] if step.needs_reason else current.closing_reason
        return Change({"closing_reason": closing}, reason=reason)

    with transaction.atomic():
        order, _change = take_step(order, action, actor=actor, change=change)
    return order


def accept_order(order: ServiceOrder, *, actor) -> ServiceOrder:
    """The provider takes the order on (requested → accepted)."""
    return _simple_step(order, "accept", actor=actor)


def refuse_order(order: ServiceOrder, *, reason: str, actor) -> ServiceOrder:
    """The provider declines the order, saying why."""
    return _simple_step(order, "refuse", actor=actor, reason=reason)


def cancel_order(order: ServiceOrder, *, reason: str, actor) -> ServiceOrder:
    """The requester (clerk, elder or family) or the provider cancels before the visit starts."""
    membership = getattr(actor, "provider_membership", None)
    if membership is not None and membership.provider_id == order.provider_id:
        require(actor, "homecare.dispatch_order")
    else:
        require(actor, "homecare.request_order", order.elder.residence_region_id)

    def change(current: ServiceOrder, step: lifecycle.Step) -> Change:
        if not (reason or "").strip():
            raise HomecareError(ErrorCode.REASON_REQUIRED, _("Give the reason."), field="reason")
        return Change({"closing_reason": reason.strip()[:500]}, reason=reason)

    with transaction.atomic():
        watched = notices.watch(order.provider, _day_of(order), order_pks=[order.pk])
        order, _change = take_step(order, "cancel", actor=actor, change=change)
        notices.tell_caregivers(watched, cause=NoticeCause.CANCELLED, actor=actor)
    return order


def _day_of(order: ServiceOrder) -> date:
    return timezone.localtime(order.planned_start).date()


def qualification_reasons(caregiver: Caregiver, item: ServiceItem, *, on: date) -> list[Reason]:
    """Why `caregiver` may not do `item` on `on` (workforce.qualification); empty when they may."""
    return reasons_not_qualified(
        item.requirement, caregiver.certificate_facts(), on=on, is_active=caregiver.is_active
    )


# The second caregiver's own check-in and check-out, emptied when she is no longer on the visit.
SECOND_VISIT_CLEARED = {
    "second_checked_in_at": None,
    "second_check_in_latitude": None,
    "second_check_in_longitude": None,
    "second_check_in_distance_m": None,
    "second_checked_out_at": None,
    "second_check_out_latitude": None,
    "second_check_out_longitude": None,
}


def assign_order(
    order: ServiceOrder,
    *,
    caregiver: Caregiver,
    actor,
    second_caregiver: Caregiver | None = None,
) -> ServiceOrder:
    """Dispatch the visit to one of the provider's caregivers whose certificates allow the item;
    an item that needs two caregivers (e.g. bathing a bedridden elder) takes a second one, held
    to the same rules, and an item that needs one takes no second. Whoever gains or loses the
    visit (either member of a team) gets a notice of the change."""
    require_provider_staff(actor, order.provider, "homecare.dispatch_order")
    with transaction.atomic():
        watched = notices.watch(order.provider, _day_of(order), order_pks=[order.pk])
        order = _assign(order, caregiver=caregiver, second_caregiver=second_caregiver, actor=actor)
        notices.tell_caregivers(watched, cause=NoticeCause.ASSIGNED, actor=actor)
    return order


def assign_in_plan(
    order: ServiceOrder,
    *,
    caregiver: Caregiver,
    actor,
    second_caregiver: Caregiver | None = None,
) -> ServiceOrder:
    """Assign as `assign_order` does, without a notice: a day plan's acceptance assigns many
    visits and tells each caregiver once, of all her changes together."""
    require_provider_staff(actor, order.provider, "homecare.dispatch_order")
    with transaction.atomic():
        return _assign(order, caregiver=caregiver, second_caregiver=second_caregiver, actor=actor)


def _check_caregiver(order: ServiceOrder, caregiver: Caregiver, field: str) -> None:
    employment = getattr(caregiver, "employment", None)
    if employment is None or employment.provider_id != order.provider_id:
        raise HomecareError(
            ErrorCode.CAREGIVER_INVALID,
            _("Choose a caregiver employed by the provider."),
            field=field,
        )


def _check_qualified(caregiver: Caregiver, item: ServiceItem, day: date, field: str) -> None:
    reasons = qualification_reasons(caregiver, item, on=day)
    if reasons:
        raise HomecareError(
            ErrorCode.NOT_QUALIFIED,
            " ".join(describe(reason) for reason in reasons),
            field=field,
        )


def _assign(
    order: ServiceOrder,
    *,
    caregiver: Caregiver,
    second_caregiver: Caregiver | None,
    actor,
) -> ServiceOrder:
    """The assignment step, inside the caller's transaction."""
    _check_caregiver(order, caregiver, "caregiver")
    if second_caregiver is not None:
        _check_caregiver(order, second_caregiver, "second_caregiver")
        if second_caregiver.pk == caregiver.pk:
            raise HomecareError(
                ErrorCode.CAREGIVER_INVALID,
                _("Choose another person as the second caregiver."),
                field="second_caregiver",
            )
    second_pk = second_caregiver.pk if second_caregiver is not None else None

    def done(current: ServiceOrder) -> bool:
        # The same assignment twice: done once.
        return (
            current.status == OrderStatus.ASSIGNED
            and current.caregiver_id == caregiver.pk
            and current.second_caregiver_id == second_pk
        )

    def change(current: ServiceOrder, step: lifecycle.Step) -> Change:
        day = timezone.localtime(current.planned_start).date()
        if current.item.caregivers_needed > 1 and second_caregiver is None:
            raise HomecareError(
                ErrorCode.CAREGIVER_INVALID,
                _("This service needs two caregivers: choose the second caregiver too."),
                field="second_caregiver",
            )
        if current.item.caregivers_needed == 1 and second_caregiver is not None:
            raise HomecareError(
                ErrorCode.CAREGIVER_INVALID,
                _("This service needs one caregiver: leave the second caregiver empty."),
                field="second_caregiver",
            )
        _check_qualified(caregiver, current.item, day, "caregiver")
        if second_caregiver is not None:
            _check_qualified(second_caregiver, current.item, day, "second_caregiver")
        data = {"caregiver": caregiver.pk, "previous_caregiver": current.caregiver_id}
        if second_pk is not None or current.second_caregiver_id is not None:
            data |= {
                "second_caregiver": second_pk,
                "previous_second_caregiver": current.second_caregiver_id,
            }
        values = {"caregiver": caregiver, "second_caregiver": second_caregiver}
        if current.second_caregiver_id != second_pk:
            values |= SECOND_VISIT_CLEARED  # her times were another person's (the events keep them)
        return Change(values, data=data)

    order, _change = take_step(order, "assign", actor=actor, change=change, done=done)
    return order


def unassign_order(order: ServiceOrder, *, reason: str, actor) -> ServiceOrder:
    """Take the visit back from its caregiver (she is off sick and no one else could take it):
    the order is accepted again, waiting for a caregiver; the event keeps who, when, why and
    whose it was, and she gets a notice. A two-person visit loses both (the pair is broken) and
    both are told."""
    require_provider_staff(actor, order.provider, "homecare.dispatch_order")
    with transaction.atomic():
        watched = notices.watch(order.provider, _day_of(order), order_pks=[order.pk])
        order = _unassign(order, reason=reason, actor=actor)
        notices.tell_caregivers(watched, cause=NoticeCause.UNASSIGNED, actor=actor)
    return order


def unassign_in_plan(order: ServiceOrder, *, reason: str, actor) -> ServiceOrder:
    """Unassign as `unassign_order` does, without a notice (the accepted plan's tells her)."""
    require_provider_staff(actor, order.provider, "homecare.dispatch_order")
    with transaction.atomic():
        return _unassign(order, reason=reason, actor=actor)


def _unassign(order: ServiceOrder, *, reason: str, actor) -> ServiceOrder:
    """The unassignment step, inside the caller's transaction."""
    if not (reason or "").strip():
        raise HomecareError(ErrorCode.REASON_REQUIRED, _("Give the reason."), field="reason")

    def change(current: ServiceOrder, step: lifecycle.Step) -> Change:
        data = {"previous_caregiver": current.caregiver_id}
        if current.second_caregiver_id is not None:
            data["previous_second_caregiver"] = current.second_caregiver_id
        return Change(
            {"caregiver": None, "second_caregiver": None, **SECOND_VISIT_CLEARED},
            reason=reason.strip(),
            data=data,
        )

    order, _change = take_step(order, "unassign", actor=actor, change=change)
    return order


@dataclass(frozen=True)
class Proposal:
    order: ServiceOrder
    caregiver: Caregiver | None
    reasons: tuple[str, ...] = ()
    second_caregiver: Caregiver | None = None


def propose_day(provider: Provider, *, day: date, actor) -> list[Proposal]:
    """Propose a caregiver for each unassigned order of the day (greedy, issue 5 "assign all").

    Orders in planned order; each goes to the qualified caregiver with the fewest minutes booked
    that day whose booked visits do not overlap it (a two-person item: the two such caregivers). The optimiser comes in its own issue.
    """
    require_provider_staff(actor, provider, "homecare.dispatch_order")
    orders = list(
        ServiceOrder.objects.filter(provider=provider, status=OrderStatus.ACCEPTED)
        .on_day(day)
        .select_related("item", "elder")
        .order_by("planned_start", "pk")
    )
    caregivers = list(
        Caregiver.objects.filter(employment__provider=provider)
        .active()
        .prefetch_related("certificates")
        .order_by("pk")
    )
    booked: dict[int, list[tuple[datetime, datetime]]] = {c.pk: [] for c in caregivers}
    for start, minutes, first, second in (
        ServiceOrder.objects.filter(
            models.Q(caregiver__in=caregivers) | models.Q(second_caregiver__in=caregivers)
        )
        .on_day(day)
        .exclude(status__in=[OrderStatus.CANCELLED, OrderStatus.REFUSED])
        .values_list("planned_start", "planned_minutes", "caregiver_id", "second_caregiver_id")
    ):
        for caregiver_pk in (first, second):
            if caregiver_pk in booked:
                booked[caregiver_pk].append((start, start + timedelta(minutes=minutes)))
    proposals = []
    for order in orders:
        start = order.planned_start
        end = start + timedelta(minutes=order.planned_minutes)
        chosen: list[Caregiver] = []
        why: list[str] = []
        for caregiver in sorted(
            caregivers, key=lambda c: (sum((e - s).seconds for s, e in booked[c.pk]), c.pk)
        ):
            reasons = qualification_reasons(caregiver, order.item, on=day)
            if reasons:
                why += [f"{caregiver.name}: {describe(r)}" for r in reasons]
                continue
            if any(s < end and start < e for s, e in booked[caregiver.pk]):
                why.append(_("{name}: busy at that time.").format(name=caregiver.name))
                continue
            chosen.append(caregiver)
            if len(chosen) == order.item.caregivers_needed:
                break
        if len(chosen) == order.item.caregivers_needed:
            for caregiver in chosen:
                booked[caregiver.pk].append((start, end))
            partner = chosen[1] if len(chosen) > 1 else None
            proposals.append(Proposal(order, chosen[0], second_caregiver=partner))
        else:
            if chosen:
                why.append(_("It needs two caregivers and only one is free."))
            proposals.append(Proposal(order, None, tuple(why)))
    return proposals


def assign_all(provider: Provider, *, day: date, actor) -> list[Proposal]:
    """Assign every unassigned order of the day as `propose_day` proposes; return the proposals."""
    proposals = propose_day(provider, day=day, actor=actor)
    for proposal in proposals:
        if proposal.caregiver is not None:
            assign_order(
                proposal.order,
                caregiver=proposal.caregiver,
                second_caregiver=proposal.second_caregiver,
                actor=actor,
            )
    return proposals
