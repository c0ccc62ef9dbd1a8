"""A caregiver's notices of changes to her round (issue 9): written with the change that caused
them (accepting a plan, assigning, taking back, cancelling), hers alone, acknowledged by her; and
the phone page's small endpoint that says whether anything is new."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import STREET_A, _user
from tests.homecare.conftest import at, hire
from tests.homecare.test_pages import client_of
from yiyang.core.errors import DomainError
from yiyang.core.models import ChangeRecord
from yiyang.core.roles import Role
from yiyang.homecare import services
from yiyang.homecare.models import DayPlan, PlanNotice, ServiceOrder

DAY = at(8).date()


@pytest.fixture
def helper_user(regions):
    return _user("helper", Role.CAREGIVER, STREET_A)


@pytest.fixture
def helper(provider, dispatcher, helper_user):
    """王阿姨, a second caregiver of the provider with her own login."""
    return hire(provider, dispatcher, "王阿姨", 30, user=helper_user)


def _order(elder, provider, street_worker, dispatcher, hour: int, day: int = 2) -> ServiceOrder:
    order = services.request_order(
        elder,
        provider=provider,
        data=services.OrderData(item_code="clean_60", planned_start=at(hour, day=day)),
        actor=street_worker,
    )
    return services.accept_order(order, actor=dispatcher)


def _proposal(provider, dispatcher, routes: dict) -> DayPlan:
    """A proposed plan of the day with the given routes ({caregiver: [(order, minute)]}), as the
    optimiser would have written it."""
    return DayPlan.objects.create(
        provider=provider,
        day=DAY,
        created_by=dispatcher,
        routes=[
            {"caregiver": person.pk, "visits": [{"order": o.pk, "start": m} for o, m in stops]}
            for person, stops in routes.items()
        ],
    )


def _lines(notice: PlanNotice) -> list[tuple]:
    return [(line["kind"], line["order"], line["start"], line["before"]) for line in notice.lines]


@pytest.fixture
def day(elder, provider, items, street_worker, dispatcher, worker, helper):
    """Her visit to 张秀兰 at 09:00 and 王阿姨's at 11:00, assigned by hand and acknowledged;
    a third visit at 14:00 waiting for a caregiver."""
    mine = _order(elder, provider, street_worker, dispatcher, 9)
    hers = _order(elder, provider, street_worker, dispatcher, 11)
    waiting = _order(elder, provider, street_worker, dispatcher, 14)
    services.assign_order(mine, caregiver=worker, actor=dispatcher)
    services.assign_order(hers, caregiver=helper, actor=dispatcher)
    PlanNotice.objects.update(acknowledged_at=at(8))
    return mine, hers, waiting


def test_accepting_a_plan_tells_her_of_the_new_visit_and_the_moved_one_and_no_one_else(
    day, provider, dispatcher, worker, helper
):
    mine, hers, waiting = day
    plan = _proposal(
        provider, dispatcher, {worker: [(mine, 630), (waiting, 840)], helper: [(hers, 660)]}
    )

    services.accept_plan(plan, actor=dispatcher)

    notice = PlanNotice.objects.get(acknowledged_at__isnull=True)
    assert (notice.caregiver_id, notice.day, notice.cause, notice.plan_id) == (
        worker.pk,
        DAY,
        "plan_accepted",
        plan.pk,
    )
    assert _lines(notice) == [("added", waiting.pk, 840, None), ("moved", mine.pk, 630, 540)]
    assert [(line["elder"], line["item"]) for line in notice.lines] == [
        ("张秀兰", "助洁60分钟")
    ] * 2
    # and the notice is audited with its lines
    record = ChangeRecord.objects.get(content_type__model="plannotice", object_pk=str(notice.pk))
    assert (record.action, record.actor_id) == ("create", dispatcher.pk)
    assert record.changes["lines"][1] == notice.lines


def test_accepting_the_same_rounds_again_tells_no_one(day, provider, dispatcher, worker, helper):
    mine, hers, waiting = day
    routes = {worker: [(mine, 630), (waiting, 840)], helper: [(hers, 660)]}
    services.accept_plan(_proposal(provider, dispatcher, routes), actor=dispatcher)
    told = PlanNotice.objects.count()

    services.accept_plan(_proposal(provider, dispatcher, routes), actor=dispatcher)

    assert PlanNotice.objects.count() == told


def test_a_visit_given_to_another_caregiver_is_gone_for_her_and_new_for_the_other(
    day, provider, dispatcher, worker, helper
):
    mine, hers, _waiting = day
    plan = _proposal(provider, dispatcher, {helper: [(mine, 540), (hers, 660)]})

    services.accept_plan(plan, actor=dispatcher)

    told = {n.caregiver_id: _lines(n) for n in PlanNotice.objects.filter(plan=plan)}
    assert told == {
        worker.pk: [("removed", mine.pk, 540, None)],
        helper.pk: [("added", mine.pk, 540, None)],
    }


def test_a_refused_acceptance_tells_no_one(day, provider, dispatcher, worker, street_worker):
    mine, _hers, waiting = day
    plan = _proposal(provider, dispatcher, {worker: [(mine, 630), (waiting, 840)]})
    services.cancel_order(waiting, reason="住院", actor=street_worker)
    told = PlanNotice.objects.count()

    with pytest.raises(DomainError):
        services.accept_plan(plan, actor=dispatcher)

    assert PlanNotice.objects.count() == told
    mine.refresh_from_db()
    assert mine.caregiver_id == worker.pk


def test_taking_a_visit_back_and_a_cancellation_each_tell_her(
    day, dispatcher, worker, street_worker
):
    mine, hers, _waiting = day

    services.unassign_order(mine, reason="她病了", actor=dispatcher)
    services.cancel_order(hers, reason="住院", actor=street_worker)

    pending = PlanNotice.objects.filter(acknowledged_at__isnull=True)
    told = [(n.caregiver_id, n.cause, _lines(n)) for n in pending]
    assert told == [
        (worker.pk, "unassigned", [("removed", mine.pk, 540, None)]),
        (hers.caregiver_id, "cancelled", [("removed", hers.pk, 660, None)]),
    ]


def test_a_manual_assignment_tells_the_new_caregiver_and_the_one_who_had_it(
    day, dispatcher, worker, helper
):
    mine, _hers, _waiting = day

    services.assign_order(mine, caregiver=helper, actor=dispatcher)

    told = {
        n.caregiver_id: (n.cause, _lines(n))
        for n in PlanNotice.objects.filter(acknowledged_at__isnull=True)
    }
    assert told == {
        worker.pk: ("assigned", [("removed", mine.pk, 540, None)]),
        helper.pk: ("assigned", [("added", mine.pk, 540, None)]),
    }


def test_a_day_gone_by_tells_no_one(
    elder, provider, items, street_worker, dispatcher, worker, clock
):
    order = _order(elder, provider, street_worker, dispatcher, 9)
    clock.move_to(at(8) + timedelta(days=1))

    services.assign_order(order, caregiver=worker, actor=dispatcher)

    assert PlanNotice.objects.count() == 0


def test_she_acknowledges_her_notice_once_and_no_one_else_can(
    day, provider, dispatcher, worker, helper, caregiver, helper_user
):
    mine, _hers, _waiting = day
    services.unassign_order(mine, reason="她病了", actor=dispatcher)
    notice = PlanNotice.objects.get(acknowledged_at__isnull=True)

    with pytest.raises(DomainError) as refused:
        services.acknowledge_notice(notice, actor=helper_user)
    assert refused.value.field == "notice"
    notice.refresh_from_db()
    assert notice.acknowledged_at is None

    first = services.acknowledge_notice(notice, actor=caregiver)
    again = services.acknowledge_notice(notice, actor=caregiver)

    assert first.acknowledged_at == again.acknowledged_at == at(8)
    assert (
        ChangeRecord.objects.filter(
            content_type__model="plannotice", object_pk=str(notice.pk), action="update"
        ).count()
        == 1
    )


# --- the phone page and its endpoint ---------------------------------------------------------


def test_the_page_asks_whether_anything_is_new_and_gets_nothing_until_something_is(
    day, dispatcher, caregiver, django_assert_num_queries
):
    mine, _hers, _waiting = day
    phone = client_of(caregiver)
    page = phone.get(reverse("homecare:today"))
    seen = page.context["version"]
    assert f"?seen={seen}" in page.content.decode()

    # session, user, one aggregate of her pending notices: the whole cost of a quiet ask
    with django_assert_num_queries(3):
        quiet = phone.get(reverse("homecare:today_changes"), {"seen": seen})
    assert (quiet.status_code, quiet.content) == (204, b"")

    services.unassign_order(mine, reason="她病了", actor=dispatcher)
    news = phone.get(reverse("homecare:today_changes"), {"seen": seen})

    assert news.status_code == 200
    body = news.content.decode()
    assert "取消/改派 1 单：张秀兰 09:00 助洁60分钟" in body
    assert f'id="visit-{mine.pk}"' not in body
    assert news.context["version"] != seen


def test_a_caregiver_sees_and_acknowledges_only_her_own_notices(
    day, dispatcher, caregiver, helper_user
):
    mine, _hers, _waiting = day
    services.unassign_order(mine, reason="她病了", actor=dispatcher)
    notice = PlanNotice.objects.get(acknowledged_at__isnull=True)
    other = client_of(helper_user)

    page = other.get(reverse("homecare:today_changes"), {"seen": "x"})
    refused = other.post(reverse("homecare:notice_acknowledge", args=[notice.pk]))

    assert f'id="notice-{notice.pk}"' not in page.content.decode()
    assert page.context["notices"] == []
    assert refused.status_code == 404
    notice.refresh_from_db()
    assert notice.acknowledged_at is None


def test_got_it_takes_the_notice_off_her_page(day, dispatcher, caregiver):
    mine, _hers, _waiting = day
    services.unassign_order(mine, reason="她病了", actor=dispatcher)
    notice = PlanNotice.objects.get(acknowledged_at__isnull=True)
    phone = client_of(caregiver)
    assert f'id="notice-{notice.pk}"' in phone.get(reverse("homecare:today")).content.decode()

    part = phone.post(
        reverse("homecare:notice_acknowledge", args=[notice.pk]), headers={"HX-Request": "true"}
    )

    assert part.status_code == 200
    assert f'id="notice-{notice.pk}"' not in part.content.decode()
    notice.refresh_from_db()
    assert notice.acknowledged_at == at(8)


@pytest.mark.parametrize(
    ("who_case", "status"),
    [("anonymous", 302), ("dispatcher", 403), ("street_worker", 403)],
)
def test_only_a_caregiver_may_ask_for_her_changes(request, who_case, status, day):
    client = client_of(request.getfixturevalue(who_case)) if who_case != "anonymous" else None
    answer = (client or Client()).get(reverse("homecare:today_changes"))

    assert answer.status_code == status
