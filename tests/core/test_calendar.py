"""Working days on the seeded statutory calendar (domain-rules.md §5.8, computed examples)."""

from datetime import date

import pytest

from yiyang.core.calendar import CalendarUnknown, add_working_days, is_working_day
from yiyang.core.models import CalendarYear, SpecialDay

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (date(2025, 9, 22), 20, date(2025, 10, 24)),  # across the National Day holiday
        (date(2026, 2, 9), 20, date(2026, 3, 13)),  # across the Spring Festival
        (date(2025, 12, 31), 20, date(2026, 1, 29)),  # across New Year
        (date(2026, 9, 18), 10, date(2026, 10, 9)),
        # Friday before National Day 2025: Sunday 09-28 is worked (1), 09-29 (2), 09-30 (3),
        # 10-01…10-08 rest, 10-09 (4), 10-10 (5), Saturday 10-11 worked (6), then weekdays.
        (date(2025, 9, 26), 20, date(2025, 10, 30)),
        # The last day before the holiday: 10-09 is the first working day counted.
        (date(2025, 9, 30), 20, date(2025, 11, 4)),
        # Spring Festival 2026: Saturday 02-14 worked (1), 02-15…02-23 rest, 02-24…02-27 (2-5),
        # Saturday 02-28 worked (6).
        (date(2026, 2, 13), 5, date(2026, 2, 27)),
        (date(2026, 2, 13), 6, date(2026, 2, 28)),
    ],
)
def test_adds_working_days_around_holidays(start, days, due):
    assert add_working_days(start, days) == due


def test_adjusted_weekend_is_a_working_day_and_a_holiday_weekday_is_not():
    assert is_working_day(date(2025, 9, 28)) is True  # a Sunday worked (调休)
    assert is_working_day(date(2025, 10, 1)) is False
    assert is_working_day(date(2026, 2, 14)) is True  # a Saturday worked before 春节
    assert is_working_day(date(2026, 2, 23)) is False  # a Monday of the 春节 holiday


def test_the_seed_holds_2024_to_2026_as_published_years():
    # given the migration's seed (from chinesecalendar 1.11.0)
    years = set(CalendarYear.objects.published().values_list("year", flat=True))
    assert {2024, 2025, 2026} <= years
    assert 2027 not in years
    # 2026: 33 holidays and 6 worked weekends (domain-rules.md §5.8)
    assert SpecialDay.objects.filter(calendar_year_id=2026, kind="holiday").count() == 33
    assert list(
        SpecialDay.objects.filter(calendar_year_id=2026, kind="workday").values_list(
            "day", flat=True
        )
    ) == [
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    ]


def test_a_span_ending_in_2026_is_counted_and_one_running_into_2027_is_refused():
    # 2026-12-24 (Thu): 12-25 (1), 12-28…12-31 (2-5); the 6th would be in 2027
    assert add_working_days(date(2026, 12, 24), 5) == date(2026, 12, 31)
    with pytest.raises(CalendarUnknown) as refused:
        add_working_days(date(2026, 12, 24), 6)
    assert refused.value.day == date(2027, 1, 1)


def test_a_draft_year_does_not_count():
    # given 2027 entered but not published
    year = CalendarYear.objects.create(year=2027, source_document="draft")
    SpecialDay.objects.create(calendar_year=year, day=date(2027, 1, 1), kind="holiday", name="元旦")

    with pytest.raises(CalendarUnknown):
        is_working_day(date(2027, 1, 4))


def test_counting_takes_two_queries_however_long_the_span(django_assert_num_queries):
    with django_assert_num_queries(2):
        add_working_days(date(2025, 1, 2), 5)
    with django_assert_num_queries(2):
        add_working_days(date(2025, 1, 2), 400)


def test_an_emptied_calendar_is_seeded_again_and_an_extended_one_is_left_alone():
    from yiyang.core.calendar_seed import seed_if_empty

    # given a database without any year (as after a flush)
    seeded_days = SpecialDay.objects.count()
    CalendarYear.objects.all().delete()
    # when post_migrate runs
    seed_if_empty()
    # then the shipped years are back
    assert SpecialDay.objects.count() == seeded_days
    assert add_working_days(date(2025, 9, 26), 20) == date(2025, 10, 30)
    # and a calendar that has years is not touched
    CalendarYear.objects.filter(year=2004).delete()
    seed_if_empty()
    assert not CalendarYear.objects.filter(year=2004).exists()
