"""The visit: check-in and check-out with time and place (EVV), confirmation, flags and review."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.core.scoping import require
from yiyang.homecare import evv, lifecycle
from yiyang.homecare.choices import FlagKind, NoticeCause, OrderStatus, ReviewStatus
from yiyang.homecare.errors import ErrorCode, HomecareError
from yiyang.homecare.models import ElderAbsence, ServiceOrder, VisitFlag
from yiyang.homecare.services import notices
from yiyang.homecare.services.cases import open_rating_case
from yiyang.homecare.services.common import (
    Change,
    check_step,
    is_second_caregiver,
    locked_order,
    policy_on,
    record_step,
    require_assigned_caregiver,
    take_step,
)
from yiyang.homecare.services.partner import second_check_in, second_check_out
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
    """The caregiver arrives: record the time and the phone's location (EVV check-in). The
    second caregiver of a two-person visit checks in on her own phone (`second_check_in`)."""
    require(actor, "homecare.perform_visit")
    lat, lng = _point(latitude, longitude, "latitude")
    if is_second_caregiver(actor, order):
        return second_check_in(order, latitude=lat, longitude=lng, actor=actor)

    def change(current: ServiceOrder, step: lifecycle.Step) -> Change:
        now = timezone.now()
        facts = evv.VisitFacts(
            planned_minutes=current.planned_minutes,
            standard_minutes=current.item.standard_minutes,
            started_at=now,
            ended_at=now,
            home_lat=_float(current.home_latitude),
            home_lng=_float(current.home_longitude),
            check_in_lat=_float(lat),
            check_in_lng=_float(lng),
        )
        distance = evv.check_in_distance(facts)
        metres = None if distance is None else round(distance)
        return Change(
            {
                "checked_in_at": now,
                "check_in_latitude": lat,
                "check_in_longitude": lng,
                "check_in_distance_m": metres,
            },
            data={"metres": metres},
        )

    with transaction.atomic():
        order, _change = take_step(
            order, "check_in", actor=actor, change=_as_caregiver(actor, change)
        )
    return order


def _as_caregiver(actor, change: Callable[[ServiceOrder, lifecycle.Step], Change]):
    """Check first that the actor is the visit's caregiver (on whichever copy is checked)."""

    def checked(current: ServiceOrder, step: lifecycle.Step) -> Change:
        require_assigned_caregiver(actor, current)
        return change(current, step)

    return checked


def _other_visits(order: ServiceOrder, *, until: datetime) -> tuple[tuple[datetime, datetime], ...]:
    """The caregiver's earliest other finished visit that overlaps this one (checked in until
    `until`), if any: the overlap flag needs one; the test is evv's, SQL only narrows the rows
    to those it would pass, so a caregiver's history is not read at every check-out. A visit
    where she was the second caregiver of a team counts with her own check-in and check-out."""
    started = order.checked_in_at
    assert started is not None  # a checked-in order has its time
    since = started - timedelta(days=1)
    # One branch per role, each on its own columns, so the first keeps its index (caregiver,
    # checked_in_at); a Case in the filter would read her whole history.
    as_first = models.Q(caregiver_id=order.caregiver_id)
    rows = (
        ServiceOrder.objects.filter(
            as_first
            & models.Q(
                checked_in_at__gte=since, checked_in_at__lt=until, checked_out_at__gt=started
            )
            | models.Q(
                second_caregiver_id=order.caregiver_id,
                second_checked_in_at__gte=since,
                second_checked_in_at__lt=until,
                second_checked_out_at__gt=started,
            )
        )
        .exclude(pk=order.pk)
        .annotate(
            her_in=models.Case(
                models.When(as_first, then=models.F("checked_in_at")),
                default=models.F("second_checked_in_at"),
            ),
            her_out=models.Case(
                models.When(as_first, then=models.F("checked_out_at")),
                default=models.F("second_checked_out_at"),
            ),
        )
        .order_by("her_in", "pk")
        .values_list("her_in", "her_out")[:1]
    )
    return tuple((begin, end) for begin, end in rows if begin is not None and end is not None)


