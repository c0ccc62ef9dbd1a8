"""Concentrated support as the payment runs see it: a stay on the month's first day counts."""

from datetime import date

import pytest

from tests.institutions.test_beds import _admit, _bed, _elder
from yiyang.benefits.compute import concentrated_support_sources
from yiyang.institutions import services
from yiyang.institutions.support import elders_in_concentrated_support
from yiyang.registry.models import ElderCategory

pytestmark = pytest.mark.usefixtures("_today")


@pytest.fixture
def _today(time_machine):
    time_machine.move_to("2026-12-03 10:00:00+08:00", tick=False)


def _poor_elder(name):
    elder = _elder(name)
    ElderCategory.objects.create(
        elder=elder, category="extreme_poverty", valid_from=date(2020, 1, 1), source="民政局认定"
    )
    return elder


def test_a_supported_stay_counts_from_the_month_after_admission_until_discharge(
    room, institution_staff
):
    # given one elder supported from 2026-10-15, discharged 2026-11-10, and one paying herself
    supported = _poor_elder("马秀兰")
    stay = _admit(
        _bed(room, "1"),
        supported,
        institution_staff,
        admitted_on=date(2026, 10, 15),
        concentrated_support=True,
        payer="government",
    )
    paying = _elder("杨翠英")
    _admit(_bed(room, "2"), paying, institution_staff, admitted_on=date(2026, 10, 1))
    services.discharge(stay, on=date(2026, 11, 10), died=False, actor=institution_staff)
    pks = [supported.pk, paying.pk]

    # then only the supported elder counts, and only in November
    assert elders_in_concentrated_support(date(2026, 10, 1), pks) == set()
    assert elders_in_concentrated_support(date(2026, 11, 1), pks) == {supported.pk}
    assert elders_in_concentrated_support(date(2026, 12, 1), pks) == set()


def test_the_payment_runs_ask_the_institutions():
    assert elders_in_concentrated_support in concentrated_support_sources
