"""Possible duplicates: detection by grouped SQL, dismissal for good, merges that keep history."""

from datetime import date

import pytest

from tests.conftest import COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, OTHER_COMMUNITY
from tests.factories import make_elder
from yiyang.core.errors import PermissionDeniedError
from yiyang.core.models import ChangeRecord
from yiyang.registry.choices import DuplicateStatus, ElderStatus
from yiyang.registry.errors import RegistryError
from yiyang.registry.models import (
    Contact,
    DuplicateCandidate,
    Elder,
    ElderCategory,
    TimelineEntry,
)
from yiyang.registry.services.duplicates import dismiss_duplicate, find_duplicates, merge_elders
from yiyang.registry.signals import elders_merged

BIRTH = date(1945, 3, 8)


def _pair(first=COMMUNITY_A1, second=COMMUNITY_A2, **extra):
    a = make_elder(residence_region_id=first, name="马秀兰", birth=BIRTH, **extra)
    b = make_elder(residence_region_id=second, name="马秀兰", birth=BIRTH)
    find_duplicates()
    return a, b, DuplicateCandidate.objects.get()


def test_finds_same_name_and_birth_date_in_one_district_only(regions):
    a = make_elder(residence_region_id=COMMUNITY_A1, name="马秀兰", birth=BIRTH)
    b = make_elder(residence_region_id=COMMUNITY_B1, name="马秀兰", birth=BIRTH)
    make_elder(residence_region_id=OTHER_COMMUNITY, name="马秀兰", birth=BIRTH)
    make_elder(residence_region_id=COMMUNITY_A2, name="马秀兰", birth=date(1945, 3, 9))

    count = find_duplicates()

    assert count == 1
    candidate = DuplicateCandidate.objects.get()
    assert (candidate.elder_a, candidate.elder_b) == (a, b)
    assert (candidate.reason, candidate.status) == ("name_birth_date_district", "open")
    assert ChangeRecord.objects.filter(action="find_duplicates").count() == 1


def test_finds_same_name_and_phone_across_districts(regions):
    a = make_elder(residence_region_id=COMMUNITY_A1, name="丁福海", phone_primary="13995370001")
    b = make_elder(
        residence_region_id=OTHER_COMMUNITY,
        name="丁福海",
        birth=date(1950, 1, 2),
        phone_primary="13995370001",
    )
    make_elder(residence_region_id=COMMUNITY_A2, name="丁福海", birth=date(1951, 1, 2))

    assert find_duplicates() == 1
    candidate = DuplicateCandidate.objects.get()
    assert (candidate.elder_a_id, candidate.elder_b_id, candidate.reason) == (
        a.pk,
        b.pk,
        "name_phone",
    )


def test_running_again_finds_nothing_new(regions):
    _pair()

    assert find_duplicates() == 0
    assert DuplicateCandidate.objects.count() == 1
    assert ChangeRecord.objects.filter(action="find_duplicates").count() == 1


def test_dismissed_pair_is_never_raised_again(street_worker):
    _a, _b, candidate = _pair()

    dismiss_duplicate(candidate, note="核对身份证，是两个人", actor=street_worker)
    again = find_duplicates()

    assert again == 0
    candidate.refresh_from_db()
    assert (candidate.status, candidate.decided_by, candidate.note) == (
        "dismissed",
        street_worker,
        "核对身份证，是两个人",
    )
    assert DuplicateCandidate.objects.count() == 1


def test_dismissal_needs_a_note(street_worker):
    _a, _b, candidate = _pair()

    with pytest.raises(RegistryError) as error:
        dismiss_duplicate(candidate, note="  ", actor=street_worker)

    assert (error.value.code, error.value.field) == ("required", "note")
    candidate.refresh_from_db()
    assert candidate.status == "open"


def test_a_user_looks_for_duplicates_only_in_their_region(street_worker):
    make_elder(residence_region_id=COMMUNITY_B1, name="马秀兰", birth=BIRTH)
    make_elder(residence_region_id=COMMUNITY_B1, name="马秀兰", birth=BIRTH)

    assert find_duplicates(actor=street_worker) == 0
    assert find_duplicates(actor=None) == 1


