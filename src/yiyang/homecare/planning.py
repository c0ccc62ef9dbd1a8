"""The planner's day read from the database (issue 9): a provider's orders of one day as visits and
its caregivers as the people who can take them, in the pure types of `yiyang.scheduling`.

- A visit is an order accepted or assigned (and, for a re-plan, one already under way): its place is
  the order's home location, its window the planned start ± the policy's minutes, its duration
  the order's planned minutes (the catalogue item's standard unless set), its preferred caregiver
  the elder's usual one (most visits done for this elder by this provider in the last 60 days),
  its priority the policy's `urgent_priority` for an urgent order (placed first), else 1; its
  staff the item's `caregivers_needed` (2: a two-person team, formed by the planner).
- What a caregiver may do is decided by `workforce.qualification` (the same rule as a manual
  assignment): each item of the day is a skill, held by the caregivers qualified for it that day.
- A caregiver without a start place (home or service centre) is not planned; she is listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone

from yiyang.homecare.choices import OrderStatus, TravelMode
from yiyang.homecare.errors import ErrorCode, HomecareError
from yiyang.homecare.models import HomecarePolicy, Provider, ServiceOrder
from yiyang.homecare.services.orders import qualification_reasons
from yiyang.scheduling.breaks import Break
from yiyang.scheduling.dayplan import Caregiver as PlanCaregiver
from yiyang.scheduling.dayplan import Day, Visit
from yiyang.scheduling.travel import MatrixFile, TravelError, TravelModel, TravelSource
from yiyang.workforce.models import Caregiver

PLANNED = (OrderStatus.ACCEPTED, OrderStatus.ASSIGNED)
UNDER_WAY = (OrderStatus.CHECKED_IN, OrderStatus.CHECKED_OUT, OrderStatus.CONFIRMED)
USUAL_CAREGIVER_DAYS = 60


@dataclass
class DayData:
    day: Day
    orders: dict[int, ServiceOrder]
    caregivers: dict[int, Caregiver]
    without_start: list[Caregiver]
    without_location: list[ServiceOrder]
    policy: HomecarePolicy


def minute_of(moment: datetime) -> int:
    local = timezone.localtime(moment)
    return local.hour * 60 + local.minute


def skill_of(item_pk: int) -> str:
    return f"item-{item_pk}"


def day_caregivers(provider: Provider) -> list[Caregiver]:
    return list(
        Caregiver.objects.filter(employment__provider=provider)
        .active()
        .select_related("employment")
        .prefetch_related("certificates")
        .order_by("name", "pk")
    )


def build_day(
    provider: Provider,
    *,
    day: date,
    locks: dict[int, int] | None = None,
    under_way: bool = False,
) -> DayData:
    """The planner's `Day` for the provider's orders and caregivers of `day`."""
    policy = HomecarePolicy.objects.in_force(day)
    if policy is None:
        raise HomecareError(ErrorCode.NO_POLICY, "no home-service policy in force", field="day")
    statuses = PLANNED + UNDER_WAY if under_way else PLANNED
    orders = list(
        ServiceOrder.objects.filter(provider=provider, status__in=statuses)
        .on_day(day)
        .select_related("item", "elder")
        .order_by("planned_start", "pk")
    )
    everyone = day_caregivers(provider)
    planned = [c for c in everyone if c.employment.start_latitude is not None]
    items = {order.item_id: order.item for order in orders}
    may = {
        caregiver.pk: frozenset(
            skill_of(item.pk)
            for item in items.values()
            if not qualification_reasons(caregiver, item, on=day)
        )
        for caregiver in planned
    }
    caregivers = [
        PlanCaregiver(
            key=str(caregiver.pk),
            home=(
                float(caregiver.employment.start_latitude or 0),
                float(caregiver.employment.start_longitude or 0),
            ),
            shift=(
                _minutes(caregiver.employment.shift_starts_at),
                _minutes(caregiver.employment.shift_ends_at),
            ),
            skills=may[caregiver.pk],
            rest_break=_break(caregiver.employment),
            mode=caregiver.employment.travel_mode or None,
        )
        for caregiver in planned
    ]
    usual = usual_caregivers(provider, [o.elder_id for o in orders], before=day)
    keys = {caregiver.pk for caregiver in planned}
    located = [o for o in orders if o.home_latitude is not None and o.home_longitude is not None]
    visits = [_visit(order, policy, usual.get(order.elder_id), keys) for order in located]
    known = {order.pk for order in located}
    travel = travel_source(policy)
    try:  # a routing server's file must know every place of the day
        travel.matrix([c.home for c in caregivers] + [v.location for v in visits])
    except TravelError as error:
        raise HomecareError(ErrorCode.DAY_PLAN_INVALID, str(error), field="day") from error
    weights = {
        "travel": 1,
        "unplaced": 10_000,
        "locked": 100_000,
        "continuity": policy.continuity_weight_minutes,
    }
    kept_locks = {
        str(order): str(caregiver)
        for order, caregiver in (locks or {}).items()
        if order in known and caregiver in keys
    }
    return DayData(
        day=Day(caregivers, visits, travel, weights, kept_locks),
        orders={order.pk: order for order in orders},
        caregivers={caregiver.pk: caregiver for caregiver in everyone},
        without_start=[c for c in everyone if c.employment.start_latitude is None],
        without_location=[o for o in orders if o.pk not in known],
        policy=policy,
    )


def travel_source(policy: HomecarePolicy) -> TravelSource:
    """Where travel minutes come from: the file the `HOMECARE_TRAVEL_MATRIX` setting names (a
    routing server's minutes between the provider's places), else great-circle distance at the
    policy's speed and detour."""
    path = settings.HOMECARE_TRAVEL_MATRIX
    if path:
        try:
            return MatrixFile.load(path)
        except TravelError as error:
            raise HomecareError(ErrorCode.DAY_PLAN_INVALID, str(error), field="day") from error
    speeds = {
        TravelMode.WALKING: policy.walking_speed_kmh,
        TravelMode.EBIKE: policy.travel_speed_kmh,
        TravelMode.CAR: policy.car_speed_kmh,
    }
    return TravelModel(
        float(policy.travel_speed_kmh),
        float(policy.travel_detour),
        tuple(sorted((str(mode), float(speed)) for mode, speed in speeds.items())),
    )


