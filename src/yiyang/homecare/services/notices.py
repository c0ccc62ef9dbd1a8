"""Telling caregivers what changed in their round (issue 9): every write that changes who does a
visit of a day, or when, reads the rounds before it (`watch`) and writes one notice per caregiver
whose round changed after it (`tell_caregivers`), in the same transaction, so a notice exists
exactly when the change was committed. The caregiver acknowledges it (`acknowledge_notice`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.core.scoping import require
from yiyang.homecare.choices import OrderStatus
from yiyang.homecare.errors import ErrorCode, HomecareError
from yiyang.homecare.models import DayPlan, PlanNotice, Provider, ServiceOrder
from yiyang.homecare.round_changes import Stop, round_changes

# Orders that are not on anyone's round any more, though a caregiver may still be recorded.
OFF_ROUND = (OrderStatus.CANCELLED, OrderStatus.REFUSED)


def _minute(moment) -> int:
    local = timezone.localtime(moment)
    return local.hour * 60 + local.minute


@dataclass(frozen=True)
class Watch:
    """The rounds of a provider's day as they were before a change (of some orders, or all), and
    the minutes of the plan accepted then."""

    provider: Provider
    day: date
    order_pks: tuple[int, ...] | None
    planned: dict[int, tuple[int, int]]
    before: dict[int, tuple[tuple[Stop, ...], str, str]]


def _rounds(
    watched: Watch, planned: dict[int, tuple[int, int]]
) -> dict[int, tuple[tuple[Stop, ...], str, str]]:
    """Each visit of the day on someone's round, as her phone page shows it (the accepted plan's
    minute when the plan has it, else the order's planned start: views/visits.py `today`): one
    stop for its caregiver and, on a two-person visit, one for the second caregiver, at the same
    minute; with the elder's and the item's names a notice needs."""
    orders = ServiceOrder.objects.filter(caregiver__isnull=False).exclude(status__in=OFF_ROUND)
    # Named orders are of the watched day already; the day's filter would only cost time.
    if watched.order_pks is not None:
        orders = orders.filter(pk__in=watched.order_pks)
    else:
        orders = orders.filter(provider=watched.provider).on_day(watched.day)
    rows = orders.values_list(
        "pk", "caregiver_id", "second_caregiver_id", "planned_start", "elder__name", "item__name"
    )
    rounds = {}
    for pk, caregiver, second, start, elder, item in rows:
        minute = planned[pk][1] if pk in planned else _minute(start)
        people = (caregiver,) if second is None else (caregiver, second)
        rounds[pk] = (tuple(Stop(person, minute) for person in people), elder, item)
    return rounds


def watch(provider: Provider, day: date, *, order_pks: list[int] | None = None) -> Watch:
    """Read the rounds of the day (of `order_pks` only, when given) before changing them; a day
    gone by is not read (no one is told of it)."""
    pks = None if order_pks is None else tuple(order_pks)
    watched = Watch(provider, day, pks, {}, {})
    if day < timezone.localdate():
        return watched
    routes = (
        DayPlan.objects.filter(provider=provider, day=day)
        .accepted()
        .values_list("routes", flat=True)
        .first()
    )
    planned = DayPlan(routes=routes).starts() if routes is not None else {}
    return Watch(provider, day, pks, planned, _rounds(watched, planned))


def tell_caregivers(
    watched: Watch, *, cause: str, actor, plan: DayPlan | None = None
) -> list[PlanNotice]:
    """Write one notice per caregiver whose round of the watched day changed since `watch`
    (inside the caller's transaction); `plan` is the plan the change accepted, whose minutes
    her page shows from now on. A day gone by tells no one: her page no longer shows it."""
    if watched.day < timezone.localdate():
        return []
    after = _rounds(watched, plan.starts() if plan is not None else watched.planned)
    changed = round_changes(
        {pk: stops for pk, (stops, _elder, _item) in watched.before.items()},
        {pk: stops for pk, (stops, _elder, _item) in after.items()},
    )
    labels = {
        pk: (elder, item) for pk, (_stops, elder, item) in {**watched.before, **after}.items()
    }
    notices = []
    for caregiver_pk, changes in sorted(changed.items()):
        notice = PlanNotice.objects.create(
            caregiver_id=caregiver_pk,
            provider=watched.provider,
            day=watched.day,
            cause=cause,
            plan=plan,
            lines=[
                {
                    "kind": change.kind,
                    "order": change.order,
                    "elder": labels[change.order][0],
                    "item": labels[change.order][1],
                    "start": change.start,
                    "before": change.before,
                }
                for change in changes
            ],
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        audit.record_change(
            notice,
            actor=actor,
            action="create",
            fields=["caregiver", "day", "cause", "lines"],
            region_code=watched.provider.region_id,
        )
        notices.append(notice)
    return notices


def acknowledge_notice(notice: PlanNotice, *, actor) -> PlanNotice:
    """The caregiver has read the notice ("知道了"); it leaves her page. Twice is once."""
    require(actor, "homecare.perform_visit")
    if notice.caregiver.user_id != actor.pk:
        raise HomecareError(
            ErrorCode.CAREGIVER_INVALID,
            _("Only the caregiver it was written to can acknowledge a notice."),
            field="notice",
        )
    with transaction.atomic():
        current = PlanNotice.objects.select_for_update().get(pk=notice.pk)
        if current.acknowledged_at is not None:
            return current
        before = audit.snapshot(current, ["acknowledged_at"])
        current.acknowledged_at = timezone.now()
        current.save(update_fields=["acknowledged_at"])
        audit.record_change(
            current,
            actor=actor,
            action="update",
            before=before,
            region_code=current.provider.region_id,
        )
    return current