def test_merge_keeps_both_records_and_moves_the_history(street_worker):
    received = []
    elders_merged.connect(lambda **kwargs: received.append(kwargs), weak=False, dispatch_uid="t")
    a, b, candidate = _pair(address="胜利街道富平社区 3 号楼 2 单元 501")
    Elder.objects.filter(pk=b.pk).update(address="别处", phone_primary="13995370002")
    ElderCategory.objects.create(elder=a, category="dementia", valid_from=BIRTH, source="诊断")
    ElderCategory.objects.create(elder=b, category="dibao", valid_from=BIRTH, source="低保审批")
    Contact.objects.create(
        elder=a, kind="emergency_contact", name="马伟", relation="child", phone="13900000001"
    )
    Contact.objects.create(
        elder=b, kind="emergency_contact", name="马丽", relation="child", phone="13900000002"
    )
    TimelineEntry.objects.create(elder=b, kind="registry.registered", data={})

    try:
        survivor = merge_elders(
            candidate, survivor=a, actor=street_worker, note="同一人，身份证号录错"
        )
    finally:
        elders_merged.disconnect(dispatch_uid="t")

    b.refresh_from_db()
    assert (b.status, b.merged_into_id) == (ElderStatus.MERGED, a.pk)
    assert survivor.address == "胜利街道富平社区 3 号楼 2 单元 501"
    assert survivor.phone_primary == "13995370002"
    assert sorted(survivor.categories.values_list("category", flat=True)) == ["dementia", "dibao"]
    assert list(survivor.contacts.values_list("name", "priority")) == [("马伟", 1), ("马丽", 2)]
    assert set(survivor.timeline.values_list("kind", flat=True)) == {
        "registry.registered",
        "registry.merged",
    }
    merged_entry = survivor.timeline.get(kind="registry.merged")
    assert merged_entry.data["merged_pk"] == b.pk
    assert merged_entry.data["merged_id_number"] == b.id_number_masked
    assert list(b.timeline.values_list("kind", flat=True)) == ["registry.merged_into"]
    assert ChangeRecord.objects.filter(object_pk=str(a.pk), action="merge").count() == 1
    assert ChangeRecord.objects.filter(object_pk=str(b.pk), action="merged_into").count() == 1
    candidate.refresh_from_db()
    assert (candidate.status, candidate.decided_by) == (DuplicateStatus.MERGED, street_worker)
    assert [(r["survivor"], r["merged"]) for r in received] == [(survivor, b)]


def test_merged_record_takes_no_part_in_later_detection(street_worker):
    a, _b, candidate = _pair()
    merge_elders(candidate, survivor=a, actor=street_worker)
    make_elder(residence_region_id=COMMUNITY_A2, name="马秀兰", birth=BIRTH)

    assert find_duplicates() == 1
    assert DuplicateCandidate.objects.filter(status="open").get().elder_a == a


def test_other_street_cannot_merge_or_dismiss(other_street_worker):
    a, b, candidate = _pair()

    with pytest.raises(PermissionDeniedError):
        merge_elders(candidate, survivor=a, actor=other_street_worker)
    with pytest.raises(PermissionDeniedError):
        dismiss_duplicate(candidate, note="不是同一人", actor=other_street_worker)

    candidate.refresh_from_db()
    b.refresh_from_db()
    assert (candidate.status, b.status) == ("open", "active")
    assert not ChangeRecord.objects.exclude(action="find_duplicates").exists()


def test_a_pair_across_two_streets_needs_both_in_scope(street_worker):
    a, _b, candidate = _pair(second=COMMUNITY_B1)

    with pytest.raises(PermissionDeniedError):
        merge_elders(candidate, survivor=a, actor=street_worker)

    candidate.refresh_from_db()
    assert candidate.status == "open"


def test_community_worker_cannot_merge(community_worker):
    a, _b, candidate = _pair(second=COMMUNITY_A1)

    with pytest.raises(PermissionDeniedError):
        merge_elders(candidate, survivor=a, actor=community_worker)

    assert Elder.objects.filter(status="merged").count() == 0


def test_deciding_twice_is_refused(street_worker, second_street_worker):
    a, b, candidate = _pair()
    dismiss_duplicate(candidate, note="两个人", actor=street_worker)

    with pytest.raises(RegistryError) as error:
        merge_elders(candidate, survivor=b, actor=second_street_worker)

    assert error.value.code == "duplicate_decided"
    candidate.refresh_from_db()
    a.refresh_from_db()
    assert (candidate.status, candidate.decided_by, a.status) == (
        "dismissed",
        street_worker,
        "active",
    )


def test_merging_twice_is_refused(street_worker):
    a, b, candidate = _pair()
    merge_elders(candidate, survivor=a, actor=street_worker)

    with pytest.raises(RegistryError) as error:
        merge_elders(candidate, survivor=b, actor=street_worker)

    assert error.value.code == "duplicate_decided"
    b.refresh_from_db()
    assert b.merged_into_id == a.pk


def test_survivor_must_be_one_of_the_pair(street_worker):
    _a, _b, candidate = _pair()
    stranger = make_elder(residence_region_id=COMMUNITY_A1, name="张桂英", birth=date(1950, 5, 5))

    with pytest.raises(RegistryError) as error:
        merge_elders(candidate, survivor=stranger, actor=street_worker)

    assert error.value.code == "merge_same_record"
    assert Elder.objects.filter(status="merged").count() == 0
