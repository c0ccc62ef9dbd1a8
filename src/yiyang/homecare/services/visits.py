"""The visit: check-in and check-out with time and place (EVV), confirmation, flags and review."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.core.scoping import require
from yiyang.homecare import evv
from yiyang.homecare.choices import FlagKind, OrderStatus, ReviewStatus
from yiyang.homecare.errors import ErrorCode, HomecareError
from yiyang.homecare.models import ElderAbsence, ServiceOrder, VisitFlag
from yiyang.homecare.services.cases import open_rating_case
from yiyang.homecare.services.common import (
    check_step,
    locked_order,
    policy_on,
    record_step,
    repeated,
    require_assigned_caregiver,
)
from yiyang.registry.models import Elder


def _point(latitude, longitude, field: str) -> tuple[Decimal | None, Decimal | None]:
    if latitude is None and longitude is None:
        return None, None
    try:
        lat, lng = Decimal(str(latitude)), Decimal(str(longitude))
    except (ArithmeticError, ValueError):
        lat = lng = Decimal(999)
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise HomecareError(
            ErrorCode.LOCATION_INVALID, _("The phone's location is not valid."), field=field
        )
    return lat.quantize(Decimal("0.000001")), lng.quantize(Decimal("0.000001"))


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def check_in(order: ServiceOrder, *, latitude=None, longitude=None, actor) -> ServiceOrder:
    """The caregiver arrives: record the time and the phone's location (EVV check-in)."""
    require(actor, "homecare.perform_visit")
    lat, lng = _point(latitude, longitude, "latitude")
    with transaction.atomic():
        order = locked_order(order)
        require_assigned_caregiver(actor, order)
        if repeated(order, "check_in", actor):
            return order
        step = check_step(order, "check_in")
        facts = evv.VisitFacts(
            planned_minutes=order.planned_minutes,
            standard_minutes=order.item.standard_minutes,
            started_at=timezone.now(),
            ended_at=timezone.now(),
            home_lat=_float(order.home_latitude),
            home_lng=_float(order.home_longitude),
            check_in_lat=_float(lat),
            check_in_lng=_float(lng),
        )
        distance = evv.check_in_distance(facts)
        old = order.status
        order.status = step.target
        order.checked_in_at = timezone.now()
        order.check_in_latitude, order.check_in_longitude = lat, lng
        order.check_in_distance_m = None if distance is None else round(distance)
        order.updated_at = timezone.now()
        order.save(
            update_fields=[
                "status",
                "checked_in_at",
                "check_in_latitude",
                "check_in_longitude",
                "check_in_distance_m",
                "updated_at",
            ]
        )
        record_step(
            order,
            "check_in",
            actor=actor,
            old_status=old,
            data={"metres": order.check_in_distance_m},
        )
    return order


def _other_visits(order: ServiceOrder) -> tuple[tuple[datetime, datetime], ...]:
    """The caregiver's other checked-in visits around this one (for the overlap flag)."""
    start = order.checked_in_at - timedelta(days=1)  # type: ignore[operator]
    rows = (
        ServiceOrder.objects.filter(
            caregiver=order.caregiver,
            checked_in_at__gte=start,
            checked_out_at__isnull=False,
        )
        .exclude(pk=order.pk)
        .values_list("checked_in_at", "checked_out_at")
    )
    return tuple((begin, end) for begin, end in rows if begin is not None and end is not None)


def _absences(elder: Elder) -> tuple[tuple[date, date | None], ...]:
    rows = ElderAbsence.objects.filter(elder=elder).values_list("starts_on", "ends_on")
    return tuple((first, last) for first, last in rows)


def _thresholds(day: date) -> evv.Thresholds:
    policy = policy_on(day)
    return evv.Thresholds(
        duration_tolerance_minutes=policy.duration_tolerance_minutes,
        check_in_distance_m=policy.check_in_distance_m,
        too_short_share=float(policy.too_short_share),
    )


