"""The circle's figures as policy data: set by the city from a day on, never back in time, and
read by the pages and the coverage indicator."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from tests.conftest import COMMUNITY_A1, COMMUNITY_A2, STREET_A, STREET_B
from tests.servicemap.conftest import TODAY
from yiyang.core.errors import PermissionDeniedError
from yiyang.core.models import ChangeRecord
from yiyang.servicemap.errors import ServicemapError
from yiyang.servicemap.models import CirclePolicy
from yiyang.servicemap.services import CircleFigures, set_circle_policy
from yiyang.stats.computations import COMPUTATIONS, compute

pytestmark = pytest.mark.django_db


def figures(**changes) -> CircleFigures:
    values = {
        "effective_from": TODAY,
        "minutes": 20,
        "walking_speed_kmh": Decimal("4.00"),
        "detour_factor": Decimal("1.30"),
        "facility_kinds": ["meal_point"],
        "facility_services": [],
        "source": "市民政局 2026 年 6 号文",
    }
    return CircleFigures(**(values | changes))


def test_defaults_apply_until_the_city_sets_its_own(db):
    policy = CirclePolicy.objects.in_force(TODAY)

    assert policy.pk is None
    assert (policy.minutes, policy.walking_speed_kmh, policy.detour_factor) == (
        15,
        Decimal("4.00"),
        Decimal("1.30"),
    )


def test_city_sets_new_figures_from_a_day_on(city_admin):
    later = TODAY + timedelta(days=10)

    set_circle_policy(figures(effective_from=later), actor=city_admin)

    assert CirclePolicy.objects.in_force(TODAY).pk is None  # not yet
    assert CirclePolicy.objects.in_force(later).minutes == 20
    record = ChangeRecord.objects.get(action="create")
    assert record.changes["minutes"] == [None, 20]


def test_a_second_change_for_the_same_day_replaces_the_first_and_is_audited(city_admin):
    set_circle_policy(figures(), actor=city_admin)

    set_circle_policy(figures(minutes=25), actor=city_admin)

    assert CirclePolicy.objects.get().minutes == 25
    assert ChangeRecord.objects.get(action="update").changes["minutes"] == [20, 25]


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        pytest.param(
            {"effective_from": TODAY - timedelta(days=1)},
            "effective_from",
            "circle_policy_date_in_past",
            id="past_case",
        ),
        pytest.param({"minutes": 0}, "minutes", "circle_policy_value_invalid", id="minutes_case"),
        pytest.param(
            {"detour_factor": Decimal("0.90")},
            "detour_factor",
            "circle_policy_value_invalid",
            id="detour_case",
        ),
        pytest.param(
            {"walking_speed_kmh": Decimal("0.10")},
            "walking_speed_kmh",
            "circle_policy_value_invalid",
            id="speed_case",
        ),
        pytest.param(
            {"facility_kinds": ["casino"]}, "facility_kinds", "choice_invalid", id="kind_case"
        ),
        pytest.param(
            {"facility_kinds": [], "facility_services": []},
            "facility_kinds",
            "circle_policy_nothing_qualifies",
            id="nothing_case",
        ),
    ],
)
def test_bad_figures_are_refused_naming_the_field(city_admin, changes, field, code):
    with pytest.raises(ServicemapError) as refused:
        set_circle_policy(figures(**changes), actor=city_admin)

    assert (refused.value.field, refused.value.code) == (field, code)
    assert not CirclePolicy.objects.exists()
    assert not ChangeRecord.objects.exists()


def test_a_street_clerk_may_not_set_the_figures(street_worker):
    with pytest.raises(PermissionDeniedError):
        set_circle_policy(figures(), actor=street_worker)

    assert not CirclePolicy.objects.exists()


def test_the_form_saves_for_the_city_and_refuses_the_street(client, city_admin, street_worker):
    data = {
        "effective_from": TODAY.isoformat(),
        "minutes": "10",
        "walking_speed_kmh": "3.6",
        "detour_factor": "1.2",
        "facility_kinds": ["day_care"],
        "facility_services": ["meal"],
        "source": "",
    }
    client.force_login(street_worker)
    assert client.post("/servicemap/circle/policy/", data).status_code == 403

    client.force_login(city_admin)
    refused = client.post("/servicemap/circle/policy/", data | {"effective_from": "2026-06-01"})
    saved = client.post("/servicemap/circle/policy/", data)

    assert refused.status_code == 422
    assert saved.status_code == 302
    policy = CirclePolicy.objects.get()
    assert (policy.minutes, policy.facility_kinds, policy.facility_services) == (
        10,
        ["day_care"],
        ["meal"],
    )


def test_longer_minutes_cover_the_elder_at_the_edge(
    client, street_worker, city_admin, elders, meal_point
):
    # 明珠's elder is 15.2 minutes from the meal point: outside 15, inside 20.
    set_circle_policy(figures(minutes=20), actor=city_admin)

    share = compute("service_circle_coverage", within=STREET_A[:9], prefix_length=12, on=TODAY)

    assert share[COMMUNITY_A2] == (1, 1)
    assert share[COMMUNITY_A1] == (1, 3)


def test_a_facility_that_does_not_qualify_covers_nobody(city_admin, elders, meal_point):
    set_circle_policy(
        figures(facility_kinds=["day_care"], facility_services=["home_service"]), actor=city_admin
    )

    share = compute("service_circle_coverage", within=STREET_A[:6], prefix_length=9, on=TODAY)

    assert share == {STREET_A[:9]: (0, 4), STREET_B[:9]: (0, 1)}


def test_coverage_is_a_stats_computation_by_region(elders, meal_point):
    assert "service_circle_coverage" in COMPUTATIONS

    share = compute("service_circle_coverage", within=STREET_A[:6], prefix_length=9, on=TODAY)

    # street A: near covered of near, far, unknown, edge; street B: its elder beside the point
    assert share == {STREET_A[:9]: (1, 4), STREET_B[:9]: (1, 1)}
