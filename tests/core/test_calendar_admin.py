"""A city administrator enters next year's statutory calendar (services, pages, permissions)."""

from datetime import date

import pytest
from django.test import Client

from yiyang.core import calendar_services as services
from yiyang.core.calendar import CalendarError, add_working_days
from yiyang.core.errors import PermissionDeniedError
from yiyang.core.models import CalendarYear, ChangeRecord, SpecialDay

pytestmark = pytest.mark.django_db

NOTICE = "国办发明电〔2026〕0号（测试）"  # a test notice: the real 2027 days are not known here


@pytest.fixture
def draft_2027(city_admin):
    return services.create_year(
        year=2027, source_document=NOTICE, notice_date=date(2026, 11, 10), actor=city_admin
    )


def _state():
    return (
        list(CalendarYear.objects.values_list("year", "status")),
        SpecialDay.objects.count(),
        ChangeRecord.objects.count(),
    )


# --- services -----------------------------------------------------------------------------------


def test_an_admin_enters_and_publishes_a_year_and_deadlines_run_through_it(draft_2027, city_admin):
    # given made-up 2027 days (not the real notice): New Year on Friday 2027-01-01
    services.add_days(
        draft_2027,
        first=date(2027, 1, 1),
        last=None,
        kind="holiday",
        name="元旦",
        actor=city_admin,
    )
    services.add_days(
        draft_2027,
        first=date(2027, 2, 6),
        last=date(2027, 2, 12),
        kind="holiday",
        name="春节",
        actor=city_admin,
    )
    services.add_days(
        draft_2027,
        first=date(2027, 2, 13),
        last=None,
        kind="workday",
        name="春节",
        actor=city_admin,
    )

    # when the year is published
    published = services.publish_year(draft_2027, actor=city_admin)

    # then it counts: 2026-12-24 + 6 skips 01-01 and the weekend to Monday 2027-01-04
    assert (published.status, published.published_by) == ("published", city_admin)
    assert add_working_days(date(2026, 12, 24), 6) == date(2027, 1, 4)
    # 2027-02-05 (Fri) + 1: 02-06…02-12 rest, Saturday 02-13 worked
    assert add_working_days(date(2027, 2, 5), 1) == date(2027, 2, 13)
    assert SpecialDay.objects.filter(calendar_year=published).count() == 9
    actions = list(
        ChangeRecord.objects.filter(object_pk="2027")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "add_days", "add_days", "add_days", "publish"]


def test_a_published_year_is_not_changed(draft_2027, city_admin):
    services.add_days(
        draft_2027, first=date(2027, 1, 1), last=None, kind="holiday", name="元旦", actor=city_admin
    )
    services.publish_year(draft_2027, actor=city_admin)
    before = _state()

    with pytest.raises(CalendarError) as refused:
        services.add_days(
            draft_2027,
            first=date(2027, 5, 1),
            last=None,
            kind="holiday",
            name="劳动节",
            actor=city_admin,
        )

    assert refused.value.code == "calendar_year_published"
    assert _state() == before


def test_a_seeded_year_cannot_be_opened_again(city_admin):
    before = _state()
    with pytest.raises(CalendarError) as refused:
        services.create_year(year=2026, source_document=NOTICE, notice_date=None, actor=city_admin)
    assert (refused.value.code, refused.value.field) == ("calendar_year_exists", "year")
    assert _state() == before


@pytest.mark.parametrize(
    ("first", "last", "kind", "name", "code", "field"),
    [
        (date(2028, 1, 1), None, "holiday", "元旦", "calendar_day_outside_year", "first"),
        (
            date(2027, 12, 31),
            date(2028, 1, 1),
            "holiday",
            "元旦",
            "calendar_day_outside_year",
            "last",
        ),
        (date(2027, 1, 4), None, "workday", "元旦", "calendar_not_a_weekend", "first"),
        (date(2027, 1, 1), None, "holiday", " ", "required", "name"),
        (date(2027, 1, 3), date(2027, 1, 1), "holiday", "元旦", "invalid", "last"),
        (date(2027, 1, 1), date(2027, 3, 1), "holiday", "元旦", "invalid", "last"),
        (date(2027, 1, 1), None, "nap", "元旦", "invalid", "kind"),
    ],
)
def test_bad_days_are_refused_naming_the_field(
    draft_2027, city_admin, first, last, kind, name, code, field
):
    before = _state()
    with pytest.raises(CalendarError) as refused:
        services.add_days(
            draft_2027, first=first, last=last, kind=kind, name=name, actor=city_admin
        )
    assert (refused.value.code, refused.value.field) == (code, field)
    assert _state() == before


