"""The programme endpoints (issue 4): list, detail with versions, draft, change, publish."""

from __future__ import annotations

from datetime import date

import pytest

from tests.api.conftest import JsonClient
from tests.conftest import OTHER_DISTRICT, _user
from yiyang.benefits.models import Program, ProgramVersion
from yiyang.core.models import ChangeRecord, Region
from yiyang.core.roles import Role

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]

RULES = {"age_min": 80, "brackets": [{"label": "80 岁以上", "age_min": 80, "amount_fen": 12000}]}
DEFAULT_CODES = [
    "care_service_hours",
    "care_service_subsidy",
    "longevity_allowance",
    "meal_subsidy",
    "nursing_subsidy",
]


def district_program(regions, code: str = "district_grant") -> Program:
    """A programme funded by the other district: hidden from street A and its district."""
    return Program.objects.create(
        code=code,
        name="青铜峡补贴",
        kind="grant",
        funding_region=regions[OTHER_DISTRICT],
        ledger_start_month=date(2026, 3, 1),
    )


@pytest.fixture
def other_city_admin(regions):
    Region.objects.create(code="640100000000", name="银川市", level=2, parent_id="640000000000")
    return _user("other_city_admin", Role.CITY_ADMIN, "640100000000")


# --- list ---------------------------------------------------------------------------------------


