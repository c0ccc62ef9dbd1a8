"""The dispatcher's day plan (智能排班派单, issue 9): propose the day with the optimiser, plan it
again around the dispatcher's locks, and accept it (every assignment through `assign_in_plan`,
with its checks). Hand edits of a proposal are `plan_edits.py`; re-planning the rest of an
accepted day is `replanning.py`.

The optimiser runs inside the request with a short limit (`HOMECARE_PLAN_SECONDS`, 3 s): a
provider's day (tens of caregivers, a few hundred visits) is planned well within it (the
1,000-visit district day of `bench/day_plan.py` is a county's, not a provider's), the dispatcher
sees the answer on the next page instead of polling, and no task worker has to be running for
the board to work. The button says it is planning while the request runs.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.homecare.choices import DayPlanStatus, NoticeCause, OrderStatus, UnplacedReason
from yiyang.homecare.errors import ErrorCode, HomecareError
from yiyang.homecare.models import DayPlan, Provider, ServiceOrder
from yiyang.homecare.planning import PLANNED, DayData, build_day
from yiyang.homecare.services import notices
from yiyang.homecare.services.common import require_provider_staff
from yiyang.homecare.services.orders import assign_in_plan, unassign_in_plan
from yiyang.scheduling import dayplan, replan
from yiyang.workforce.models import Caregiver

DISPATCH = "homecare.dispatch_order"


def plan_seconds() -> float:
    """How long the optimiser may think inside a request (see the module's docstring)."""
    return float(getattr(settings, "HOMECARE_PLAN_SECONDS", 3))


def _reason_code(text: str) -> str:
    known = {
        dayplan.UNREACHABLE: UnplacedReason.UNREACHABLE,
        dayplan.NO_ROOM: UnplacedReason.NO_ROOM,
        dayplan.LOCKED_UNFIT: UnplacedReason.LOCKED_UNFIT,
        dayplan.NO_TEAM: UnplacedReason.NO_TEAM,
        replan.PASSED: UnplacedReason.PASSED,
    }
    return known.get(text, UnplacedReason.NO_SKILL)


def stored_plan(data: DayData, plan: dayplan.Plan) -> tuple[list, list]:
    """The planner's answer as `DayPlan.routes` and `DayPlan.unplaced` hold it."""
    routes = [
        {
            "caregiver": int(key),
            "visits": [{"order": int(visit), "start": start} for visit, start in stops],
            **break_json(plan.breaks.get(key)),
            # an empty team route is a team that is off (a member fell ill): no team to name
            **({"partner": int(plan.partners[key])} if key in plan.partners and stops else {}),
        }
        for key, stops in plan.routes.items()
    ]
    unplaced = [
        {"order": int(visit), "reason": _reason_code(reason)}
        for visit, reason in plan.unplaced.items()
    ] + [{"order": o.pk, "reason": UnplacedReason.NO_LOCATION} for o in data.without_location]
    return routes, unplaced


def break_json(taken: tuple[int, str | None] | None) -> dict:
    """A route's break as stored: its start and the visit it follows (None: from home)."""
    if taken is None:
        return {}
    start, after = taken
    return {"break": {"start": start, "after": None if after is None else int(after)}}


def save_proposal(provider: Provider, day: date, *, actor, **fields) -> DayPlan:
    """Keep the new proposal; earlier proposals of the day give way to it."""
    with transaction.atomic():
        DayPlan.objects.filter(provider=provider, day=day, status=DayPlanStatus.PROPOSED).update(
            status=DayPlanStatus.SUPERSEDED
        )
        plan = DayPlan.objects.create(provider=provider, day=day, created_by=actor, **fields)
        audit.record_change(
            plan, actor=actor, action="create", fields=["day", "status", "travel_minutes"]
        )
    return plan


def plan_day(
    provider: Provider, *, day: date, actor, locks: dict[int, int] | None = None
) -> DayPlan:
    """Propose a plan of the provider's day; locked visits stay with their caregiver."""
    require_provider_staff(actor, provider, DISPATCH)
    if day < timezone.localdate():
        raise HomecareError(
            ErrorCode.DAY_PLAN_INVALID, _("A past day cannot be planned."), field="day"
        )
    data = build_day(provider, day=day, locks=locks)
    solved = dayplan.plan_day(data.day, seconds=plan_seconds(), seed=0)
    routes, unplaced = stored_plan(data, solved)
    return save_proposal(
        provider,
        day,
        actor=actor,
        routes=routes,
        unplaced=unplaced,
        locks={order: int(cg) for order, cg in data.day.locks.items()},
        travel_minutes=solved.travel_minutes,
    )


def reoptimise(plan: DayPlan, *, actor) -> DayPlan:
    """Plan the day again around the visits the dispatcher locked."""
    return plan_day(plan.provider, day=plan.day, actor=actor, locks=plan.locked())


def require_proposal(plan: DayPlan, actor) -> None:
    """Refuse a step on a plan that is not the dispatcher's open proposal."""
    require_provider_staff(actor, plan.provider, DISPATCH)
    if plan.status != DayPlanStatus.PROPOSED:
        raise HomecareError(
            ErrorCode.DAY_PLAN_INVALID, _("Only a proposed plan can be changed."), field="plan"
        )


def accept_plan(plan: DayPlan, *, actor) -> DayPlan:
    """Assign every planned visit to its caregiver through `assign_in_plan` (the same checks as a
    manual assignment), a two-person visit to both members of its team; all or nothing. Visits
    already under way are left as they are; a re-plan's visits still with a caregiver off sick
    that no one else can take are unassigned. Each caregiver whose round changed, either member
    of a team too, gets one notice of all her changes."""
    require_proposal(plan, actor)
    with transaction.atomic():
        plan = DayPlan.objects.select_for_update().get(pk=plan.pk)
        watched = notices.watch(plan.provider, plan.day)
        starts = plan.starts()
        partners = plan.partners()
        orders = ServiceOrder.objects.filter(pk__in=starts).select_related("provider", "item")
        caregivers = Caregiver.objects.filter(
            pk__in={pair[0] for pair in starts.values()} | set(partners.values())
        )
        people = {c.pk: c for c in caregivers.select_related("employment")}
        for order in orders.order_by("pk"):
            caregiver_pk = starts[order.pk][0]
            # Her partner goes too where the item needs two; a team's one-person visits are
            # hers (the price and the record are the item's: no double pay).
            second_pk = partners.get(caregiver_pk) if order.item.caregivers_needed > 1 else None
            if order.status not in PLANNED and order.caregiver_id == caregiver_pk:
                continue  # under way with the planned caregiver
            if order.status not in PLANNED:
                raise HomecareError(
                    ErrorCode.DAY_PLAN_INVALID,
                    _("The visit for {elder} changed since the plan was made: plan again.").format(
                        elder=order.elder.name
                    ),
                    field="plan",
                )
            assign_in_plan(
                order,
                caregiver=people[caregiver_pk],
                second_caregiver=people[second_pk] if second_pk else None,
                actor=actor,
            )
        _unassign_off_sick(plan, actor)
        DayPlan.objects.filter(
            provider=plan.provider, day=plan.day, status=DayPlanStatus.ACCEPTED
        ).update(status=DayPlanStatus.SUPERSEDED)
        plan.status = DayPlanStatus.ACCEPTED
        plan.accepted_at = timezone.now()
        plan.save(update_fields=["status", "accepted_at"])
        audit.record_change(plan, actor=actor, action="accept", fields=["status"])
        notices.tell_caregivers(watched, cause=NoticeCause.PLAN_ACCEPTED, actor=actor, plan=plan)
    return plan


def _unassign_off_sick(plan: DayPlan, actor) -> None:
    """Unassign the visits the plan leaves out that are still with a caregiver off sick."""
    sick = {u["order"]: u for u in plan.unplaced if u.get("off_sick")}
    orders = ServiceOrder.objects.filter(pk__in=sick, status=OrderStatus.ASSIGNED).select_related(
        "caregiver", "second_caregiver", "provider"
    )
    for order in orders.order_by("pk"):
        entry = sick[order.pk]
        if entry["off_sick"] == order.second_caregiver_id:
            person = order.second_caregiver  # the pair is broken: both are taken off
        elif entry["off_sick"] == order.caregiver_id:
            person = order.caregiver
        else:
            continue  # someone else has it now
        name = person.name if person else "?"
        reason = off_sick_reason(name, str(UnplacedReason(entry["reason"]).label))
        unassign_in_plan(order, reason=reason, actor=actor)


def off_sick_reason(name: str, why: str) -> str:
    return _("{name} is off sick and no other caregiver can take it: {why}").format(
        name=name, why=why
    )
