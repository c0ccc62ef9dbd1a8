"""Figures by region on worked examples (issue 6)."""

from datetime import date
from decimal import Decimal

import pytest

from tests.conftest import COMMUNITY_A1, COMMUNITY_B1, DISTRICT, STREET_A, STREET_B
from tests.factories import make_elder
from yiyang.institutions import figures
from yiyang.institutions.models import Bed, Institution, Residency, Room
from yiyang.registry.models import Elder, ElderCategory

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


def test_grouped_bed_figures_count_every_street_in_one_query(world, django_assert_num_queries):
    # street A: 3 nursing of 4 beds, 2 occupied of 3 in service, 4 beds for 5 elders;
    # street B: 0 nursing of 2, 1 occupied of 2, 2 beds for 3 elders (the moved-out elder of A
    # is not counted)
    on = date(2026, 11, 1)
    with django_assert_num_queries(1):
        nursing = figures.nursing_beds(within="640302", prefix_length=9, on=on)
    assert nursing == {STREET_A[:9]: (3, 4), STREET_B[:9]: (0, 2)}
    assert figures.occupied_beds(within="640302", prefix_length=9, on=on) == {
        STREET_A[:9]: (2, 3),
        STREET_B[:9]: (1, 2),
    }
    assert figures.beds_and_elders(within="", prefix_length=6, on=on) == {DISTRICT[:6]: (6, 8)}


def test_grouped_support_and_institution_care(world):
    room_a, _room_b, elders_a, _elders_b = world
    # given three 特困 elders in street A: a0 失能 (level 2) in a bed with concentrated support,
    # a1 able-bodied in a bed paid by family, a2 失能 at home
    for elder in elders_a[:3]:
        ElderCategory.objects.create(
            elder=elder, category="extreme_poverty", valid_from=date(2020, 1, 1), source="认定"
        )
    Elder.objects.filter(pk__in=[elders_a[0].pk, elders_a[2].pk]).update(
        ability_level=2, ability_level_valid_until=date(2027, 1, 1)
    )
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
    on = date(2026, 11, 1)
    street_a = STREET_A[:9]

    # then 1 of 3 特困 elders is supported, 1 of the 2 失能 ones
    assert figures.concentrated_support(within="", prefix_length=9, on=on) == {street_a: (1, 3)}
    assert figures.concentrated_support_unable(within="", prefix_length=9, on=on) == {
        street_a: (1, 2)
    }
    # and 2 of street A's 5 elders live in an institution (9073 之 3), none before they moved in
    assert figures.elders_in_institutions(within="640302", prefix_length=9, on=on) == {
        street_a: (2, 5),
        STREET_B[:9]: (0, 3),
    }
    before = figures.elders_in_institutions(within="", prefix_length=9, on=date(2026, 1, 4))
    assert before[street_a] == (0, 5)
