"""Manual figures, targets and monthly snapshots through the services."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from tests.conftest import CITY, COMMUNITY_A1, DISTRICT, STREET_A, STREET_B
from tests.factories import make_elder
from yiyang.core.errors import PermissionDeniedError
from yiyang.core.models import ChangeRecord
from yiyang.stats.errors import StatsError
from yiyang.stats.models import Indicator, IndicatorSnapshot, ManualReport, Target
from yiyang.stats.services import report_figure, set_target, snapshot_month

JUNE = date(2026, 6, 1)


def test_seed_000_table_ships_with_its_2025_targets(db):
    # the 16 rows of seed 000 table 1 carry a 2025 default target and a binding marker
    seeded = Indicator.objects.filter(source="seed 000 表1")
    assert seeded.count() == 16
    assert Target.objects.filter(indicator__in=seeded, year=2025, region=None).count() == 16
    nursing = Target.objects.get(indicator__code="nursing_bed_share", year=2025)
    assert (nursing.value, nursing.indicator.binding) == (Decimal(60), "binding")
    social = Indicator.objects.get(code="social_worker_ratio")
    assert (social.unit, social.targets.get().value) == ("per_mille", Decimal(1))
    extra = {
        "beds_per_thousand_elders",
        "certified_caregivers_per_ten_thousand",
        "monthly_visit_rate",
        "home_care_share",
        "community_care_share",
        "institution_care_share",
    }
    assert extra <= set(Indicator.objects.values_list("code", flat=True))


def test_city_admin_reports_a_figure_with_its_source_and_audit(city_admin, regions):
    indicator = Indicator.objects.get(code="social_worker_ratio")

    report = report_figure(
        indicator,
        region=regions[CITY],
        month=JUNE,
        value=Decimal("48.5"),
        numerator=Decimal(3342),
        denominator=Decimal(6891),
        source="2026年6月养老机构床位统计表",
        actor=city_admin,
    )

    stored = ManualReport.objects.get()
    assert (stored.pk, stored.value, stored.source) == (
        report.pk,
        Decimal("48.5"),
        "2026年6月养老机构床位统计表",
    )
    change = ChangeRecord.objects.get()
    assert (change.action, change.region_code) == ("create", CITY)

    # a second report of the month replaces the figure; the audit keeps the old value
    report_figure(
        indicator,
        region=regions[CITY],
        month=JUNE,
        value=Decimal(50),
        source="更正",
        actor=city_admin,
    )
    assert ManualReport.objects.get().value == Decimal(50)
    assert ChangeRecord.objects.count() == 2


@pytest.mark.parametrize(
    ("code", "month", "value", "source", "field"),
    [
        pytest.param("elders_total", JUNE, Decimal(1), "x", "indicator", id="computed_case"),
        pytest.param(
            "social_worker_ratio",
            date(2026, 7, 1),
            Decimal(1),
            "x",
            "month",
            id="future_month_case",
        ),
        pytest.param(
            "social_worker_ratio",
            date(2026, 6, 2),
            Decimal(1),
            "x",
            "month",
            id="not_first_day_case",
        ),
        pytest.param("social_worker_ratio", JUNE, Decimal(-1), "x", "value", id="negative_case"),
        pytest.param("social_worker_ratio", JUNE, Decimal(1), "  ", "source", id="no_source_case"),
    ],
)
def test_bad_reports_name_the_field_and_write_nothing(
    city_admin, regions, code, month, value, source, field
):
    with pytest.raises(StatsError) as refused:
        report_figure(
            Indicator.objects.get(code=code),
            region=regions[CITY],
            month=month,
            value=value,
            source=source,
            actor=city_admin,
        )
    assert refused.value.field == field
    assert ManualReport.objects.count() == 0
    assert ChangeRecord.objects.count() == 0


def test_street_staff_cannot_report_or_set_targets(street_worker, regions):
    indicator = Indicator.objects.get(code="social_worker_ratio")
    with pytest.raises(PermissionDeniedError):
        report_figure(
            indicator,
            region=regions[STREET_A],
            month=JUNE,
            value=Decimal(1),
            source="x",
            actor=street_worker,
        )
    with pytest.raises(PermissionDeniedError):
        set_target(indicator, year=2026, value=Decimal(70), actor=street_worker)
    assert ManualReport.objects.count() == 0
    assert Target.objects.filter(indicator=indicator, year=2026).count() == 0


def test_a_region_gets_its_own_target(city_admin, regions):
    indicator = Indicator.objects.get(code="nursing_bed_share")
    set_target(indicator, year=2025, value=Decimal(65), region=regions[DISTRICT], actor=city_admin)
    values = dict(Target.objects.filter(indicator=indicator).values_list("region_id", "value"))
    assert values == {None: Decimal(60), DISTRICT: Decimal(65)}
    with pytest.raises(StatsError) as refused:
        set_target(indicator, year=1999, value=Decimal(1), actor=city_admin)
    assert refused.value.field == "year"


def test_targets_visible_to_a_street_are_those_above_it_and_under_it(
    city_admin, street_worker, regions
):
    indicator = Indicator.objects.get(code="nursing_bed_share")
    for code in (DISTRICT, STREET_A, STREET_B, COMMUNITY_A1):
        set_target(indicator, year=2025, value=Decimal(61), region=regions[code], actor=city_admin)
    seen = Target.objects.visible_to(street_worker).filter(indicator=indicator)
    assert sorted(str(t.region_id) for t in seen) == sorted(
        ["None", DISTRICT, STREET_A, COMMUNITY_A1]
    )


def _snap(code: str, region: str, month: date = JUNE) -> IndicatorSnapshot:
    return IndicatorSnapshot.objects.get(indicator__code=code, region_id=region, month=month)


def test_snapshot_writes_every_level_and_is_idempotent(elders, city_admin, regions):
    report_figure(
        Indicator.objects.get(code="social_worker_ratio"),
        region=regions[CITY],
        month=date(2026, 5, 1),
        value=Decimal("0.8"),
        source="表",
        actor=city_admin,
    )

    first = snapshot_month(JUNE)
    again = snapshot_month(JUNE)

    totals = {
        region: _snap("elders_total", region).value
        for region in (CITY, DISTRICT, STREET_A, COMMUNITY_A1)
    }
    assert totals == {CITY: 7, DISTRICT: 6, STREET_A: 4, COMMUNITY_A1: 3}
    assert _snap("living_alone_share", STREET_A).value == Decimal("25.00")
    # the manual May figure carries into June, marked manual
    manual = _snap("social_worker_ratio", CITY)
    assert (manual.value, manual.source) == (Decimal("0.8"), "manual")
    # running again adds nothing: the running month is refreshed in place
    assert first.created == IndicatorSnapshot.objects.count()
    assert (again.created, again.updated) == (0, first.created)


def test_a_closed_months_snapshot_never_changes(elders, regions):
    # given May's snapshot taken in May
    with time_machine.travel(date(2026, 5, 20), tick=False):
        snapshot_month(date(2026, 5, 1))
    before = _snap("elders_total", STREET_A, date(2026, 5, 1)).value

    # when an elder registers in June and May is snapshot again
    make_elder(residence_region_id=COMMUNITY_A1)
    summary = snapshot_month(date(2026, 5, 1))

    # then May's figure is kept and only June sees the newcomer
    assert _snap("elders_total", STREET_A, date(2026, 5, 1)).value == before == 4
    assert summary.updated == 0
    snapshot_month(JUNE)
    assert _snap("elders_total", STREET_A).value == 5


def test_command_snapshots_a_month_and_refuses_a_bad_one(elders, capsys):
    call_command("snapshot_indicators", "--month", "2026-06")
    assert "2026-06:" in capsys.readouterr().out
    assert _snap("elders_total", CITY).value == 7
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("snapshot_indicators", "--month", "June")
    with pytest.raises(CommandError):
        call_command("snapshot_indicators", "--month", "2026-07")


def test_install_indicators_is_idempotent_and_keeps_changed_targets(city_admin, capsys):
    # given a default target the city changed
    indicator = Indicator.objects.get(code="nursing_bed_share")
    set_target(indicator, year=2025, value=Decimal(65), actor=city_admin)

    # when the shipped set is installed again, twice
    call_command("install_indicators")
    call_command("install_indicators")

    # then nothing is duplicated and the city's value stands
    assert "36 indicators installed" in capsys.readouterr().out
    assert Indicator.objects.count() == 36
    assert Target.objects.count() == 22
    assert Target.objects.get(indicator=indicator).value == Decimal(65)
