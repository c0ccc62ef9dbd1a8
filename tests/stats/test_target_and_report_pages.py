"""The page to set targets and the list of figures reported by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.urls import reverse

from tests.conftest import DISTRICT, STREET_A, STREET_B
from yiyang.core.models import ChangeRecord
from yiyang.stats.models import Indicator, Target
from yiyang.stats.services import report_figure

TARGETS = reverse("stats:targets")
REPORTS = reverse("stats:reports")


def test_city_admin_sets_a_districts_target_on_the_page(client, city_admin):
    client.force_login(city_admin)
    indicator = Indicator.objects.get(code="nursing_bed_share")
    data = {"indicator": indicator.pk, "region": DISTRICT, "year": "2026", "value": "65"}

    response = client.post(TARGETS, data | {"note": "区政府工作报告"})

    assert response.status_code == 302
    target = Target.objects.get(indicator=indicator, region_id=DISTRICT)
    assert (target.year, target.value, target.note) == (2026, Decimal(65), "区政府工作报告")
    assert ChangeRecord.objects.filter(object_pk=str(target.pk)).count() == 1
    page = client.get(TARGETS).content.decode()
    assert "65%" in page
    assert "默认（各地区通用）" in page


def test_a_bad_year_is_refused_beside_its_field_and_nothing_is_written(client, city_admin):
    client.force_login(city_admin)
    indicator = Indicator.objects.get(code="nursing_bed_share")
    before = Target.objects.count()

    response = client.post(TARGETS, {"indicator": indicator.pk, "year": "1999", "value": "65"})

    assert response.status_code == 422
    assert "2025" in " ".join(response.context["form"].errors["year"])
    assert Target.objects.count() == before


def test_street_clerk_reads_targets_but_may_not_set_them(client, street_worker):
    client.force_login(street_worker)
    response = client.get(TARGETS)
    assert response.status_code == 200
    assert response.context["form"] is None
    indicator = Indicator.objects.get(code="nursing_bed_share")
    refused = client.post(TARGETS, {"indicator": indicator.pk, "year": "2026", "value": "1"})
    assert refused.status_code == 403
    assert not Target.objects.filter(year=2026, indicator=indicator).exists()


def test_reported_figures_are_listed_newest_first_within_the_readers_region(
    client, city_admin, street_worker, regions
):
    # given reports for street A (May and June) and street B (June)
    visits = Indicator.objects.get(code="monthly_visit_rate")
    social = Indicator.objects.get(code="social_worker_ratio")
    for indicator, region, month, value in (
        (visits, STREET_A, date(2026, 5, 1), "92"),
        (visits, STREET_A, date(2026, 6, 1), "96.5"),
        (social, STREET_A, date(2026, 6, 1), "0.8"),
        (visits, STREET_B, date(2026, 6, 1), "88"),
    ):
        report_figure(
            indicator,
            region=regions[region],
            month=month,
            value=Decimal(value),
            source="台账",
            actor=city_admin,
        )
    client.force_login(street_worker)

    listed = client.get(REPORTS, {"indicator": "monthly_visit_rate"})

    # then street A's clerk sees her street's visit rates, June first, and not street B's
    rows = [(r.region_id, f"{r.month:%Y-%m}", r.shown) for r in listed.context["page"]]
    assert rows == [(STREET_A, "2026-06", "96.50%"), (STREET_A, "2026-05", "92%")]
    assert len(client.get(REPORTS).context["page"]) == 3