def test_list_shows_city_programmes_and_not_another_districts(programs, regions, street_worker):
    district_program(regions)

    response = JsonClient(street_worker).get("/benefit-programs/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5
    assert sorted(item["code"] for item in body["items"]) == DEFAULT_CODES
    longevity = next(i for i in body["items"] if i["code"] == "longevity_allowance")
    assert longevity == {
        "pk": programs["longevity_allowance"].pk,
        "code": "longevity_allowance",
        "name": "高龄津贴",
        "kind": "cash_allowance",
        "unit": "fen",
        "funding_region_code": "640300000000",
        "needs_application": False,
        "approval_levels": [],
        "ledger_start_month": "2026-03-01",
        "is_active": True,
        "policy_source": programs["longevity_allowance"].policy_source,
    }


@pytest.mark.parametrize(
    ("user_case", "status"), [("anonymous", 401), ("caregiver", 403)], ids=["anonymous", "no_cap"]
)
def test_list_refused(programs, caregiver, user_case, status):
    client = JsonClient(caregiver if user_case == "caregiver" else None)

    response = client.get("/benefit-programs/")

    assert response.status_code == status
    assert set(response.json()) >= {"code", "message", "field"}


def test_list_query_count_does_not_grow(
    programs, regions, street_worker, django_assert_num_queries
):
    client = JsonClient(street_worker)
    with django_assert_num_queries(4):  # session, user, count, page
        assert client.get("/benefit-programs/").json()["count"] == 5
    Program.objects.filter(code="meal_subsidy").update(funding_region_id="640302000000")
    for number in range(3):
        Program.objects.create(
            code=f"extra_{number}",
            name="加",
            kind="grant",
            funding_region_id="640302001000",
            ledger_start_month=date(2026, 3, 1),
        )
    with django_assert_num_queries(4):
        assert client.get("/benefit-programs/").json()["count"] == 8


# --- detail -------------------------------------------------------------------------------------


def test_detail_has_versions_and_rules(programs, street_worker, django_assert_num_queries):
    program = programs["longevity_allowance"]
    version = program.versions.get()
    client = JsonClient(street_worker)

    with django_assert_num_queries(4):  # session, user, programme, versions
        response = client.get(f"/benefit-programs/{program.pk}")

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "longevity_allowance"
    assert body["description"] == program.description
    assert len(body["versions"]) == 1
    out = body["versions"][0]
    assert (out["pk"], out["program_pk"], out["number"], out["status"]) == (
        version.pk,
        program.pk,
        1,
        "published",
    )
    assert out["effective_from"] == "2026-03-01"
    assert [b["amount_fen"] for b in out["rules"]["brackets"]] == [10000, 50000, 80000]


def test_detail_refusals(programs, regions, street_worker, caregiver):
    hidden = district_program(regions)
    path = f"/benefit-programs/{programs['meal_subsidy'].pk}"

    assert JsonClient().get(path).status_code == 401
    assert JsonClient(caregiver).get(path).status_code == 403
    assert JsonClient(street_worker).get(f"/benefit-programs/{hidden.pk}").status_code == 404
    assert JsonClient(street_worker).get("/benefit-programs/999999").status_code == 404


# --- draft, change, publish ---------------------------------------------------------------------


def test_city_admin_drafts_changes_and_publishes_a_version(programs, city_admin):
    program = programs["longevity_allowance"]
    client = JsonClient(city_admin)

    drafted = client.post(
        f"/benefit-programs/{program.pk}/versions",
        {"rules": RULES, "effective_from": "2026-07-01", "note": "提标"},
    )
    assert drafted.status_code == 201
    assert (drafted.json()["number"], drafted.json()["status"]) == (2, "draft")
    version_pk = drafted.json()["pk"]

    changed = client.patch(
        f"/benefit-program-versions/{version_pk}", {"effective_from": "2026-08-01"}
    )
    assert changed.status_code == 200
    assert changed.json()["effective_from"] == "2026-08-01"
    assert changed.json()["rules"] == RULES
    assert changed.json()["note"] == "提标"

    published = client.post(f"/benefit-program-versions/{version_pk}/publish")
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    assert program.version_for(date(2026, 8, 1)).pk == version_pk
    again = client.patch(f"/benefit-program-versions/{version_pk}", {"note": "x"})
    assert again.status_code == 422
    assert again.json() == {
        "code": "benefit_version_wrong_status",
        "message": again.json()["message"],
        "field": "status",
    }


def test_draft_refusals(programs, street_worker, other_city_admin):
    program = programs["longevity_allowance"]
    path = f"/benefit-programs/{program.pk}/versions"
    body = {"rules": RULES, "effective_from": "2026-07-01"}
    records = ChangeRecord.objects.count()

    assert JsonClient().post(path, body).status_code == 401
    assert JsonClient(street_worker).post(path, body).status_code == 403
    assert JsonClient(other_city_admin).post(path, body).status_code == 404

    assert ProgramVersion.objects.filter(program=program).count() == 1
    assert ChangeRecord.objects.count() == records


@pytest.mark.parametrize(
    ("body_case", "code", "field"),
    [
        (
            {"rules": RULES, "effective_from": "2026-07-15"},
            "benefit_version_date_invalid",
            "effective_from",
        ),
        (
            {"rules": {"brackets": []}, "effective_from": "2026-07-01"},
            "benefit_rules_invalid",
            None,
        ),
        ({"rules": RULES}, "invalid_input", "effective_from"),
    ],
    ids=["mid_month", "no_brackets", "missing_date"],
)
def test_draft_bad_input_names_the_field(programs, city_admin, body_case, code, field):
    program = programs["longevity_allowance"]

    response = JsonClient(city_admin).post(f"/benefit-programs/{program.pk}/versions", body_case)

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == code
    assert body["message"]
    if field is None:
        assert body["field"].startswith("rules.")
    else:
        assert body["field"] == field
    assert ProgramVersion.objects.filter(program=program).count() == 1


def test_version_writes_refused(programs, street_worker, other_city_admin):
    version = programs["meal_subsidy"].versions.get()

    for path, send in (
        (f"/benefit-program-versions/{version.pk}", "patch"),
        (f"/benefit-program-versions/{version.pk}/publish", "post"),
    ):
        assert getattr(JsonClient(), send)(path, {"note": "x"}).status_code == 401
        assert getattr(JsonClient(street_worker), send)(path, {"note": "x"}).status_code == 403
        assert getattr(JsonClient(other_city_admin), send)(path, {"note": "x"}).status_code == 404
    assert ProgramVersion.objects.get(pk=version.pk).note == version.note


def test_publishing_a_published_version_is_refused(programs, city_admin):
    version = programs["meal_subsidy"].versions.get()

    response = JsonClient(city_admin).post(f"/benefit-program-versions/{version.pk}/publish")

    assert response.status_code == 422
    assert response.json()["code"] == "benefit_version_wrong_status"