def check_out(
    order: ServiceOrder,
    *,
    latitude=None,
    longitude=None,
    note: str = "",
    duration_reason: str = "",
    actor,
) -> ServiceOrder:
    """The caregiver leaves: record time and place, ask for a reason when the length is off, and
    flag the visit for review when the EVV rules say so (evv.visit_flags)."""
    require(actor, "homecare.perform_visit")
    lat, lng = _point(latitude, longitude, "latitude")
    with transaction.atomic():
        order = locked_order(order)
        require_assigned_caregiver(actor, order)
        if repeated(order, "check_out", actor):
            return order
        step = check_step(order, "check_out")
        now = timezone.now()
        started = order.checked_in_at
        assert started is not None  # a checked-in order has its time
        local_start = timezone.localtime(started)
        thresholds = _thresholds(local_start.date())
        minutes = evv.actual_minutes(started, now)
        reason = (duration_reason or "").strip()
        if not reason and evv.needs_duration_reason(
            planned_minutes=order.planned_minutes, actual=minutes, thresholds=thresholds
        ):
            raise HomecareError(
                ErrorCode.DURATION_REASON_REQUIRED,
                _("The visit took {actual} minutes against {planned} planned: say why.").format(
                    actual=minutes, planned=order.planned_minutes
                ),
                field="duration_reason",
            )
        facts = evv.VisitFacts(
            planned_minutes=order.planned_minutes,
            standard_minutes=order.item.standard_minutes,
            started_at=local_start,
            ended_at=timezone.localtime(now),
            home_lat=_float(order.home_latitude),
            home_lng=_float(order.home_longitude),
            check_in_lat=_float(order.check_in_latitude),
            check_in_lng=_float(order.check_in_longitude),
            other_visits=_other_visits(order),
            date_of_death=order.elder.date_of_death,
            absent_days=_absences(order.elder),
        )
        flags = evv.visit_flags(facts, thresholds)
        old = order.status
        order.status = step.target
        order.checked_out_at = now
        order.check_out_latitude, order.check_out_longitude = lat, lng
        order.actual_minutes = minutes
        order.duration_reason = reason[:500]
        order.visit_note = (note or "").strip()[:1000]
        if flags:
            order.review_status = ReviewStatus.PENDING
        order.updated_at = now
        order.save(
            update_fields=[
                "status",
                "checked_out_at",
                "check_out_latitude",
                "check_out_longitude",
                "actual_minutes",
                "duration_reason",
                "visit_note",
                "review_status",
                "updated_at",
            ]
        )
        VisitFlag.objects.bulk_create(
            [VisitFlag(order=order, kind=flag.kind, detail=flag.detail) for flag in flags]
        )
        record_step(
            order,
            "check_out",
            actor=actor,
            old_status=old,
            reason=reason,
            data={"minutes": minutes, "flags": [flag.kind for flag in flags]},
        )
    return order


def confirm_visit(
    order: ServiceOrder, *, rating: int | None = None, comment: str = "", actor
) -> ServiceOrder:
    """The elder or family (or a clerk for them) confirms the visit, with a 1–5 rating."""
    require(actor, "homecare.confirm_visit", order.elder.residence_region_id)
    return record_confirmation(order, rating=rating, comment=comment, actor=actor)


def record_confirmation(
    order: ServiceOrder, *, rating: int | None, comment: str, actor, via: str = ""
) -> ServiceOrder:
    """Confirm and rate the visit once the caller has established who may (an account's
    capability, or the family's signed link: `via` names it on the timeline)."""
    if rating is not None and not 1 <= rating <= 5:
        raise HomecareError(ErrorCode.WRONG_STATUS, _("A rating is 1 to 5 points."), field="rating")
    with transaction.atomic():
        order = locked_order(order)
        if repeated(order, "confirm", actor):
            return order
        step = check_step(order, "confirm")
        old = order.status
        order.status = step.target
        order.confirmed_at = timezone.now()
        order.rating = rating
        order.rating_comment = (comment or "").strip()[:500]
        order.updated_at = timezone.now()
        order.save(
            update_fields=["status", "confirmed_at", "rating", "rating_comment", "updated_at"]
        )
        data = {"rating": rating} | ({"via": via} if via else {})
        record_step(order, "confirm", actor=actor, old_status=old, data=data)
        # The policy is read only for a rating: a confirmation without one opens no case.
        if rating is not None and rating <= policy_on(timezone.localdate()).low_rating:
            open_rating_case(order, rating=rating, comment=order.rating_comment, actor=actor)
    return order


