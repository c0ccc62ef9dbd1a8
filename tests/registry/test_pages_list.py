"""The elder list: search first, search by every key, filters, masking, pagination, query counts."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, STREET_A
from tests.factories import make_elder
from tests.registry.pages_helpers import client_for, elder_with
from yiyang.registry.models import ElderCategory, RecentView
from yiyang.registry.models.elder import years_before

LIST = reverse("registry:elder_list")


def _names(response) -> list[str]:
    return [elder.name for elder in response.context["page"].object_list]


def test_list_shows_no_rows_before_a_search(street_worker):
    # given
    elder_with(COMMUNITY_A1, name="王桂英")
    # when
    response = client_for(street_worker).get(LIST)
    # then
    assert response.status_code == 200
    assert "page" not in response.context
    assert "王桂英" not in response.content.decode()


def test_list_without_search_shows_recently_viewed(street_worker):
    elder = elder_with(COMMUNITY_A1, name="王桂英")
    RecentView.objects.create(user=street_worker, elder=elder)

    response = client_for(street_worker).get(LIST)

    assert [item.elder.name for item in response.context["recent"]] == ["王桂英"]
    assert reverse("registry:elder_detail", args=[elder.pk]) in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("王桂英", ["王桂英"], id="full_name_case"),
        pytest.param("桂", ["王桂英"], id="part_of_name_case"),
        pytest.param("wgy", ["王桂英"], id="pinyin_initials_case"),
        pytest.param("13912345678", ["王桂英"], id="phone_case"),
        pytest.param("5678", ["王桂英"], id="phone_end_case"),
    ],
)
def test_search_finds_by_each_key(street_worker, query, expected):
    elder_with(COMMUNITY_A1, name="王桂英")
    make_elder(residence_region_id=COMMUNITY_A2, name="李德明", male=True)

    response = client_for(street_worker).get(LIST, {"q": query})

    assert _names(response) == expected


def test_search_by_identity_number_and_its_last_four(street_worker):
    elder = elder_with(COMMUNITY_A1, name="王桂英")
    make_elder(residence_region_id=COMMUNITY_A2, name="李德明", male=True)
    client = client_for(street_worker)

    assert _names(client.get(LIST, {"q": elder.id_number})) == ["王桂英"]
    assert _names(client.get(LIST, {"q": elder.id_number[-4:]})) == ["王桂英"]


def test_search_never_finds_an_elder_of_another_street(street_worker):
    elder_with(COMMUNITY_B1, name="王桂英")

    response = client_for(street_worker).get(LIST, {"q": "王桂英"})

    assert _names(response) == []
    assert response.context["page"].paginator.count == 0


def test_region_picker_offers_only_visible_regions(street_worker):
    response = client_for(street_worker).get(LIST)

    codes = [code for code, _label in response.context["form"].fields["region"].choices]
    assert codes == ["", STREET_A, COMMUNITY_A1, COMMUNITY_A2]
    assert "新华社区" not in response.content.decode()


def test_filters_by_region_category_age_band_and_gender(street_worker):
    today = timezone.localdate()
    old = make_elder(
        residence_region_id=COMMUNITY_A1,
        name="赵大爷",
        birth=years_before(today, 85),
        male=True,
    )
    make_elder(residence_region_id=COMMUNITY_A2, name="钱奶奶", birth=years_before(today, 72))
    ElderCategory.objects.create(
        elder=old, category="living_alone", valid_from=date(2020, 1, 1), source="走访"
    )
    client = client_for(street_worker)

    assert _names(client.get(LIST, {"region": COMMUNITY_A2})) == ["钱奶奶"]
    assert _names(client.get(LIST, {"category": "living_alone"})) == ["赵大爷"]
    assert _names(client.get(LIST, {"category": "advanced_age"})) == ["赵大爷"]
    assert _names(client.get(LIST, {"age_band": "70-79"})) == ["钱奶奶"]
    assert _names(client.get(LIST, {"gender": "male"})) == ["赵大爷"]


def test_list_masks_identity_and_phone_numbers(city_admin):
    elder = elder_with(COMMUNITY_A1, name="王桂英")

    html = client_for(city_admin).get(LIST, {"q": "王桂英"}).content.decode()

    assert elder.id_number_masked in html
    assert "139****5678" in html
    assert elder.id_number not in html
    assert "13912345678" not in html


def test_list_paginates_by_25_with_the_total(street_worker):
    for index in range(27):
        make_elder(residence_region_id=COMMUNITY_A1, name=f"张{index:02d}")
    client = client_for(street_worker)

    first = client.get(LIST, {"q": "张"})
    second = client.get(LIST, {"q": "张", "page": 2})

    assert len(first.context["page"].object_list) == 25
    assert first.context["page"].paginator.count == 27
    assert len(second.context["page"].object_list) == 2
    assert "page=2" in first.content.decode()


def test_list_query_count_does_not_grow_with_rows(street_worker, django_assert_max_num_queries):
    # given one elder with a category, then 25
    def fill(count):
        for index in range(count):
            elder = make_elder(residence_region_id=COMMUNITY_A1, name=f"周{index:02d}")
            ElderCategory.objects.create(
                elder=elder, category="empty_nest", valid_from=date(2020, 1, 1), source="走访"
            )

    client = client_for(street_worker)
    fill(1)
    client.get(LIST, {"q": "周"})  # warm the session and content-type caches

    with CaptureQueriesContext(connection) as one:
        response = client.get(LIST, {"q": "周"})
    assert len(response.context["page"].object_list) == 1
    fill(24)
    # when / then: 25 rows cost no more queries than one
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(LIST, {"q": "周"})
    assert len(response.context["page"].object_list) == 25


def test_user_without_registry_role_is_refused(caregiver):
    response = client_for(caregiver).get(LIST, {"q": "王"})

    assert response.status_code == 403