def _break(employment) -> Break | None:
    if not employment.break_minutes or employment.break_from is None:
        return None
    window = (_minutes(employment.break_from), _minutes(employment.break_until))
    return Break(window, employment.break_minutes)


def _minutes(moment) -> int:
    return moment.hour * 60 + moment.minute


def _visit(
    order: ServiceOrder, policy: HomecarePolicy, usual: int | None, caregivers: set[int]
) -> Visit:
    start = minute_of(order.planned_start)
    slack = policy.visit_window_minutes
    return Visit(
        key=str(order.pk),
        location=(float(order.home_latitude or 0), float(order.home_longitude or 0)),
        window=(max(0, start - slack), min(24 * 60, start + slack)),
        duration=order.planned_minutes,
        skills=frozenset({skill_of(order.item_id)}),
        preferred_caregiver=str(usual) if usual in caregivers else None,
        target=start,
        priority=policy.urgent_priority if order.is_urgent else 1,
        staff=order.item.caregivers_needed,
    )


def usual_caregivers(provider: Provider, elders: list[int], *, before: date) -> dict[int, int]:
    """elder pk -> the caregiver who did most of the elder's visits for this provider in the last
    60 days (the most recent one on a tie): continuity of care."""
    since = before - timedelta(days=USUAL_CAREGIVER_DAYS)
    rows = (
        ServiceOrder.objects.filter(
            provider=provider,
            elder_id__in=set(elders),
            caregiver__isnull=False,
            status__in=[OrderStatus.CHECKED_OUT, OrderStatus.CONFIRMED, OrderStatus.SETTLED],
            planned_start__date__gte=since,
            planned_start__date__lt=before,
        )
        .values("elder_id", "caregiver_id")
        .annotate(visits=Count("pk"), last=Max("planned_start"))
    )
    best: dict[int, tuple[int, datetime, int]] = {}
    for row in rows:
        score = (row["visits"], row["last"], row["caregiver_id"])
        if row["elder_id"] not in best or score > best[row["elder_id"]]:
            best[row["elder_id"]] = score
    return {elder: score[2] for elder, score in best.items()}
