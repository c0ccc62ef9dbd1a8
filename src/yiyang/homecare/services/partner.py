"""The second caregiver of a two-person visit (issue 9, teams): her own check-in and check-out.

The order's status follows the first caregiver (her check-out completes the visit, the rule of
issue 5); the second caregiver's time and phone location are kept beside it, on the order's
timeline and in the audit log, so a reviewer sees that both were there. Her check-in is taken
while the visit is assigned or under way; her check-out after her check-in, whatever the first
caregiver has done by then (she may leave a little later, or earlier), until the visit is
settled.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.core.errors import PermissionDeniedError
from yiyang.homecare import evv
from yiyang.homecare.choices import OrderEventType, OrderStatus
from yiyang.homecare.errors import ErrorCode, HomecareError
from yiyang.homecare.models import OrderEvent, ServiceOrder
from yiyang.homecare.services.common import is_second_caregiver, locked_order

CHECK_IN_FROM = (OrderStatus.ASSIGNED, OrderStatus.CHECKED_IN)
# Her check-out does not wait for the first caregiver's check-in: her record is her own.
CHECK_OUT_FROM = (
    OrderStatus.ASSIGNED,
    OrderStatus.CHECKED_IN,
    OrderStatus.CHECKED_OUT,
    OrderStatus.CONFIRMED,
)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _locked_as_second(order: ServiceOrder, actor) -> ServiceOrder:
    current = locked_order(order)
    if not is_second_caregiver(actor, current):
        raise PermissionDeniedError(
            "permission_denied", _("You are not allowed to do this here."), field=None
        )
    return current


def _write(
    order: ServiceOrder, values: dict, *, event: OrderEventType, actor, data: dict
) -> ServiceOrder:
    """Write her step: the fields, the order's timeline entry and the audit record."""
    fields = list(values)
    before = audit.snapshot(order, fields)
    now = timezone.now()
    for name, value in values.items():
        setattr(order, name, value)
    # Every write of an order moves `updated_at` on: the first caregiver's guarded step then
    # reads the row again instead of writing over this one.
    order.updated_at = (
        now if now > order.updated_at else order.updated_at + timedelta(microseconds=1)
    )
    order.save(update_fields=[*fields, "updated_at"])
    OrderEvent.objects.create(
        order=order,
        event_type=event,
        old_status=order.status,
        new_status=order.status,
        actor=actor,
        data=data,
        created_at=now,
    )
    audit.record_change(
        order,
        actor=actor,
        action="update",
        before=before,
        region_code=order.elder.residence_region_id,
    )
    return order


def second_check_in(
    order: ServiceOrder, *, latitude: Decimal | None, longitude: Decimal | None, actor
) -> ServiceOrder:
    """The second caregiver arrives: her own time and her phone's location, its distance from
    the home. A second tap changes nothing."""
    with transaction.atomic():
        current = _locked_as_second(order, actor)
        if current.second_checked_in_at is not None:
            return current  # a double tap
        if current.status not in CHECK_IN_FROM:
            raise HomecareError(
                ErrorCode.WRONG_STATUS,
                _("This order is {status}: this step cannot be taken now.").format(
                    status=current.get_status_display()
                ),
                field="status",
            )
        now = timezone.now()
        distance = evv.check_in_distance(
            evv.VisitFacts(
                planned_minutes=current.planned_minutes,
                standard_minutes=current.item.standard_minutes,
                started_at=now,
                ended_at=now,
                home_lat=_float(current.home_latitude),
                home_lng=_float(current.home_longitude),
                check_in_lat=_float(latitude),
                check_in_lng=_float(longitude),
            )
        )
        metres = None if distance is None else round(distance)
        return _write(
            current,
            {
                "second_checked_in_at": now,
                "second_check_in_latitude": latitude,
                "second_check_in_longitude": longitude,
                "second_check_in_distance_m": metres,
            },
            event=OrderEventType.SECOND_CHECKED_IN,
            actor=actor,
            data={"metres": metres, "caregiver": current.second_caregiver_id},
        )


def second_check_out(
    order: ServiceOrder, *, latitude: Decimal | None, longitude: Decimal | None, actor
) -> ServiceOrder:
    """The second caregiver leaves: her own time and place. A second tap changes nothing."""
    with transaction.atomic():
        current = _locked_as_second(order, actor)
        if current.second_checked_out_at is not None:
            return current  # a double tap
        if current.second_checked_in_at is None:
            raise HomecareError(ErrorCode.WRONG_STATUS, _("Check in first."), field="status")
        if current.status not in CHECK_OUT_FROM:
            raise HomecareError(
                ErrorCode.WRONG_STATUS,
                _("This order is {status}: this step cannot be taken now.").format(
                    status=current.get_status_display()
                ),
                field="status",
            )
        now = timezone.now()
        minutes = evv.actual_minutes(current.second_checked_in_at, now)
        return _write(
            current,
            {
                "second_checked_out_at": now,
                "second_check_out_latitude": latitude,
                "second_check_out_longitude": longitude,
            },
            event=OrderEventType.SECOND_CHECKED_OUT,
            actor=actor,
            data={"minutes": minutes, "caregiver": current.second_caregiver_id},
        )