def auto_confirm_due(*, now: datetime | None = None) -> int:
    """Confirm, flagged, the visits left unconfirmed past the policy's hours; return how many.

    Idempotent: a confirmed order is no longer `checked_out`, so a second run finds nothing.
    """
    now = now or timezone.now()
    policy = policy_on(timezone.localtime(now).date())
    cutoff = now - timedelta(hours=policy.auto_confirm_hours)
    count = 0
    due = ServiceOrder.objects.filter(
        status=OrderStatus.CHECKED_OUT, checked_out_at__lte=cutoff
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            order = ServiceOrder.objects.select_for_update().get(pk=pk)
            if order.status != OrderStatus.CHECKED_OUT:
                continue
            step = check_step(order, "auto_confirm")
            order.status = step.target
            order.confirmed_at = now
            order.is_auto_confirmed = True
            order.updated_at = now
            order.save(update_fields=["status", "confirmed_at", "is_auto_confirmed", "updated_at"])
            VisitFlag.objects.get_or_create(
                order=order,
                kind=FlagKind.AUTO_CONFIRMED,
                defaults={"detail": {"hours": policy.auto_confirm_hours}},
            )
            record_step(
                order,
                "auto_confirm",
                actor=None,
                old_status=OrderStatus.CHECKED_OUT,
                data={"hours": policy.auto_confirm_hours},
            )
            count += 1
    return count


def review_visit(order: ServiceOrder, *, accept: bool, reason: str, actor) -> ServiceOrder:
    """A reviewer accepts or rejects a flagged visit with a reason; a rejected visit is not paid."""
    require(actor, "homecare.review_visit", order.elder.residence_region_id)
    if not (reason or "").strip():
        raise HomecareError(ErrorCode.REASON_REQUIRED, _("Give the reason."), field="reason")
    with transaction.atomic():
        order = locked_order(order)
        if order.review_status != ReviewStatus.PENDING:
            raise HomecareError(
                ErrorCode.NOT_FLAGGED, _("This visit is not waiting for review."), field=None
            )
        before = audit.snapshot(order, ["review_status", "review_reason"])
        order.review_status = ReviewStatus.ACCEPTED if accept else ReviewStatus.REJECTED
        order.review_reason = reason.strip()[:500]
        order.reviewed_by = actor
        order.updated_at = timezone.now()
        order.save(update_fields=["review_status", "review_reason", "reviewed_by", "updated_at"])
        from yiyang.homecare.models import OrderEvent

        OrderEvent.objects.create(
            order=order,
            event_type="reviewed",
            old_status=order.status,
            new_status=order.status,
            actor=actor,
            reason=order.review_reason,
            data={"accepted": accept},
        )
        audit.record_change(
            order,
            actor=actor,
            action="update",
            before=before,
            reason=reason,
            region_code=order.elder.residence_region_id,
        )
    return order


def record_absence(
    elder: Elder, *, kind: str, starts_on: date, ends_on: date | None, note: str = "", actor
) -> ElderAbsence:
    """Record a hospital stay or absence: visits on those days are flagged."""
    require(actor, "homecare.record_absence", elder.residence_region_id)
    if ends_on is not None and ends_on < starts_on:
        raise HomecareError(
            ErrorCode.ABSENCE_INVALID, _("The absence ends after it starts."), field="ends_on"
        )
    with transaction.atomic():
        absence = ElderAbsence.objects.create(
            elder=elder, kind=kind, starts_on=starts_on, ends_on=ends_on, note=note[:200]
        )
        audit.record_change(
            absence,
            actor=actor,
            action="create",
            fields=["kind", "starts_on", "ends_on"],
            region_code=elder.residence_region_id,
        )
    return absence


def cancel_open_orders(elder: Elder, *, actor) -> int:
    """Cancel the elder's orders not yet started (the registry recorded a death or a move)."""
    count = 0
    reason = _("The elder has left the registry.")
    open_orders = ServiceOrder.objects.filter(
        elder=elder,
        status__in=[OrderStatus.REQUESTED, OrderStatus.ACCEPTED, OrderStatus.ASSIGNED],
    )
    for order in open_orders:
        old = order.status
        order.status = OrderStatus.CANCELLED
        order.closing_reason = reason
        order.updated_at = timezone.now()
        order.save(update_fields=["status", "closing_reason", "updated_at"])
        record_step(order, "cancel", actor=actor, old_status=old, reason=reason)
        count += 1
    return count
