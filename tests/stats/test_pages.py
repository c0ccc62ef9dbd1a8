"""The dashboard, its drill-down, exports and the monthly report, as each role sees them."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import CITY, COMMUNITY_A1, DISTRICT, STREET_A, STREET_B, _user
from tests.factories import make_elder
from yiyang.core import roles
from yiyang.core.roles import Role
from yiyang.stats.models import Indicator, ManualReport
from yiyang.stats.services import report_figure, snapshot_month

DASHBOARD = reverse("stats:dashboard")


def _elders_cells(response) -> list:
    """Each child region's cell of the elders count in the drill-down table."""
    column = [i.code for i in response.context["computed"]].index("elders_total")
    return [(row["region"].code, row["cells"][column]) for row in response.context["child_rows"]]


def _figures(response) -> dict:
    return {figure.indicator.code: figure for figure in response.context["figures"]}


def test_city_dashboard_shows_every_indicator_computed_or_manual(client, city_admin, counted):
    # given a reported social-worker ratio just below its 1 ‰ target (after the day's count)
    report_figure(
        Indicator.objects.get(code="social_worker_ratio"),
        region=city_admin.region,
        month=date(2026, 6, 1),
        value=Decimal("0.95"),
        source="社工统计表",
        actor=city_admin,
    )
    client.force_login(city_admin)

    response = client.get(DASHBOARD)

    assert response.status_code == 200
    figures = _figures(response)
    assert len(figures) == Indicator.objects.count() == 36
    social = figures["social_worker_ratio"]
    assert (social.value, social.status, social.is_computed) == (Decimal("0.95"), "near", False)
    assert figures["elders_total"].value == Decimal(7)
    assert figures["elders_total"].is_computed
    assert figures["nursing_bed_share"].is_computed
    assert figures["nursing_bed_share"].status == "no_data"  # no bed anywhere: no value, not 0
    assert figures["home_adaptation_households"].status == "no_data"
    # the biggest gaps come first: nobody in an institution (3 % target) and no certified
    # caregiver (25 per 10,000) are 100 % short, then the near one
    order = [(f.indicator.code, f.status) for f in response.context["figures"][:3]]
    assert order == [
        ("institution_care_share", "behind"),
        ("certified_caregivers_per_ten_thousand", "behind"),
        ("social_worker_ratio", "near"),
    ]
    text = response.content.decode()
    assert "社工统计表" in text
    assert "人工填报" in text
    assert "平台计算" in text


def test_drill_down_from_city_to_community(client, city_admin, counted):
    client.force_login(city_admin)

    city = client.get(DASHBOARD)
    district = client.get(DASHBOARD, {"region": DISTRICT})
    community = client.get(DASHBOARD, {"region": COMMUNITY_A1})

    assert [r.code for r in city.context["children"]] == [DISTRICT, "640381000000"]
    assert _elders_cells(district) == [
        (STREET_A, "4"),
        (STREET_B, "2"),
    ]
    assert _figures(community)["elders_total"].value == Decimal(3)
    assert community.context["children"] == []
    # ages at the district: street A has two of 70-79 and two of 80-89 (明珠's elder turns 80
    # today), street B one of 60-69 and one of 90+
    ages = {child.code: cells for child, cells, _total in district.context["age_table"].rows}
    assert ages == {STREET_A: ["0", "2", "2", "0"], STREET_B: ["1", "0", "0", "1"]}


def test_street_clerk_sees_her_street_and_below_only(client, street_worker, counted):
    client.force_login(street_worker)

    own = client.get(DASHBOARD)
    community = client.get(DASHBOARD, {"region": COMMUNITY_A1})

    assert own.context["region"].code == STREET_A
    assert _figures(own)["elders_total"].value == Decimal(4)
    assert [r.code for r in own.context["path"]] == [STREET_A]
    assert community.status_code == 200
    for code in (STREET_B, DISTRICT, CITY, "999999999999", "x"):
        assert client.get(DASHBOARD, {"region": code}).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [
        pytest.param(Role.CAREGIVER, 403, id="no_capability_case"),
        pytest.param(Role.COMMUNITY_STAFF, 200, id="community_case"),
        pytest.param(Role.DISTRICT_STAFF, 200, id="district_case"),
    ],
)
def test_who_may_open_the_dashboard(client, regions, role, status):
    home = {Role.DISTRICT_STAFF: DISTRICT}.get(role, COMMUNITY_A1)
    client.force_login(_user("someone", role, home))
    assert client.get(DASHBOARD).status_code == status


