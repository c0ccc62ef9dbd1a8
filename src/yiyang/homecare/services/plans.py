"""Recurring care plans and the daily generation of their orders (idempotent per day)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.core.errors import DomainError
from yiyang.core.scoping import require
from yiyang.homecare.choices import OrderSource
from yiyang.homecare.errors import ErrorCode, HomecareError
from yiyang.homecare.models import CarePlan, Provider, ServiceItem, ServiceOrder
from yiyang.homecare.plans import is_due
from yiyang.homecare.services.orders import OrderData, request_order, serves
from yiyang.registry.models import Elder


@dataclass(frozen=True)
class PlanData:
    item_code: str
    weekdays: list[int]
    start_time: time
    starts_on: date
    ends_on: date | None = None
    planned_minutes: int | None = None
    needs_note: str = ""


def create_care_plan(elder: Elder, *, provider: Provider, data: PlanData, actor) -> CarePlan:
    """Record a standing order for an elder (e.g. 1 h every day, Mon/Wed/Fri bathing)."""
    require(actor, "homecare.request_order", elder.residence_region_id)
    item = ServiceItem.objects.filter(code=data.item_code, is_active=True).first()
    if item is None:
        raise HomecareError(
            ErrorCode.ITEM_INVALID, _("Choose an item of the catalogue."), field="item"
        )
    days = sorted(set(data.weekdays))
    if not days or any(day not in range(1, 8) for day in days):
        raise HomecareError(
            ErrorCode.PLAN_INVALID, _("Choose weekdays from Monday to Sunday."), field="weekdays"
        )
    if data.ends_on is not None and data.ends_on < data.starts_on:
        raise HomecareError(
            ErrorCode.PLAN_INVALID, _("The plan ends after it starts."), field="ends_on"
        )
    if not serves(provider, elder.residence_region_id):
        raise HomecareError(
            ErrorCode.OUTSIDE_SERVICE_AREA,
            _("The provider does not serve the elder's community."),
            field="provider",
        )
    with transaction.atomic():
        plan = CarePlan.objects.create(
            elder=elder,
            provider=provider,
            item=item,
            weekdays=days,
            start_time=data.start_time,
            planned_minutes=data.planned_minutes or item.standard_minutes,
            starts_on=data.starts_on,
            ends_on=data.ends_on,
            needs_note=data.needs_note.strip()[:500],
            created_by=actor,
        )
        audit.record_change(
            plan,
            actor=actor,
            action="create",
            fields=["item", "weekdays", "starts_on", "ends_on"],
            region_code=elder.residence_region_id,
        )
    return plan


@dataclass(frozen=True)
class Generated:
    created: int
    skipped: list[tuple[int, str]]  # (plan pk, why)


def generate_orders(day: date) -> Generated:
    """Create the day's orders of every active plan due that day; run twice, create once.

    Each order is requested in the name of the plan's author with the key "plan:<pk>:<day>",
    so the order's unique request key makes a second run find it instead of adding another.
    A plan whose order is refused (elder no longer in the registry, contract ended) is skipped
    with the reason.
    """
    created = 0
    skipped: list[tuple[int, str]] = []
    tz = timezone.get_current_timezone()
    plans = CarePlan.objects.active().select_related("elder", "provider", "item", "created_by")
    for plan in plans.prefetch_related("provider__service_areas"):
        if not is_due(plan.weekdays, starts_on=plan.starts_on, ends_on=plan.ends_on, day=day):
            continue
        key = f"plan:{plan.pk}:{day.isoformat()}"
        if ServiceOrder.objects.filter(created_by=plan.created_by, request_key=key).exists():
            continue
        try:
            request_order(
                plan.elder,
                provider=plan.provider,
                data=OrderData(
                    item_code=plan.item.code,
                    planned_start=datetime.combine(day, plan.start_time, tz),
                    planned_minutes=plan.planned_minutes,
                    source=OrderSource.CARE_PLAN,
                    needs_note=plan.needs_note,
                    request_key=key,
                ),
                actor=plan.created_by,
            )
        except DomainError as error:
            skipped.append((plan.pk, error.message))
            continue
        created += 1
    return Generated(created=created, skipped=skipped)
