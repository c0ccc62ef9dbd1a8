"""Registry writes: registration, the audit trail, maker-checker on money-moving categories."""

from datetime import date

import pytest

from tests.conftest import COMMUNITY_A1, COMMUNITY_B1
from tests.factories import make_elder, make_id_number
from yiyang.core.errors import PermissionDeniedError
from yiyang.core.models import ChangeRecord
from yiyang.registry.choices import CategoryChangeStatus
from yiyang.registry.errors import RegistryError
from yiyang.registry.models import Elder, ElderCategory, TimelineEntry
from yiyang.registry.services import (
    decide_category_change,
    propose_category_change,
    register_elder,
)
from yiyang.registry.validation import RegionResolver, check_elder_fields

TODAY = date(2026, 11, 23)


def _data(**overrides):
    raw = {
        "name": "王 桂 英",
        "id_number": make_id_number(date(1940, 5, 1), male=False, sequence=122).lower(),
        "residence_region": COMMUNITY_A1,
        "phone_primary": "138 1234 5678",
        "ethnicity": "回族",
        "living_arrangement": "独居",
    } | overrides
    data, problems = check_elder_fields(raw, regions=RegionResolver.load(), today=TODAY)
    assert problems == []
    return data


def test_register_elder_derives_fields_and_writes_masked_audit(street_worker):
    elder = register_elder(_data(), actor=street_worker, source="form")

    assert (elder.name, elder.name_initials, elder.gender) == ("王桂英", "wgy", "female")
    assert elder.birth_date == date(1940, 5, 1)
    assert elder.phone_primary == "13812345678"
    assert elder.ethnicity == "03"
    record = ChangeRecord.objects.get(object_pk=str(elder.pk), action="create")
    assert record.actor == street_worker
    assert (
        record.changes["id_number"][1]["masked"]
        == elder.id_number[:6] + "********" + elder.id_number[-4:]
    )
    assert elder.id_number not in str(record.changes)
    assert TimelineEntry.objects.filter(elder=elder, kind="registry.registered").count() == 1


def test_rejects_elder_from_other_street(other_street_worker):
    with pytest.raises(PermissionDeniedError):
        register_elder(_data(), actor=other_street_worker, source="form")
    assert Elder.objects.count() == 0
    assert ChangeRecord.objects.count() == 0


def test_one_identity_number_one_elder(street_worker):
    data = _data()
    register_elder(data, actor=street_worker)
    with pytest.raises(RegistryError) as error:
        register_elder(data, actor=street_worker)
    assert error.value.code == "elder_id_number_taken"
    assert Elder.objects.count() == 1


def test_every_problem_of_a_row_is_named(regions):
    data, problems = check_elder_fields(
        {
            "name": "",
            "id_number": "110105194912310021",
            "residence_region": "富平社区",
            "phone_primary": "12345",
        },
        regions=RegionResolver.load(),
        today=TODAY,
    )
    assert data is None
    assert [(p.field, p.code) for p in problems] == [
        ("name", "required"),
        ("id_number", "elder_id_number_invalid"),
        ("phone_primary", "phone_invalid"),
        ("residence_region", "region_ambiguous"),
    ]


def test_ambiguous_community_is_resolved_by_street(regions):
    data, problems = check_elder_fields(
        {
            "name": "李明",
            "id_number": make_id_number(date(1950, 1, 1), male=True),
            "residence_region": "富平社区",
            "street": "胜利街道",
        },
        regions=RegionResolver.load(),
        today=TODAY,
    )
    assert problems == []
    assert data.residence_region_id == COMMUNITY_A1


def test_money_category_needs_a_second_person(street_worker, second_street_worker):
    elder = make_elder(residence_region_id=COMMUNITY_A1)
    change = propose_category_change(
        elder,
        kind="grant",
        category="dibao",
        effective_date=date(2026, 11, 1),
        source="民政局低保审批 2026-11",
        actor=street_worker,
    )
    with pytest.raises(RegistryError) as error:
        decide_category_change(change, approve=True, actor=street_worker)
    assert error.value.code == "category_same_person"
    assert ElderCategory.objects.count() == 0

    change = decide_category_change(change, approve=True, actor=second_street_worker)

    assert change.status == CategoryChangeStatus.APPROVED
    held = ElderCategory.objects.get(elder=elder)
    assert (held.category, held.created_by, held.approved_by) == (
        "dibao",
        street_worker,
        second_street_worker,
    )
    assert Elder.objects.holding("dibao", on=date(2026, 11, 15)).get() == elder
    assert Elder.objects.holding("dibao", on=date(2026, 10, 31)).count() == 0


def test_other_street_cannot_decide(street_worker, other_street_worker):
    elder = make_elder(residence_region_id=COMMUNITY_A1)
    change = propose_category_change(
        elder,
        kind="grant",
        category="dibao",
        effective_date=date(2026, 11, 1),
        source="doc",
        actor=street_worker,
    )
    with pytest.raises(PermissionDeniedError):
        decide_category_change(change, approve=True, actor=other_street_worker)
    change.refresh_from_db()
    assert change.status == CategoryChangeStatus.PENDING


def test_visible_to_limits_to_the_users_street(
    street_worker, other_street_worker, city_admin, caregiver
):
    mine = make_elder(residence_region_id=COMMUNITY_A1)
    theirs = make_elder(residence_region_id=COMMUNITY_B1)
    assert list(Elder.objects.visible_to(street_worker)) == [mine]
    assert list(Elder.objects.visible_to(other_street_worker)) == [theirs]
    assert Elder.objects.visible_to(city_admin).count() == 2
    assert Elder.objects.visible_to(caregiver).count() == 0
