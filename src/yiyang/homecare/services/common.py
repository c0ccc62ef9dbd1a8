"""Helpers the home-service writes share: policy in force, permission of provider and caregiver,
order events and row locks."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core.errors import PermissionDeniedError
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


def locked_order(order: ServiceOrder) -> ServiceOrder:
    """Re-read the order under a row lock, so two taps or two clerks act on it one at a time."""
    return (
        ServiceOrder.objects.select_for_update(of=("self",))
        .select_related("item", "elder", "caregiver")
        .get(pk=order.pk)
    )


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
