"""The profile shows the elder's ability level while its assessment is valid."""

from datetime import date

import time_machine
from django.urls import reverse
from django.utils import translation

from tests.conftest import COMMUNITY_A1
from tests.factories import make_elder


@time_machine.travel("2026-11-23 10:00 +0800")
def test_profile_shows_a_valid_level_and_says_when_it_lapsed(client, street_worker):
    valid = make_elder(
        residence_region_id=COMMUNITY_A1,
        ability_level=2,
        ability_level_valid_until=date(2027, 3, 1),
    )
    lapsed = make_elder(
        residence_region_id=COMMUNITY_A1,
        ability_level=3,
        ability_level_valid_until=date(2026, 11, 22),
    )
    never = make_elder(residence_region_id=COMMUNITY_A1)
    client.force_login(street_worker)

    with translation.override("zh-hans"):
        pages = {
            elder: client.get(reverse("registry:elder_detail", args=[elder.pk])).content.decode()
            for elder in (valid, lapsed, never)
        }

    assert "能力中度受损（中度失能）" in pages[valid]
    assert "有效期至 2027-03-01" in pages[valid]
    assert "评估已过期" in pages[lapsed]
    assert "重度失能" not in pages[lapsed]
    assert "未评估" in pages[never]
