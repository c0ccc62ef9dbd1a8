"""Recurring care plans: when they are due, and daily generation that runs once per day."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.management import call_command

from yiyang.homecare import services
from yiyang.homecare.errors import HomecareError
from yiyang.homecare.models import CarePlan, ServiceOrder
from yiyang.homecare.plans import EVERY_DAY, is_due

MONDAY = date(2026, 3, 2)


def test_mon_wed_fri_plan_is_due_on_those_days_only():
    days = [MONDAY.replace(day=2 + offset) for offset in range(7)]
    due = [is_due((1, 3, 5), starts_on=MONDAY, ends_on=None, day=day) for day in days]
    assert due == [True, False, True, False, True, False, False]


def test_plan_is_not_due_outside_its_dates():
    assert not is_due(EVERY_DAY, starts_on=MONDAY, ends_on=None, day=date(2026, 3, 1))
    assert not is_due(EVERY_DAY, starts_on=MONDAY, ends_on=MONDAY, day=date(2026, 3, 3))
    assert is_due(EVERY_DAY, starts_on=MONDAY, ends_on=MONDAY, day=MONDAY)


@pytest.fixture
def plans(elder, provider, items, street_worker):
    daily = services.create_care_plan(
        elder,
        provider=provider,
        data=services.PlanData("clean_60", list(EVERY_DAY), time(9, 0), MONDAY),
        actor=street_worker,
    )
    bathing = services.create_care_plan(
        elder,
        provider=provider,
        data=services.PlanData("bath_60", [1, 3, 5], time(15, 0), MONDAY, needs_note="防滑"),
        actor=street_worker,
    )
    return daily, bathing


def test_generation_creates_the_day_orders_once(plans):
    first = services.generate_orders(MONDAY)
    again = services.generate_orders(MONDAY)
    assert (first.created, again.created) == (2, 0)
    orders = list(ServiceOrder.objects.order_by("planned_start"))
    assert [(o.item.code, o.planned_start.hour, o.source) for o in orders] == [
        ("clean_60", 1, "care_plan"),  # 09:00 in Shanghai is 01:00 UTC
        ("bath_60", 7, "care_plan"),
    ]
    assert orders[1].needs_note == "防滑"
    assert services.generate_orders(date(2026, 3, 3)).created == 1


def test_plan_of_a_deceased_elder_is_skipped_with_the_reason(plans, elder):
    type(elder).objects.filter(pk=elder.pk).update(status="deceased", date_of_death=MONDAY)
    result = services.generate_orders(MONDAY)
    assert result.created == 0
    assert [pk for pk, _why in result.skipped] == [plans[0].pk, plans[1].pk]
    assert ServiceOrder.objects.count() == 0


def test_plan_needs_weekdays(elder, provider, items, street_worker):
    with pytest.raises(HomecareError) as refused:
        services.create_care_plan(
            elder,
            provider=provider,
            data=services.PlanData("clean_60", [0, 8], time(9, 0), MONDAY),
            actor=street_worker,
        )
    assert (refused.value.code, refused.value.field) == ("care_plan_invalid", "weekdays")
    assert CarePlan.objects.count() == 0


def test_daily_command_generates_and_auto_confirms(plans, capsys):
    call_command("homecare_daily", "--day", "2026-03-02")
    assert "2026-03-02: 2 orders generated, 0 plans skipped, 0 visits auto-confirmed" in (
        capsys.readouterr().out
    )


@pytest.mark.urls("tests.api.urls")
def test_care_plan_over_http_and_scoping(
    elder, provider, items, street_worker, other_street_worker, django_assert_num_queries
):
    from tests.api.conftest import JsonClient

    body = {
        "elder_pk": elder.pk,
        "provider_pk": provider.pk,
        "item_code": "bath_60",
        "weekdays": [5, 1, 3],
        "start_time": "15:00",
        "starts_on": "2026-03-02",
    }
    assert JsonClient(other_street_worker).post("/care-plans/", body).status_code == 404
    created = JsonClient(street_worker).post("/care-plans/", body)
    assert created.status_code == 201
    assert (created.json()["weekdays"], created.json()["planned_minutes"]) == ([1, 3, 5], 60)
    client = JsonClient(street_worker)
    with django_assert_num_queries(4):  # session, user, count, page
        assert client.get("/care-plans/").json()["count"] == 1
    assert JsonClient(other_street_worker).get("/care-plans/").json()["count"] == 0