def _elder_now(elder_pk: int) -> tuple[date | None, tuple[tuple[date, date | None], ...]]:
    """The elder's date of death and absences (latest first) as they are now, in one query:
    the copy of the order a step is checked on may carry an elder read before a death."""
    rows = (
        Elder.objects.filter(pk=elder_pk)
        .order_by("-homecare_absences__starts_on", "homecare_absences__pk")
        .values_list("date_of_death", "homecare_absences__starts_on", "homecare_absences__ends_on")
    )
    date_of_death = None
    absences = []
    for died, first, last in rows:
        date_of_death = died
        if first is not None:
            absences.append((first, last))
    return date_of_death, tuple(absences)


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
    flag the visit for review when the EVV rules say so (evv.visit_flags). The first caregiver's
    check-out completes the visit; the second's is kept beside it (`second_check_out`)."""
    require(actor, "homecare.perform_visit")
    lat, lng = _point(latitude, longitude, "latitude")
    if is_second_caregiver(actor, order):
        return second_check_out(order, latitude=lat, longitude=lng, actor=actor)

    def change(current: ServiceOrder, step: lifecycle.Step) -> Change:
        now = timezone.now()
        started = current.checked_in_at
        assert started is not None  # a checked-in order has its time
        local_start = timezone.localtime(started)
        thresholds = _thresholds(local_start.date())
        minutes = evv.actual_minutes(started, now)
        reason = (duration_reason or "").strip()
        if not reason and evv.needs_duration_reason(
            planned_minutes=current.planned_minutes, actual=minutes, thresholds=thresholds
        ):
            raise HomecareError(
                ErrorCode.DURATION_REASON_REQUIRED,
                _("The visit took {actual} minutes against {planned} planned: say why.").format(
                    actual=minutes, planned=current.planned_minutes
                ),
                field="duration_reason",
            )
        date_of_death, absences = _elder_now(current.elder_id)
        facts = evv.VisitFacts(
            planned_minutes=current.planned_minutes,
            standard_minutes=current.item.standard_minutes,
            started_at=local_start,
            ended_at=timezone.localtime(now),
            home_lat=_float(current.home_latitude),
            home_lng=_float(current.home_longitude),
            check_in_lat=_float(current.check_in_latitude),
            check_in_lng=_float(current.check_in_longitude),
            other_visits=_other_visits(current, until=now),
            date_of_death=date_of_death,
            absent_days=absences,
        )
        flags = evv.visit_flags(facts, thresholds)
        return Change(
            {
                "checked_out_at": now,
                "check_out_latitude": lat,
                "check_out_longitude": lng,
                "actual_minutes": minutes,
                "duration_reason": reason[:500],
                "visit_note": (note or "").strip()[:1000],
                "review_status": ReviewStatus.PENDING if flags else current.review_status,
            },
            reason=reason,
            data={"minutes": minutes, "flags": [flag.kind for flag in flags]},
            flags=tuple(flags),
        )

    with transaction.atomic():
        order, done = take_step(
            order, "check_out", actor=actor, change=_as_caregiver(actor, change)
        )
        if done is not None and done.flags:
            VisitFlag.objects.bulk_create(
                [VisitFlag(order=order, kind=flag.kind, detail=flag.detail) for flag in done.flags]
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

    def change(current: ServiceOrder, step: lifecycle.Step) -> Change:
        return Change(
            {
                "confirmed_at": timezone.now(),
                "rating": rating,
                "rating_comment": (comment or "").strip()[:500],
            },
            data={"rating": rating} | ({"via": via} if via else {}),
        )

    with transaction.atomic():
        order, done = take_step(order, "confirm", actor=actor, change=change)
        # The policy is read only for a rating: a confirmation without one opens no case.
        if (
            done is not None
            and rating is not None
            and rating <= policy_on(timezone.localdate()).low_rating
        ):
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
    for order in open_orders.select_related("provider"):
        # Her round loses the visit: she is told, as for any cancellation.
        watched = notices.watch(
            order.provider, timezone.localtime(order.planned_start).date(), order_pks=[order.pk]
        )
        old = order.status
        order.status = OrderStatus.CANCELLED
        order.closing_reason = reason
        order.updated_at = timezone.now()
        order.save(update_fields=["status", "closing_reason", "updated_at"])
        record_step(order, "cancel", actor=actor, old_status=old, reason=reason)
        notices.tell_caregivers(watched, cause=NoticeCause.CANCELLED, actor=actor)
        count += 1
    return count