def test_anonymous_is_sent_to_log_in(client, regions):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_small_counts_are_hidden_from_readers_who_may_not_see_the_elders(
    client, regions, counted, monkeypatch
):
    # given a role that reads statistics but not the registry
    monkeypatch.setitem(roles.CAPABILITIES, Role.VOLUNTEER, frozenset({"stats.view_indicators"}))
    client.force_login(_user("analyst", Role.VOLUNTEER, DISTRICT))

    response = client.get(DASHBOARD, {"region": DISTRICT})

    # then street A's 4 elders and street B's 2 show as "<5", and so do the small age cells
    assert [cell for _code, cell in _elders_cells(response)] == ["<5", "<5"]
    ages = {
        child.code: (cells, total) for child, cells, total in response.context["age_table"].rows
    }
    assert ages[STREET_A] == (["0", "<5", "<5", "0"], "<5")
    assert _figures(response)["elders_total"].shown == "6"
    assert "<5" in response.content.decode()


def test_clerk_who_may_see_the_elders_gets_exact_counts(client, street_worker, counted):
    client.force_login(street_worker)
    response = client.get(DASHBOARD)
    assert [cell for _code, cell in _elders_cells(response)] == ["3", "1"]
    assert response.context["suppressed"] is False


# Session and user, regions and the path, the snapshot's month, indicators, targets, reports,
# the 12 months' snapshots, children, computed indicators and their snapshots, the population
# tables: none of them counts elders, and none grows with the number of regions.
QUERIES = 17


def test_dashboard_queries_do_not_grow_with_regions(
    client, city_admin, counted, django_assert_num_queries
):
    client.force_login(city_admin)
    client.get(DASHBOARD, {"region": DISTRICT})  # warm the session and caches
    with django_assert_num_queries(QUERIES):
        client.get(DASHBOARD, {"region": DISTRICT})
    # more streets and communities with elders: the same number of queries
    from yiyang.core.models import Region

    for number in range(3, 8):
        street = f"640302{number:03d}000"
        Region.objects.create(code=street, name=f"街道{number}", level=4, parent_id=DISTRICT)
        Region.objects.create(code=street[:9] + "001", name="社区", level=5, parent_id=street)
        make_elder(residence_region_id=street[:9] + "001")
    snapshot_month(date(2026, 6, 1))
    with django_assert_num_queries(QUERIES):
        client.get(DASHBOARD, {"region": DISTRICT})


def test_trend_comes_from_snapshots(client, city_admin, counted):
    client.force_login(city_admin)
    response = client.get(DASHBOARD)
    trend = _figures(response)["elders_total"].trend
    assert trend[-1] == ("2026-06", 7.0)
    assert trend[0] == ("2025-07", None)
    assert len(trend) == 12


