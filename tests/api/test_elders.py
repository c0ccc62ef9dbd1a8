"""Elder API: list and filters, detail, create and update with the shared validation, reveal."""

from datetime import date

import time_machine
from django.utils import translation

from tests.conftest import COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, STREET_A
from tests.factories import make_elder, make_id_number
from yiyang.core.models import AccessRecord, ChangeRecord
from yiyang.registry.choices import Category
from yiyang.registry.models import Contact, Elder, ElderCategory, TimelineEntry

NOW = "2026-11-23 10:00:00+08:00"


@time_machine.travel(NOW, tick=False)
def test_list_shows_masked_elders_of_own_street_only(street_worker, api_as):
    # given
    own = make_elder(residence_region_id=COMMUNITY_A1, name="张秀兰", phone_primary="13912340001")
    make_elder(residence_region_id=COMMUNITY_B1, name="张桂芳", phone_primary="13912340002")

    # when
    response = api_as(street_worker).get("/elders/", {"q": "张"})

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["items"] == [
        {
            "pk": own.pk,
            "name": "张秀兰",
            "gender": "female",
            "birth_date": "1945-03-08",
            "age": 81,
            "id_number_masked": own.id_number[:6] + "********" + own.id_number[-4:],
            "phone_masked": "139****0001",
            "residence_region_code": COMMUNITY_A1,
            "residence_region_name": "富平社区",
            "living_arrangement": "other",
            "status": "active",
        }
    ]


@time_machine.travel(NOW, tick=False)
def test_list_filters_combine(street_worker, api_as):
    # given
    old = make_elder(residence_region_id=COMMUNITY_A1, name="李大", birth=date(1940, 1, 1))
    make_elder(residence_region_id=COMMUNITY_A1, name="李二", birth=date(1960, 1, 1), male=True)
    alone = make_elder(
        residence_region_id=COMMUNITY_A2,
        name="李三",
        birth=date(1950, 6, 1),
        living_arrangement="alone",
    )
    ElderCategory.objects.create(
        elder=alone, category="dibao", valid_from=date(2025, 1, 1), source="民发〔2025〕1号"
    )
    client = api_as(street_worker)

    def pks(**params):
        response = client.get("/elders/", params)
        assert response.status_code == 200, response.content
        return sorted(item["pk"] for item in response.json()["items"])

    # then
    assert pks(category="advanced_age") == [old.pk]
    assert pks(category="dibao") == [alone.pk]
    assert pks(region=COMMUNITY_A2) == [alone.pk]
    assert pks(age_min=70, age_max=79) == [alone.pk]
    assert pks(gender="female", living_arrangement="alone") == [alone.pk]
    assert pks(region=STREET_A, status="deceased") == []


def test_list_refuses_unknown_category_and_bad_region(street_worker, api_as):
    client = api_as(street_worker)

    category = client.get("/elders/", {"category": "rich"})
    region = client.get("/elders/", {"region": "64"})

    assert category.status_code == 422
    assert category.json()["code"] == "choice_invalid"
    assert category.json()["field"] == "category"
    assert region.status_code == 422
    assert region.json()["code"] == "region_unknown"


def test_list_is_paginated_with_limit_and_offset(street_worker, api_as):
    for number in range(3):
        make_elder(residence_region_id=COMMUNITY_A1, name=f"王{number}")

    body = api_as(street_worker).get("/elders/", {"limit": 2, "offset": 2}).json()

    assert body["count"] == 3
    assert [item["name"] for item in body["items"]] == ["王2"]


def _list_queries(django_assert_num_queries, client, rows: int) -> None:
    with django_assert_num_queries(4):  # session, user, count, page
        response = client.get("/elders/", {"region": STREET_A})
    assert response.json()["count"] == rows


def test_list_query_count_does_not_grow_with_rows(street_worker, api_as, django_assert_num_queries):
    client = api_as(street_worker)
    make_elder(residence_region_id=COMMUNITY_A1, name="赵一")
    _list_queries(django_assert_num_queries, client, 1)
    for number in range(24):
        make_elder(residence_region_id=COMMUNITY_A2, name=f"赵{number}")
    _list_queries(django_assert_num_queries, client, 25)


