"""Audit: every registry write leaves a ChangeRecord; unmasked views and exports an AccessRecord."""

from datetime import date

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from tests.conftest import COMMUNITY_A1, COMMUNITY_A2
from tests.factories import make_elder, make_id_number
from yiyang.core.audit import keyed_hash
from yiyang.core.models import AccessRecord, ChangeRecord
from yiyang.registry import services
from yiyang.registry.models import Elder
from yiyang.registry.validation import RegionResolver, check_elder_fields

NOW = "2026-11-23 10:00:00+08:00"
TODAY = date(2026, 11, 23)


def _data(**overrides):
    raw = {
        "name": "马玉兰",
        "id_number": make_id_number(date(1948, 7, 1), male=False, sequence=88),
        "residence_region": COMMUNITY_A1,
        "phone_primary": "13953001234",
    } | overrides
    data, problems = check_elder_fields(raw, regions=RegionResolver.load(), today=TODAY)
    assert problems == []
    return data


def _only_record(action: str) -> ChangeRecord:
    return ChangeRecord.objects.get(action=action)


@time_machine.travel(NOW, tick=False)
def test_update_records_actor_time_object_and_masked_before_after(street_worker):
    # given
    elder = services.register_elder(_data(), actor=street_worker)
    new_number = make_id_number(date(1948, 7, 1), male=False, sequence=90)

    # when
    services.update_elder(
        elder,
        _data(id_number=new_number, phone_primary="13800001111", address="新址"),
        actor=street_worker,
        reason="户籍更正",
    )

    # then
    record = _only_record("update")
    assert (record.actor, record.created_at, record.reason) == (
        street_worker,
        timezone.now(),
        "户籍更正",
    )
    assert (record.content_type, record.object_pk, record.region_code) == (
        ContentType.objects.get_for_model(Elder),
        str(elder.pk),
        COMMUNITY_A1,
    )
    assert sorted(record.changes) == ["address", "id_number", "phone_primary"]
    assert record.changes["address"] == ["", "新址"]
    old_number = elder.id_number
    assert record.changes["id_number"] == [
        {"masked": old_number[:6] + "********" + old_number[-4:], "hash": keyed_hash(old_number)},
        {"masked": new_number[:6] + "********" + new_number[-4:], "hash": keyed_hash(new_number)},
    ]
    assert record.changes["phone_primary"] == [
        {"masked": "139****1234", "hash": keyed_hash("13953001234")},
        {"masked": "138****1111", "hash": keyed_hash("13800001111")},
    ]
    stored = str(ChangeRecord.objects.values_list("changes", flat=True)[::1])
    for plain in (old_number, new_number, "13953001234", "13800001111"):
        assert plain not in stored


def test_update_that_changes_nothing_writes_nothing(street_worker):
    elder = services.register_elder(_data(), actor=street_worker)
    count = ChangeRecord.objects.count()

    services.update_elder(elder, _data(), actor=street_worker)

    assert ChangeRecord.objects.count() == count


def test_contacts_are_recorded_without_plain_phones(street_worker):
    elder = make_elder(residence_region_id=COMMUNITY_A1)

    services.set_contacts(
        elder,
        [{"kind": "guardian", "name": "李明", "relation": "child", "phone": "13698765432"}],
        actor=street_worker,
    )
    services.set_contacts(
        elder,
        [{"kind": "guardian", "name": "李明", "relation": "child", "phone": "13698765432"}],
        actor=street_worker,
    )

    record = _only_record("set_contacts")
    assert record.changes == {"contacts": [[], [f"guardian:李明:{keyed_hash('13698765432')}"]]}
    assert record.actor == street_worker


@pytest.mark.parametrize(
    ("action_case", "write"),
    [
        (
            "record_death",
            lambda elder, actor: services.record_death(
                elder, date_of_death=date(2026, 1, 2), source="死亡证明", actor=actor
            ),
        ),
        (
            "record_move_out",
            lambda elder, actor: services.record_move_out(
                elder, moved_out_on=date(2026, 1, 2), source="迁出证明", actor=actor
            ),
        ),
        (
            "grant_category",
            lambda elder, actor: services.grant_category(
                elder,
                category="living_alone",
                valid_from=date(2026, 1, 2),
                source="走访",
                actor=actor,
            ),
        ),
        (
            "propose_category_change",
            lambda elder, actor: services.propose_category_change(
                elder,
                kind="grant",
                category="dibao",
                effective_date=date(2026, 1, 2),
                source="审批表",
                actor=actor,
            ),
        ),
    ],
)
def test_every_registry_write_is_recorded(street_worker, action_case, write):
    elder = make_elder(residence_region_id=COMMUNITY_A1)

    write(elder, street_worker)

    record = _only_record(action_case)
    assert record.actor == street_worker
    assert record.region_code == COMMUNITY_A1
    assert record.changes != {}


def test_decision_and_end_are_recorded_with_the_second_person(street_worker, second_street_worker):
    elder = make_elder(residence_region_id=COMMUNITY_A1)
    change = services.propose_category_change(
        elder,
        kind="grant",
        category="dibao",
        effective_date=date(2026, 1, 2),
        source="审批表",
        actor=street_worker,
    )

    services.decide_category_change(change, approve=True, actor=second_street_worker)
    held = services.grant_category(
        elder,
        category="empty_nest",
        valid_from=date(2026, 1, 1),
        source="走访",
        actor=street_worker,
    )
    services.end_category(held, valid_to=date(2026, 6, 1), source="子女返乡", actor=street_worker)

    decision = _only_record("decide_category_change")
    assert decision.actor == second_street_worker
    assert decision.changes["status"] == ["pending", "approved"]
    granted = ChangeRecord.objects.filter(action="grant_category").order_by("pk").first()
    assert granted.actor == second_street_worker
    ended = _only_record("end_category")
    assert ended.changes == {"valid_to": [None, "2026-06-01"]}
    assert ended.reason == "子女返乡"


def test_page_reveal_writes_an_access_record(street_worker):
    elder = make_elder(residence_region_id=COMMUNITY_A2, phone_primary="13912345678")
    client = Client()
    client.force_login(street_worker)

    response = client.post(
        f"/registry/elders/{elder.pk}/reveal/", {"field": "phone", "purpose": "电话回访"}
    )

    assert response.status_code == 200
    assert "13912345678" in response.content.decode()
    record = AccessRecord.objects.get()
    assert (record.actor, record.kind, record.object_pk, record.fields, record.purpose) == (
        street_worker,
        "view",
        str(elder.pk),
        ["phone_primary"],
        "电话回访",
    )


def test_unmasked_export_writes_an_access_record_and_masked_does_not(street_worker):
    make_elder(residence_region_id=COMMUNITY_A1, name="欧阳一")
    make_elder(residence_region_id=COMMUNITY_A2, name="欧阳二")
    client = Client()
    client.force_login(street_worker)

    masked = client.post("/registry/elders/export/", {"q": "欧阳"})
    assert masked.status_code == 200
    assert AccessRecord.objects.count() == 0

    full = client.post(
        "/registry/elders/export/",
        {"q": "欧阳", "include_full_numbers": "on", "purpose": "发放补贴核对"},
    )

    assert full.status_code == 200
    record = AccessRecord.objects.get()
    assert (record.actor, record.kind, record.row_count, record.purpose) == (
        street_worker,
        "export",
        2,
        "发放补贴核对",
    )
