"""The statistics API: indicators, targets, monthly values and manual reports."""

from datetime import date
from decimal import Decimal

import pytest

from tests.conftest import CITY, COMMUNITY_A1, COMMUNITY_A2, DISTRICT, STREET_A, STREET_B
from yiyang.core.models import ChangeRecord
from yiyang.stats.models import ManualReport
from yiyang.stats.services import snapshot_month


def test_indicators_list_every_seed_row(client, street_worker, django_assert_num_queries):
    client.force_login(street_worker)
    with django_assert_num_queries(4):
        body = client.get("/api/v1/indicators/", {"limit": 100}).json()
    assert body["count"] == 36
    social = next(item for item in body["items"] if item["code"] == "social_worker_ratio")
    assert (social["unit"], social["binding"], social["is_computed"]) == (
        "per_mille",
        "binding",
        False,
    )
    nursing = next(item for item in body["items"] if item["code"] == "nursing_bed_share")
    assert nursing["is_computed"] is True


def test_targets_of_a_year(client, street_worker):
    client.force_login(street_worker)
    body = client.get("/api/v1/indicator-targets/", {"year": 2025, "limit": 100}).json()
    assert body["count"] == 21
    assert {item["region_code"] for item in body["items"]} == {None}


def test_values_of_a_region_and_its_children(
    client, street_worker, elders, django_assert_num_queries
):
    snapshot_month(date(2026, 6, 1))
    client.force_login(street_worker)

    own = client.get("/api/v1/indicator-values/", {"month": "2026-06", "limit": 100}).json()
    with django_assert_num_queries(4):
        kids = client.get(
            "/api/v1/indicator-values/",
            {"month": "2026-06", "children": True, "limit": 100},
        ).json()

    totals = {
        item["region_code"]: item["value"]
        for item in kids["items"]
        if item["indicator"] == "elders_total"
    }
    assert totals == {COMMUNITY_A1: "3.0000", COMMUNITY_A2: "1.0000"}
    assert {item["region_code"] for item in own["items"]} == {STREET_A}
    assert own["count"] == 21  # every computed indicator; nothing reported by hand
    poverty = next(i for i in own["items"] if i["indicator"] == "extreme_poverty_elders")
    assert poverty["value"] == "0.0000"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        pytest.param({"month": "2026-6"}, "month", id="bad_month_case"),
        pytest.param({"month": "2026-06", "region": STREET_B}, "region", id="other_street_case"),
        pytest.param({"month": "2026-06", "region": DISTRICT}, "region", id="above_case"),
    ],
)
def test_values_refuse_a_bad_month_or_region(client, street_worker, elders, query, field):
    client.force_login(street_worker)
    response = client.get("/api/v1/indicator-values/", query)
    assert response.status_code == 422
    assert response.json()["field"] == field


def test_city_admin_reports_a_figure(client, city_admin):
    client.force_login(city_admin)
    payload = {
        "indicator": "monthly_visit_rate",
        "region_code": CITY,
        "month": "2026-06",
        "value": "96.5",
        "source": "6月探访台账",
    }
    response = client.post("/api/v1/manual-reports/", payload, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["value"] == "96.5"
    assert ManualReport.objects.get().value == Decimal("96.5")


@pytest.mark.parametrize(
    ("who", "change", "status", "code"),
    [
        pytest.param("street_worker", {}, 403, "permission_denied", id="street_case"),
        pytest.param(
            "city_admin",
            {"indicator": "elders_total"},
            422,
            "stats_indicator_not_manual",
            id="computed_case",
        ),
        pytest.param("city_admin", {"month": "June"}, 422, "stats_month_invalid", id="month_case"),
        pytest.param("city_admin", {"source": " "}, 422, "stats_source_required", id="source_case"),
        pytest.param("city_admin", {"indicator": "nope"}, 404, "not_found", id="unknown_case"),
    ],
)
def test_bad_reports_change_nothing(client, request, who, change, status, code):
    client.force_login(request.getfixturevalue(who))
    payload = {
        "indicator": "monthly_visit_rate",
        "region_code": STREET_A,
        "month": "2026-06",
        "value": "96.5",
        "source": "台账",
    } | change
    response = client.post("/api/v1/manual-reports/", payload, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert ManualReport.objects.count() == 0
    assert ChangeRecord.objects.count() == 0


def test_anonymous_gets_401(client, regions):
    assert client.get("/api/v1/indicators/").status_code == 401