def test_detail_query_count_does_not_grow_with_categories_and_contacts(
    street_worker, api_as, django_assert_num_queries
):
    client = api_as(street_worker)
    elder = make_elder(residence_region_id=COMMUNITY_A1)
    # session, user, elder with region, categories, contacts
    with django_assert_num_queries(5):
        assert client.get(f"/elders/{elder.pk}").status_code == 200
    for number in range(5):
        ElderCategory.objects.create(
            elder=elder, category="living_alone", valid_from=date(2020, 1, number + 1), source="x"
        )
        Contact.objects.create(
            elder=elder, kind="guardian", name=f"子{number}", relation="child", phone="13800000000"
        )
    with django_assert_num_queries(5):
        assert len(client.get(f"/elders/{elder.pk}").json()["contacts"]) == 5


@time_machine.travel(NOW, tick=False)
def test_detail_holds_categories_with_periods_and_masked_contacts(street_worker, api_as):
    # given
    elder = make_elder(
        residence_region_id=COMMUNITY_A1, birth=date(1940, 2, 2), phone_secondary="0953-2345678"
    )
    ElderCategory.objects.create(
        elder=elder,
        category="dibao",
        valid_from=date(2024, 1, 1),
        valid_to=date(2025, 12, 31),
        source="民政局",
        document_number="吴民〔2024〕3号",
    )
    Contact.objects.create(
        elder=elder, kind="guardian", name="李明", relation="child", phone="13698765432"
    )

    # when
    body = (
        api_as(street_worker)
        .get(f"/elders/{elder.pk}", None, **{"Accept-Language": "zh-hans"})
        .json()
    )
    with translation.override("zh-hans"):
        label = str(Category.DIBAO.label)

    # then
    assert body["categories"] == [
        {
            "category": "dibao",
            "label": label,
            "valid_from": "2024-01-01",
            "valid_to": "2025-12-31",
            "source": "民政局",
            "document_number": "吴民〔2024〕3号",
        }
    ]
    assert body["derived_categories"] == ["advanced_age"]
    assert body["contacts"] == [
        {
            "kind": "guardian",
            "name": "李明",
            "relation": "child",
            "phone_masked": "136****5432",
            "priority": 1,
        }
    ]
    assert body["phone_secondary_masked"] == "0953-***5678"
    assert elder.id_number not in str(body)


def test_detail_of_other_street_elder_is_not_found(street_worker, api_as):
    elder = make_elder(residence_region_id=COMMUNITY_B1)

    response = api_as(street_worker).get(f"/elders/{elder.pk}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def _new_elder(**overrides):
    return {
        "name": "马 玉 兰",
        "id_number": make_id_number(date(1948, 7, 1), male=False, sequence=88).lower(),
        "residence_region": "明珠社区",
        "phone_primary": "139 5300 1234",
        "ethnicity": "回族",
        "living_arrangement": "独居",
    } | overrides


@time_machine.travel(NOW, tick=False)
def test_create_registers_elder_through_the_shared_validation(street_worker, api_as):
    response = api_as(street_worker).post("/elders/", _new_elder(source="社区摸底"))

    assert response.status_code == 201, response.content
    elder = Elder.objects.get()
    assert response.json()["pk"] == elder.pk
    assert (elder.name, elder.residence_region_id, elder.phone_primary, elder.ethnicity) == (
        "马玉兰",
        COMMUNITY_A2,
        "13953001234",
        "03",
    )
    assert ChangeRecord.objects.get(action="create", object_pk=str(elder.pk)).reason == "社区摸底"


def test_create_names_first_problem_and_lists_all(street_worker, api_as):
    response = api_as(street_worker).post(
        "/elders/", _new_elder(name="", id_number="110105194912310021", phone_primary="12345")
    )

    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["field"]) == ("required", "name")
    assert [(e["field"], e["code"]) for e in body["errors"]] == [
        ("name", "required"),
        ("id_number", "elder_id_number_invalid"),
        ("phone_primary", "phone_invalid"),
    ]
    assert Elder.objects.count() == 0
    assert ChangeRecord.objects.count() == 0


def test_create_in_other_street_is_refused(street_worker, api_as):
    response = api_as(street_worker).post("/elders/", _new_elder(residence_region=COMMUNITY_B1))

    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == (
        "region_out_of_scope",
        "residence_region",
    )
    assert Elder.objects.count() == 0


def test_create_without_capability_is_forbidden(caregiver, api_as):
    response = api_as(caregiver).post("/elders/", _new_elder())

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert Elder.objects.count() == 0


