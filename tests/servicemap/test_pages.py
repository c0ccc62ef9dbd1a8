"""The service map and the circle pages: what each user sees, counted and hidden as it must be.
The interface speaks Chinese first, so layer names are matched in Chinese."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from tests.conftest import (
    CITY,
    COMMUNITY_A1,
    COMMUNITY_A2,
    COMMUNITY_B1,
    DISTRICT,
    OTHER_COMMUNITY,
    STREET_A,
)
from yiyang.core.roles import CAPABILITIES, Role
from yiyang.institutions.models import Facility

pytestmark = pytest.mark.django_db


def _layers(response, script_id: str) -> dict[str, list[dict]]:
    match = re.search(
        rf'<script id="{script_id}" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert match, "the page embeds its layers"
    return {layer["name"]: layer["points"] for layer in json.loads(match.group(1))}


def _row(response, code: str) -> list[str]:
    html = response.content.decode()
    match = re.search(rf'<tr data-region="{code}">(.*?)</tr>', html, re.S)
    assert match, f"a row for {code}"
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", match.group(1), re.S)
    ]


def test_map_shows_elders_as_one_point_per_community(client, street_worker, elders, meal_point):
    client.force_login(street_worker)

    response = client.get("/servicemap/")

    assert response.status_code == 200
    layers = _layers(response, "service-map-layers")
    communities = {point["label"]: point["size"] for point in layers["各社区老年人"]}
    assert communities == {"富平社区": 3, "明珠社区": 1}  # the street's only, one point each
    assert [point["label"] for point in layers["社区养老服务设施"]] == ["富平社区老年助餐点"]
    assert _row(response, COMMUNITY_A1)[:2] == ["富平社区", "3"]
    assert _row(response, COMMUNITY_A2)[:2] == ["明珠社区", "1"]
    assert _row(response, COMMUNITY_A1)[-2] == "1"  # facilities


def test_small_counts_are_hidden_from_a_user_who_may_not_see_the_elders(
    client, community_worker, elders, meal_point, monkeypatch
):
    # given a community clerk whose role may read the map but not the registry
    monkeypatch.setitem(
        CAPABILITIES,
        Role.COMMUNITY_STAFF,
        CAPABILITIES[Role.COMMUNITY_STAFF] - {"registry.view_elder"},
    )
    client.force_login(community_worker)

    response = client.get("/servicemap/")
    circle = client.get("/servicemap/circle/")

    # then the three elders of 富平 show as "<5", drawn at the threshold's size
    point = _layers(response, "service-map-layers")["各社区老年人"][0]
    assert (point["lines"], point["size"]) == (["老年人：<5"], 5)
    assert _row(response, COMMUNITY_A1)[1] == "&lt;5"
    # and the circle's row hides its cells (1 covered, 1 not, 1 unknown) and total
    assert _row(circle, COMMUNITY_A1)[1:5] == ["&lt;5", "&lt;5", "&lt;5", "&lt;5"]


def test_circle_counts_by_community_with_the_worst_first(client, street_worker, elders, meal_point):
    # a day-care centre 15 km away (青铜峡) counts for the city, but reaches nobody here
    Facility.objects.create(
        name="裕民日间照料中心",
        kind="day_care",
        region_id=OTHER_COMMUNITY,
        address="裕民街道",
        latitude=Decimal("37.9"),
        longitude=Decimal("106.1"),
    )
    client.force_login(street_worker)

    response = client.get("/servicemap/circle/")

    assert response.status_code == 200
    # 富平: 3 elders, 1 covered, 1 not, 1 location unknown (33 %); 明珠: its one elder 15.2 min
    # away, not covered (0 %).
    assert _row(response, COMMUNITY_A1) == ["富平社区", "3", "1", "1", "1", "33%"]
    assert _row(response, COMMUNITY_A2) == ["明珠社区", "1", "0", "1", "0", "0%"]
    worst = re.findall(
        r'href="\?region=(\d+)"',
        response.content.decode().split('id="worst-communities"')[1].split("</ol>")[0],
    )
    assert worst == [COMMUNITY_A2, COMMUNITY_A1]
    layers = _layers(response, "circle-map-layers")
    assert [p["label"] for p in layers["覆盖率低于 50%"]] == ["富平社区", "明珠社区"]
    assert [p["label"] for p in layers["计入的服务设施"]] == ["富平社区老年助餐点"]
    # two uncovered elders 1.8 km apart: one site reaches one of them, the next the other
    sites = layers["建议新设施选址"]
    assert len(sites) == 2
    assert "可新覆盖 1 位老年人" in sites[0]["lines"][0]


def test_circle_counts_facilities_across_the_street_border(client, city_admin, elders, meal_point):
    # 新华 (street B) has no facility of its own; its elder lives beside 富平's meal point.
    client.force_login(city_admin)

    response = client.get(f"/servicemap/circle/?region={COMMUNITY_B1}")

    assert _row(response, COMMUNITY_B1) == ["新华社区", "1", "1", "0", "0", "100%"]


def test_city_drills_down_from_city_to_community(client, city_admin, elders, meal_point):
    client.force_login(city_admin)

    city = client.get("/servicemap/circle/")
    district = client.get(f"/servicemap/circle/?region={DISTRICT}")

    assert re.search(r'id="circle-share">(.*?)<', city.content.decode()).group(1) == "33%"  # 2 of 6
    assert _row(district, STREET_A)[1:] == ["4", "1", "2", "1", "25%"]
    assert CITY in city.content.decode()


def test_other_street_and_unknown_region_are_not_found(
    client, street_worker, other_street_worker, elders
):
    client.force_login(other_street_worker)

    assert client.get(f"/servicemap/?region={STREET_A}").status_code == 404
    assert client.get(f"/servicemap/circle/?region={COMMUNITY_A1}").status_code == 404
    assert client.get("/servicemap/?region=999999999999").status_code == 404


def test_roles_without_the_map_are_refused(client, caregiver):
    client.force_login(caregiver)

    assert client.get("/servicemap/").status_code == 403
    assert client.get("/servicemap/circle/").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/servicemap/")

    assert response.status_code == 302
    assert "/login/" in response["Location"]
