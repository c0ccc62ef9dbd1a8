"""Helpers the home-service writes share: policy in force, permission of provider and caregiver,
order events and row locks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core.errors import DomainError, PermissionDeniedError
from yiyang.core.scoping import require
from yiyang.homecare import lifecycle
from yiyang.homecare.errors import ErrorCode, HomecareError
from yiyang.homecare.models import HomecarePolicy, OrderEvent, Provider, ServiceOrder


def _denied() -> PermissionDeniedError:
    return PermissionDeniedError(
        "permission_denied", _("You are not allowed to do this here."), field=None
    )


def policy_on(day: date) -> HomecarePolicy:
    """The home-service policy in force on `day` (effective-dated rows, DESIGN.md rule 3)."""
    policy = HomecarePolicy.objects.in_force(day)
    if policy is None:
        raise HomecareError(
            ErrorCode.NO_POLICY, _("No home-service policy is in force on this date."), field=None
        )
    return policy


def require_provider_staff(actor, provider: Provider, capability: str) -> None:
    """Refuse unless the actor holds `capability` and works for `provider` (or is a superuser)."""
    require(actor, capability)
    if actor.is_superuser:
        return
    membership = getattr(actor, "provider_membership", None)
    if membership is None or membership.provider_id != provider.pk:
        raise _denied()


def require_assigned_caregiver(actor, order: ServiceOrder) -> None:
    """Refuse unless the actor is the caregiver the visit is assigned to."""
    require(actor, "homecare.perform_visit")
    if actor.is_superuser:
        return
    caregiver = order.caregiver
    if caregiver is None or caregiver.user_id != actor.pk:
        raise _denied()


def is_second_caregiver(actor, order: ServiceOrder) -> bool:
    """Say whether the actor goes to this visit as the second caregiver of a two-person team
    (and not as its first: a superuser acts as the first)."""
    second = order.second_caregiver
    return (
        second is not None
        and second.user_id is not None
        and second.user_id == actor.pk
        and not (order.caregiver is not None and order.caregiver.user_id == actor.pk)
    )


def locked_order(order: ServiceOrder) -> ServiceOrder:
    """Re-read the order under a row lock, so two taps or two clerks act on it one at a time."""
    return (
        ServiceOrder.objects.select_for_update(of=("self",))
        .select_related("item", "elder", "caregiver", "second_caregiver")
        .get(pk=order.pk)
    )


@dataclass(frozen=True)
class Change:
    """What a step writes: the order's new values (besides status and `updated_at`), its
    event's reason and data, and the visit flags it raises (a check-out)."""

    values: dict[str, Any]
    reason: str = ""
    data: dict | None = None
    flags: tuple = field(default=())


def take_step(
    order: ServiceOrder,
    action: str,
    *,
    actor,
    change: Callable[[ServiceOrder, lifecycle.Step], Change],
    done: Callable[[ServiceOrder], bool] | None = None,
) -> tuple[ServiceOrder, Change | None]:
    """Take `action` on the order inside the caller's transaction: check it (`change` checks
    the rest and says what to write), write it with its event; return the order and the change,
    or no change when `done` (by default: a repeat of the last step, a double tap) says it
    was taken already.

    First on the order as the caller read it, with one UPDATE that writes only while the row is
    still as read: the same status, caregiver and `updated_at` (every write of an order sets it).
    Should the row have moved on since, or the caller's copy say the step is done or refused
    (it may be old), the step is taken again on the row read afresh under a lock, as every
    step used to be: the outcome is what that locked read gives, and the usual step costs one
    query instead of two (bench/orders_profile.py).
    """
    target = lifecycle.STEPS[action].target
    for locked in (False, True):
        current = locked_order(order) if locked else order
        try:
            if done is not None and done(current):
                if not locked:
                    continue
                return current, None
            if done is None and current.status == target:
                # Perhaps a double tap: `repeated` reads the last event, under the lock.
                if not locked:
                    continue
                if repeated(current, action, actor):
                    return current, None
            step = check_step(current, action)
            planned = change(current, step)
        except DomainError:
            if locked:
                raise
            continue
        values = {"status": step.target, **planned.values, "updated_at": _later(current)}
        as_read = ServiceOrder.objects.filter(
            pk=current.pk, status=current.status, updated_at=current.updated_at
        )
        if current.caregiver_id is None:
            as_read = as_read.filter(caregiver__isnull=True)
        else:
            as_read = as_read.filter(caregiver_id=current.caregiver_id)
        if not as_read.update(**values):
            continue  # someone wrote in between (never under the lock): take it again, locked
        old = current.status
        for name, value in values.items():
            setattr(current, name, value)
        record_step(
            current, action, actor=actor, old_status=old, reason=planned.reason, data=planned.data
        )
        return current, planned
    raise AssertionError("a step under the row lock always writes")  # pragma: no cover


def _later(order: ServiceOrder) -> datetime:
    """Now, or just after the order's last write if the clock says otherwise: a clock that
    stands still (tests) or a web server whose clock lags must not give two versions of the
    row the same `updated_at`, which the guarded write compares."""
    now = timezone.now()
    return now if now > order.updated_at else order.updated_at + timedelta(microseconds=1)


def check_step(order: ServiceOrder, action: str) -> lifecycle.Step:
    step = lifecycle.STEPS[action]
    if not lifecycle.allowed(action, order.status):
        raise HomecareError(
            ErrorCode.WRONG_STATUS,
            _("This order is {status}: this step cannot be taken now.").format(
                status=order.get_status_display()
            ),
            field="status",
        )
    return step


def repeated(order: ServiceOrder, action: str, actor) -> bool:
    """Say whether this step is a repeat of the last one (a double tap): then it runs once."""
    step = lifecycle.STEPS[action]
    if order.status != step.target:
        return False
    last = order.events.order_by("-created_at", "-pk").first()
    return (
        last is not None
        and last.event_type == _event_type(action)
        and last.actor_id == getattr(actor, "pk", None)
    )


def _event_type(action: str) -> str:
    return {
        "accept": "accepted",
        "refuse": "refused",
        "assign": "assigned",
        "check_in": "checked_in",
        "check_out": "checked_out",
        "confirm": "confirmed",
        "auto_confirm": "auto_confirmed",
        "settle": "settled",
        "cancel": "cancelled",
        "unassign": "unassigned",
    }[action]


def record_step(
    order: ServiceOrder,
    action: str,
    *,
    actor,
    old_status: str,
    reason: str = "",
    data: dict | None = None,
) -> OrderEvent:
    """Write the order's event of a step (inside the caller's transaction)."""
    return OrderEvent.objects.create(
        order=order,
        event_type=_event_type(action),
        old_status=old_status,
        new_status=order.status,
        actor=actor if getattr(actor, "pk", None) else None,
        reason=reason[:500],
        data=data or {},
        created_at=timezone.now(),
    )