def test_create_twice_is_refused_by_identity_number(street_worker, api_as):
    client = api_as(street_worker)
    assert client.post("/elders/", _new_elder()).status_code == 201

    response = client.post("/elders/", _new_elder(name="别人"))

    assert response.status_code == 422
    assert response.json()["code"] == "elder_id_number_taken"
    assert Elder.objects.count() == 1


def test_patch_changes_only_given_fields(street_worker, api_as):
    elder = make_elder(residence_region_id=COMMUNITY_A1, address="老街1号")

    response = api_as(street_worker).patch(
        f"/elders/{elder.pk}", {"address": "新街2号", "reason": "走访更正"}
    )

    assert response.status_code == 200, response.content
    elder.refresh_from_db()
    assert (elder.address, elder.residence_region_id) == ("新街2号", COMMUNITY_A1)
    record = ChangeRecord.objects.get(action="update")
    assert record.changes == {"address": ["老街1号", "新街2号"]}
    assert record.reason == "走访更正"


def test_patch_with_no_change_writes_nothing(street_worker, api_as):
    elder = make_elder(residence_region_id=COMMUNITY_A1, address="老街1号")

    response = api_as(street_worker).patch(f"/elders/{elder.pk}", {"address": "老街1号"})

    assert response.status_code == 200
    assert ChangeRecord.objects.count() == 0
    assert TimelineEntry.objects.count() == 0


def test_patch_bad_phone_is_refused_and_nothing_changes(street_worker, api_as):
    elder = make_elder(residence_region_id=COMMUNITY_A1, phone_primary="13912345678")

    response = api_as(street_worker).patch(f"/elders/{elder.pk}", {"phone_primary": "123"})

    assert response.status_code == 422
    assert response.json()["field"] == "phone_primary"
    elder.refresh_from_db()
    assert elder.phone_primary == "13912345678"
    assert ChangeRecord.objects.count() == 0


def test_patch_other_street_elder_is_not_found(street_worker, api_as):
    elder = make_elder(residence_region_id=COMMUNITY_B1, address="老街1号")

    response = api_as(street_worker).patch(f"/elders/{elder.pk}", {"address": "改"})

    assert response.status_code == 404
    elder.refresh_from_db()
    assert elder.address == "老街1号"
    assert ChangeRecord.objects.count() == 0


def test_reveal_returns_numbers_and_logs_access(street_worker, api_as):
    elder = make_elder(residence_region_id=COMMUNITY_A1, phone_primary="13912345678")

    response = api_as(street_worker).post(
        f"/elders/{elder.pk}/reveal",
        {"fields": ["phone_primary", "id_number"], "purpose": "核实身份"},
    )

    assert response.status_code == 200
    assert response.json() == {
        "pk": elder.pk,
        "values": {"id_number": elder.id_number, "phone_primary": "13912345678"},
    }
    record = AccessRecord.objects.get()
    assert (record.actor, record.kind, record.object_pk, record.fields, record.purpose) == (
        street_worker,
        "view",
        str(elder.pk),
        ["id_number", "phone_primary"],
        "核实身份",
    )


def test_reveal_needs_a_purpose(street_worker, api_as):
    elder = make_elder(residence_region_id=COMMUNITY_A1)

    response = api_as(street_worker).post(
        f"/elders/{elder.pk}/reveal", {"fields": ["id_number"], "purpose": "  "}
    )

    assert response.status_code == 422
    assert response.json()["field"] == "purpose"
    assert AccessRecord.objects.count() == 0


def test_reveal_other_street_elder_is_not_found(street_worker, api_as):
    elder = make_elder(residence_region_id=COMMUNITY_B1)

    response = api_as(street_worker).post(
        f"/elders/{elder.pk}/reveal", {"fields": ["id_number"], "purpose": "看看"}
    )

    assert response.status_code == 404
    assert elder.id_number not in response.content.decode()
    assert AccessRecord.objects.count() == 0


def test_reveal_refused_without_capability(regions, api_as):
    from yiyang.core.models import User

    # A city statistician who may view the registry but not unmask it.
    viewer = User.objects.create(username="viewer", role="caregiver", region_id=STREET_A)
    elder = make_elder(residence_region_id=COMMUNITY_A1)

    response = api_as(viewer).post(
        f"/elders/{elder.pk}/reveal", {"fields": ["id_number"], "purpose": "看看"}
    )

    assert response.status_code == 404
    assert AccessRecord.objects.count() == 0
