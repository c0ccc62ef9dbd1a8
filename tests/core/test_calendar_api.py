"""GET /api/v1/calendar/add-working-days and the calendar years (issue 6)."""

import pytest

from tests.api.conftest import JsonClient
from yiyang.core.models import CalendarYear, SpecialDay

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]


def test_a_filing_before_national_day_is_due_after_the_holiday(street_worker):
    response = JsonClient(street_worker).get(
        "/calendar/add-working-days", {"start": "2025-09-26", "days": "20"}
    )
    assert response.status_code == 200
    assert response.json() == {"date": "2025-10-30"}


def test_zero_days_answers_the_start(street_worker):
    response = JsonClient(street_worker).get(
        "/calendar/add-working-days", {"start": "2026-02-15", "days": "0"}
    )
    assert response.json() == {"date": "2026-02-15"}


def test_a_span_into_an_unpublished_year_is_calendar_unknown(street_worker):
    response = JsonClient(street_worker).get(
        "/calendar/add-working-days", {"start": "2026-12-24", "days": "6"}
    )
    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["field"]) == ("calendar_unknown", "days")
    assert "2027" in body["message"]


def test_a_start_in_an_unpublished_year_names_the_start(street_worker):
    response = JsonClient(street_worker).get(
        "/calendar/add-working-days", {"start": "2031-03-02", "days": "1"}
    )
    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == ("calendar_unknown", "start")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2025-13-01", "days": "3"}, "start"),
        ({"start": "26/09/2025", "days": "3"}, "start"),
        ({"days": "3"}, "start"),
        ({"start": "2025-09-26", "days": "-1"}, "days"),
        ({"start": "2025-09-26", "days": "1001"}, "days"),
        ({"start": "2025-09-26", "days": "ten"}, "days"),
        ({"start": "2025-09-26"}, "days"),
    ],
)
def test_bad_input_is_422_naming_the_field(street_worker, params, field):
    response = JsonClient(street_worker).get("/calendar/add-working-days", params)
    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == ("invalid_input", field)


def test_anonymous_callers_are_refused():
    response = JsonClient().get("/calendar/add-working-days", {"start": "2025-09-26", "days": "20"})
    assert response.status_code == 401


def test_the_years_list_shows_drafts_and_published_years(street_worker):
    CalendarYear.objects.create(year=2027, source_document="draft notice")

    response = JsonClient(street_worker).get("/calendar/years/")

    assert response.status_code == 200
    rows = {row["year"]: row for row in response.json()}
    assert rows[2027]["status"] == "draft"
    assert rows[2026]["status"] == "published"
    assert rows[2026]["source_document"] == "chinesecalendar 1.11.0 (PyPI)"


def test_the_years_list_takes_the_same_queries_however_many_years(
    street_worker, django_assert_num_queries
):
    client = JsonClient(street_worker)
    client.get("/calendar/years/")  # warm the session
    with django_assert_num_queries(3):  # session, user, years
        client.get("/calendar/years/")
    CalendarYear.objects.bulk_create(
        CalendarYear(year=year, source_document="x") for year in range(2030, 2040)
    )
    with django_assert_num_queries(3):
        client.get("/calendar/years/")


def test_one_year_lists_its_days(street_worker):
    response = JsonClient(street_worker).get("/calendar/years/2026")
    assert response.status_code == 200
    body = response.json()
    workdays = [day["date"] for day in body["days"] if day["kind"] == "workday"]
    assert workdays == [
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-20",
        "2026-10-10",
    ]
    assert len(body["days"]) == SpecialDay.objects.filter(calendar_year_id=2026).count()
    assert {"date": "2026-02-17", "kind": "holiday", "name": "春节"} in body["days"]


def test_an_unknown_year_is_404(street_worker):
    assert JsonClient(street_worker).get("/calendar/years/2099").status_code == 404