def test_a_range_overlapping_an_entered_day_adds_nothing(draft_2027, city_admin):
    services.add_days(
        draft_2027, first=date(2027, 1, 1), last=None, kind="holiday", name="元旦", actor=city_admin
    )
    before = _state()

    with pytest.raises(CalendarError) as refused:
        services.add_days(
            draft_2027,
            first=date(2027, 1, 1),
            last=date(2027, 1, 3),
            kind="holiday",
            name="元旦",
            actor=city_admin,
        )

    assert refused.value.code == "calendar_day_exists"
    assert "2027-01-01" in refused.value.message
    assert _state() == before


def test_a_year_without_holidays_is_not_published(draft_2027, city_admin):
    before = _state()
    with pytest.raises(CalendarError) as refused:
        services.publish_year(draft_2027, actor=city_admin)
    assert refused.value.code == "calendar_no_holidays"
    assert _state() == before


def test_a_mistyped_day_is_removed_from_the_draft(draft_2027, city_admin):
    (day,) = services.add_days(
        draft_2027, first=date(2027, 1, 2), last=None, kind="holiday", name="元旦", actor=city_admin
    )
    services.remove_day(day, actor=city_admin)
    assert not SpecialDay.objects.filter(calendar_year=draft_2027).exists()


@pytest.mark.parametrize("actor", ["caregiver", "street_worker", "community_worker"])
def test_only_the_city_enters_the_calendar(request, actor, regions):
    user = request.getfixturevalue(actor)
    before = _state()
    with pytest.raises(PermissionDeniedError):
        services.create_year(year=2027, source_document=NOTICE, notice_date=None, actor=user)
    assert _state() == before


# --- pages --------------------------------------------------------------------------------------


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_year_list_shows_the_seeded_years(city_admin):
    response = _client(city_admin).get("/calendar/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "chinesecalendar 1.11.0" in text
    assert 'href="/calendar/2026/"' in text


def test_the_admin_opens_fills_and_publishes_2027_through_the_pages(city_admin):
    client = _client(city_admin)

    opened = client.post(
        "/calendar/", {"year": "2027", "source_document": NOTICE, "notice_date": "2026-11-10"}
    )
    assert opened.status_code == 302
    assert opened["Location"] == "/calendar/2027/"

    added = client.post(
        "/calendar/2027/",
        {"first": "2027-01-01", "last": "", "kind": "holiday", "name": "元旦"},
    )
    assert added.status_code == 302
    page = client.get("/calendar/2027/").content.decode()
    assert "元旦" in page
    assert 'id="yy-publish-year"' in page

    published = client.post("/calendar/2027/publish/")
    assert published.status_code == 302
    assert CalendarYear.objects.get(year=2027).status == "published"
    assert 'id="yy-publish-year"' not in client.get("/calendar/2027/").content.decode()


def test_a_bad_day_on_the_page_is_shown_beside_its_field(draft_2027, city_admin):
    response = _client(city_admin).post(
        "/calendar/2027/",
        {"first": "2027-01-04", "last": "", "kind": "workday", "name": "元旦"},
    )
    assert response.status_code == 422
    assert "只有周六或周日才能设为调休上班日" in response.content.decode()
    assert not SpecialDay.objects.filter(calendar_year=draft_2027).exists()


@pytest.mark.parametrize("path", ["/calendar/", "/calendar/2026/"])
def test_clerks_see_the_calendar_without_the_forms(street_worker, path):
    response = _client(street_worker).get(path)
    assert response.status_code == 200
    assert 'method="post" novalidate' not in response.content.decode()


def test_a_clerk_cannot_open_a_year_through_the_page(street_worker):
    before = _state()
    response = _client(street_worker).post(
        "/calendar/", {"year": "2027", "source_document": NOTICE, "notice_date": ""}
    )
    assert response.status_code == 403
    assert _state() == before


def test_a_clerk_cannot_publish_through_the_page(draft_2027, city_admin, street_worker):
    services.add_days(
        draft_2027, first=date(2027, 1, 1), last=None, kind="holiday", name="元旦", actor=city_admin
    )
    response = _client(street_worker).post("/calendar/2027/publish/")
    assert response.status_code == 403
    assert CalendarYear.objects.get(year=2027).status == "draft"
