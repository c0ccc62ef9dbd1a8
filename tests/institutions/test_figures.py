"""Figures by region on worked examples (issue 6)."""

from datetime import date
from decimal import Decimal

import pytest

from tests.conftest import COMMUNITY_A1, COMMUNITY_B1, DISTRICT, STREET_A, STREET_B
from tests.factories import make_elder
from yiyang.institutions import figures
from yiyang.institutions.models import Bed, Institution, Residency, Room
from yiyang.registry.models import ElderCategory

pytestmark = pytest.mark.django_db


def _home(filing, beds: list[tuple[str, str]]) -> Room:
    Institution.objects.filter(pk=filing.institution_id).update(status="operating")
    room = Room.objects.create(institution=filing.institution, building="1", floor=1, number="1")
    for number, (kind, state) in enumerate(beds):
        Bed.objects.create(room=room, code=str(number), kind=kind, state=state)
    return room


@pytest.fixture
def world(filing_a, filing_b):
    """Street A: 4 beds (3 nursing; 2 occupied, 1 out of service). Street B: 2 ordinary beds,
    1 occupied. 5 active elders in street A, 3 in street B, 1 moved out of street A."""
    room_a = _home(
        filing_a,
        [
            ("nursing", "occupied"),
            ("nursing", "occupied"),
            ("nursing", "out_of_service"),
            ("ordinary", "free"),
        ],
    )
    room_b = _home(filing_b, [("ordinary", "occupied"), ("ordinary", "free")])
    elders_a = [make_elder(residence_region_id=COMMUNITY_A1, name=f"甲{n}") for n in range(5)]
    elders_b = [make_elder(residence_region_id=COMMUNITY_B1, name=f"乙{n}") for n in range(3)]
    make_elder(residence_region_id=COMMUNITY_A1, name="迁出", status="moved_out")
    return room_a, room_b, elders_a, elders_b


def test_beds_per_thousand_elders(world):
    # A: 4 beds / 5 elders × 1000 = 800.0; B: 2 / 3 × 1000 = 666.67 → 666.7; district 6 / 8 → 750.0
    assert figures.beds_per_thousand_elders(STREET_A) == Decimal("800.0")
    assert figures.beds_per_thousand_elders(STREET_B) == Decimal("666.7")
    assert figures.beds_per_thousand_elders(DISTRICT) == Decimal("750.0")


def test_nursing_share_and_occupancy(world):
    # A: 3 of 4 beds nursing = 75.0 %; occupied 2 of 3 in service = 66.7 %
    assert figures.nursing_bed_share(STREET_A) == Decimal("75.0")
    assert figures.occupancy(STREET_A) == Decimal("66.7")
    # district: 3 of 6 nursing = 50.0 %; occupied 3 of 5 in service = 60.0 %
    assert figures.nursing_bed_share(DISTRICT) == Decimal("50.0")
    assert figures.occupancy(DISTRICT) == Decimal("60.0")


def test_a_region_without_beds_or_elders_has_no_figure(regions):
    assert figures.nursing_bed_share(STREET_A) is None
    assert figures.occupancy(STREET_A) is None
    assert figures.beds_per_thousand_elders(STREET_A) is None


def test_concentrated_support_rate(world):
    room_a, _room_b, elders_a, _elders_b = world
    # given 4 elders of street A holding 特困 on 2026-11-01 (one whose status ended before)
    for elder in elders_a[:3]:
        ElderCategory.objects.create(
            elder=elder, category="extreme_poverty", valid_from=date(2020, 1, 1), source="认定"
        )
    ElderCategory.objects.create(
        elder=elders_a[3],
        category="extreme_poverty",
        valid_from=date(2020, 1, 1),
        valid_to=date(2025, 12, 31),
        source="认定",
    )
    # and one of the three in a bed with concentrated support, one in a bed paid by family
    beds = list(room_a.beds.order_by("code"))
    for elder, bed, supported in ((elders_a[0], beds[0], True), (elders_a[1], beds[1], False)):
        Residency.objects.create(
            institution=room_a.institution,
            elder=elder,
            bed=bed,
            started_on=date(2026, 1, 5),
            contract_number="HT",
            fee_level_fen=0,
            payer="government" if supported else "family",
            concentrated_support=supported,
        )
    # then 1 of 3 = 33.3 %
    assert figures.concentrated_support_rate(STREET_A, date(2026, 11, 1)) == Decimal("33.3")
    assert figures.concentrated_support_rate(STREET_B, date(2026, 11, 1)) is None