def test_excel_of_each_table(client, street_worker, counted):
    client.force_login(street_worker)
    for table, header in (
        ("indicators", "指标名称"),
        ("regions", "地区"),
        ("ages", "地区"),
        ("ability", "地区"),
    ):
        response = client.get(reverse("stats:export_table", kwargs={"table": table}))
        assert response.status_code == 200
        sheet = openpyxl.load_workbook(BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[1][0] == header
    regions = openpyxl.load_workbook(
        BytesIO(client.get(reverse("stats:export_table", kwargs={"table": "regions"})).content)
    ).active
    header, *lines = list(regions.iter_rows(min_row=2, values_only=True))
    column = header.index("老年人数")
    assert [(line[0], line[column]) for line in lines] == [
        ("富平社区", "3"),
        ("明珠社区", "1"),
    ]
    assert client.get(reverse("stats:export_table", kwargs={"table": "nope"})).status_code == 403


def test_monthly_report_hides_small_counts_even_for_clerks(client, street_worker, counted):
    client.force_login(street_worker)
    response = client.get(reverse("stats:monthly_report"))
    assert response.status_code == 200
    rows = {child.code: cells for child, cells, _total in response.context["tables"][0].rows}
    assert rows[COMMUNITY_A1] == ["0", "<5", "<5", "0"]
    assert response.context["region"].code == STREET_A


REPORT_FIGURE = reverse("stats:report_figure")


def test_city_admin_reports_a_figure_on_the_page(client, city_admin):
    client.force_login(city_admin)
    indicator = Indicator.objects.get(code="monthly_visit_rate")

    response = client.post(
        REPORT_FIGURE,
        {
            "indicator": indicator.pk,
            "region": STREET_A,
            "month": "2026-06",
            "value": "85",
            "source": "6月探访台账",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"{DASHBOARD}?region={STREET_A}"
    report = ManualReport.objects.get()
    assert (report.region_id, report.month, report.value) == (
        STREET_A,
        date(2026, 6, 1),
        Decimal(85),
    )
    dashboard = client.get(DASHBOARD, {"region": STREET_A})
    assert _figures(dashboard)["monthly_visit_rate"].status == "behind"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        pytest.param({"month": "2026-6"}, "month", "月份请按 YYYY-MM 填写", id="month_case"),
        pytest.param({"month": "2026-07"}, "month", "请选择已开始的月份", id="future_case"),
        pytest.param({"source": ""}, "source", "这个字段是必填项", id="source_case"),
        pytest.param({"value": "-1"}, "value", "数值须在 0", id="negative_case"),
    ],
)
def test_bad_figure_is_refused_beside_its_field(client, city_admin, change, field, message):
    client.force_login(city_admin)
    indicator = Indicator.objects.get(code="monthly_visit_rate")
    data = {
        "indicator": indicator.pk,
        "region": STREET_A,
        "month": "2026-06",
        "value": "92.5",
        "source": "台账",
    } | change

    response = client.post(REPORT_FIGURE, data)

    assert response.status_code == 422
    assert message in " ".join(response.context["form"].errors[field])
    assert ManualReport.objects.count() == 0


def test_street_clerk_may_not_report(client, street_worker):
    client.force_login(street_worker)
    assert client.get(REPORT_FIGURE).status_code == 403
    assert client.get(DASHBOARD).context["can_report"] is False


def test_computed_indicators_are_not_offered(client, city_admin):
    client.force_login(city_admin)
    form = client.get(REPORT_FIGURE).context["form"]
    codes = set(form.fields["indicator"].queryset.values_list("code", flat=True))
    assert "elders_total" not in codes
    assert len(codes) == 15  # 36 shipped, 21 of them computed


def test_sparkline_points_of_small_counts_are_left_out(client, regions, counted, monkeypatch):
    # given June's snapshot, and a reader who may not see the elders
    monkeypatch.setitem(roles.CAPABILITIES, Role.VOLUNTEER, frozenset({"stats.view_indicators"}))
    client.force_login(_user("analyst", Role.VOLUNTEER, STREET_A))

    response = client.get(DASHBOARD)

    # then street A's 4 elders are not in the embedded points, its share (a ratio) is
    points = response.context["sparklines"]
    assert points["elders_total"][-1] == ("2026-06", None)
    assert points["living_alone_share"][-1] == ("2026-06", 25.0)


def test_page_says_when_the_figures_were_counted(client, city_admin, elders):
    client.force_login(city_admin)
    # before the daily task has run, computed figures have no value and the page says why
    before = client.get(DASHBOARD)
    assert _figures(before)["elders_total"].value is None
    assert before.context["as_of"].month is None
    assert "尚未统计" in before.content.decode()
    # after it, the month and the time of the count are shown
    snapshot_month(date(2026, 6, 1))
    after = client.get(DASHBOARD)
    assert after.context["as_of"].month == date(2026, 6, 1)
    assert _figures(after)["elders_total"].value == Decimal(7)
    counted_at = f"{timezone.localtime():%Y-%m-%d %H:%M}"  # the clock is frozen
    assert f"统计于 {counted_at}" in after.content.decode()


def test_population_tables_come_from_the_snapshot(client, city_admin, counted):
    # given an elder registered after the day's count
    make_elder(residence_region_id=COMMUNITY_A1, birth=date(1961, 1, 1))
    client.force_login(city_admin)
    response = client.get(DASHBOARD, {"region": DISTRICT})
    # then the tables show the count (street A: 4 elders), until the next run
    totals = {child.code: total for child, _cells, total in response.context["age_table"].rows}
    assert totals[STREET_A] == "4"
    snapshot_month(date(2026, 6, 1))
    response = client.get(DASHBOARD, {"region": DISTRICT})
    totals = {child.code: total for child, _cells, total in response.context["ability_table"].rows}
    assert totals[STREET_A] == "5"
