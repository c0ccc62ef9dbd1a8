"""Recheck pages and API: draw, the report tables with flagged rows, assignment, refusals."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.assessment.test_rechecks import DRAW_DAY, _other_team, constructed_round  # noqa: F401
from tests.conftest import STREET_A
from yiyang.assessment.models import RecheckRound


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def street_a_population(gbt_scale, agency, assessor_one, assessor_two):
    from tests.assessment.test_rechecks import final_assessments

    return final_assessments(gbt_scale, 10, agency=agency, lead=assessor_one, second=assessor_two)


def test_report_page_flags_large_disagreements_in_red(constructed_round, district_worker):  # noqa: F811
    response = _client(district_worker).get(
        reverse("assessment:recheck_detail", kwargs={"pk": constructed_round.pk})
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert (
        body.count('<tr class="table-danger">') == 2 + 1 + 2 + 4
    )  # cases, round, agencies, assessors
    assert "12.9" not in body  # kappa is shown as 0.129, not as a percentage
    assert "0.129" in body


def test_api_detail_gives_the_report(constructed_round, district_worker):  # noqa: F811
    body = _client(district_worker).get(f"/api/v1/recheck-rounds/{constructed_round.pk}").json()

    assert body["large_disagreement_levels"] == 2
    assert body["overall"]["completed"] == 6
    assert round(body["overall"]["weighted_kappa"], 4) == 0.129
    assert [row["weighted_kappa"] for row in body["by_agency"]] == pytest.approx([1 / 6, -1 / 3])
    assert [case["difference"] for case in body["cases"] if case["is_large_disagreement"]] == [
        2,
        -2,
    ]


@time_machine.travel(DRAW_DAY, tick=False)
def test_draw_page_records_the_round_with_its_seed(street_a_population, district_worker):
    response = _client(district_worker).post(
        reverse("assessment:recheck_draw"),
        {"region": STREET_A, "year": "2026", "quarter": "1", "share": "0.2", "seed": "99"},
    )

    recheck_round = RecheckRound.objects.get()  # scoped: test read
    assert response.status_code == 302
    assert (recheck_round.seed, recheck_round.cases.count()) == (99, 2)


@time_machine.travel(DRAW_DAY, tick=False)
def test_draw_twice_shows_the_error_on_the_quarter(street_a_population, district_worker):
    client = _client(district_worker)
    data = {"region": STREET_A, "year": "2026", "quarter": "1"}
    client.post(reverse("assessment:recheck_draw"), data)

    response = client.post(reverse("assessment:recheck_draw"), data)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["quarter"]
    assert RecheckRound.objects.count() == 1  # scoped: test count


@time_machine.travel(DRAW_DAY, tick=False)
def test_api_draw_and_list(street_a_population, district_worker, street_worker):
    created = _client(district_worker).post(
        "/api/v1/recheck-rounds/",
        {"region": STREET_A, "year": 2026, "quarter": 1, "seed": 5},
        content_type="application/json",
    )
    refused = _client(street_worker).post(
        "/api/v1/recheck-rounds/",
        {"region": STREET_A, "year": 2026, "quarter": 2},
        content_type="application/json",
    )
    listed = _client(street_worker).get("/api/v1/recheck-rounds/").json()

    assert created.status_code == 201
    assert (created.json()["seed"], created.json()["population_size"]) == (5, 10)
    assert refused.status_code == 403
    assert [row["seed"] for row in listed["items"]] == [5]


@time_machine.travel(DRAW_DAY, tick=False)
def test_assign_page_leaves_out_the_original_team(
    street_a_population, agency, assessor_one, assessor_two, assessor_three, district_worker
):
    client = _client(district_worker)
    client.post(
        reverse("assessment:recheck_draw"),
        {"region": STREET_A, "year": "2026", "quarter": "1", "seed": "1"},
    )
    case = RecheckRound.objects.get().cases.get()  # scoped: test read
    fourth, _fifth = _other_team(agency)
    url = reverse("assessment:recheck_assign", kwargs={"pk": case.pk})

    form = client.get(url).context["form"]
    overlap = client.post(url, {"agency": agency.pk, "lead": assessor_one.pk, "second": fourth.pk})
    assigned = client.post(
        url, {"agency": agency.pk, "lead": assessor_three.pk, "second": fourth.pk}
    )

    assert sorted(a.name for a in form.fields["lead"].queryset) == sorted(["丁敏", "吴刚", "郑洁"])
    assert overlap.status_code == 200  # assessor one is not even an option
    assert assigned.status_code == 302
    case.recheck.refresh_from_db()
    assert (case.recheck.lead_assessor, case.recheck.second_assessor) == (assessor_three, fourth)


def test_street_worker_may_not_assign(constructed_round, street_worker):  # noqa: F811
    case = constructed_round.cases.first()

    response = _client(street_worker).get(
        reverse("assessment:recheck_assign", kwargs={"pk": case.pk})
    )

    # the district round is not visible to a street
    assert response.status_code == 404
