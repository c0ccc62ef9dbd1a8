"""Rooms, beds and residents (issue 6): admission with a row lock and the one-bed constraints,
transfer, discharge and death; the free-bed count follows."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from tests.conftest import COMMUNITY_A1, _user
from tests.factories import make_elder
from yiyang.core.errors import PermissionDeniedError
from yiyang.core.models import ChangeRecord
from yiyang.core.roles import Role
from yiyang.institutions import services
from yiyang.institutions.errors import InstitutionError
from yiyang.institutions.models import Bed, InstitutionMembership, Residency
from yiyang.registry.models import ElderCategory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to("2026-12-03 10:00:00+08:00", tick=False)


def _bed(room, code: str) -> Bed:
    return room.beds.get(code=code)


def _elder(name: str = "王桂英", **extra):
    return make_elder(residence_region_id=COMMUNITY_A1, name=name, **extra)


def _admit(bed, elder, actor, **changes):
    terms = {
        "elder": elder,
        "admitted_on": date(2026, 11, 2),
        "contract_number": "HT-2026-001",
        "fee_level_fen": 280000,
        "payer": "family",
        "concentrated_support": False,
        "actor": actor,
        **changes,
    }
    return services.admit(bed, **terms)


def _state():
    return (
        list(Bed.objects.order_by("pk").values_list("state", flat=True)),
        list(Residency.objects.order_by("pk").values()),
        ChangeRecord.objects.count(),
    )


def test_admission_occupies_the_bed_and_the_free_count_follows(room, institution_staff):
    # given three free beds (two nursing, one ordinary)
    assert Bed.objects.filter(room=room).counts_by_kind() == {
        "nursing": {"total": 2, "free": 2, "occupied": 0},
        "ordinary": {"total": 1, "free": 1, "occupied": 0},
    }
    elder = _elder(ability_level=3, ability_level_valid_until=date(2027, 6, 30))

    residency = _admit(_bed(room, "1"), elder, institution_staff)

    assert (residency.bed.code, residency.ability_level, residency.fee_level_fen) == (
        "1",
        3,
        280000,
    )
    assert Bed.objects.filter(room=room).counts_by_kind()["nursing"] == {
        "total": 2,
        "free": 1,
        "occupied": 1,
    }


def test_a_bed_takes_one_person_at_a_time(room, institution_staff):
    _admit(_bed(room, "1"), _elder(), institution_staff)
    before = _state()
    with pytest.raises(InstitutionError) as refused:
        _admit(_bed(room, "1"), _elder("李淑珍"), institution_staff)
    assert (refused.value.code, refused.value.field) == ("institution_bed_not_free", "bed")
    assert _state() == before


def test_an_elder_occupies_one_bed_at_a_time(room, institution_staff):
    elder = _elder()
    _admit(_bed(room, "1"), elder, institution_staff)
    before = _state()
    with pytest.raises(InstitutionError) as refused:
        _admit(_bed(room, "2"), elder, institution_staff)
    assert refused.value.code == "institution_elder_has_bed"
    assert _state() == before


def test_the_database_refuses_a_second_open_stay_of_one_elder(room, institution_staff):
    # given an open stay written past the service (as a concurrent admission would)
    elder = _elder()
    first = _admit(_bed(room, "1"), elder, institution_staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        Residency.objects.create(
            institution=first.institution,
            elder=elder,
            bed=_bed(room, "2"),
            started_on=date(2026, 11, 3),
            contract_number="x",
            fee_level_fen=0,
            payer="self",
        )


def test_concentrated_support_is_for_extreme_poverty_only(room, institution_staff):
    elder = _elder()
    with pytest.raises(InstitutionError) as refused:
        _admit(_bed(room, "1"), elder, institution_staff, concentrated_support=True)
    assert (refused.value.code, refused.value.field) == (
        "institution_not_extreme_poverty",
        "concentrated_support",
    )
    ElderCategory.objects.create(
        elder=elder, category="extreme_poverty", valid_from=date(2020, 1, 1), source="民政局认定"
    )
    residency = _admit(
        _bed(room, "1"), elder, institution_staff, concentrated_support=True, payer="government"
    )
    assert residency.concentrated_support is True


def test_transfer_keeps_the_history_and_moves_the_bed(room, institution_staff):
    first = _admit(_bed(room, "1"), _elder(), institution_staff)

    following = services.transfer(
        first, bed=_bed(room, "3"), on=date(2026, 11, 20), actor=institution_staff
    )

    first.refresh_from_db()
    assert (first.ended_on, first.end_reason) == (date(2026, 11, 20), "transfer")
    assert (following.bed.code, following.started_on, following.contract_number) == (
        "3",
        date(2026, 11, 20),
        "HT-2026-001",
    )
    assert [_bed(room, code).state for code in ("1", "2", "3")] == ["free", "free", "occupied"]


def test_death_ends_the_stay_and_frees_the_bed(room, institution_staff):
    stay = _admit(_bed(room, "2"), _elder(), institution_staff)
    ended = services.discharge(stay, on=date(2026, 11, 30), died=True, actor=institution_staff)
    assert (ended.end_reason, _bed(room, "2").state) == ("death", "free")
    before = _state()
    with pytest.raises(InstitutionError) as again:
        services.discharge(stay, on=date(2026, 12, 1), died=False, actor=institution_staff)
    assert again.value.code == "institution_residency_ended"
    assert _state() == before


def test_a_discharge_before_admission_is_refused(room, institution_staff):
    stay = _admit(_bed(room, "2"), _elder(), institution_staff)
    before = _state()
    with pytest.raises(InstitutionError) as refused:
        services.discharge(stay, on=date(2026, 11, 1), died=False, actor=institution_staff)
    assert (refused.value.code, refused.value.field) == ("date_invalid", "on")
    assert _state() == before


def test_a_bed_out_of_service_is_not_given(room, institution_staff):
    services.set_bed_state(_bed(room, "3"), state="out_of_service", actor=institution_staff)
    with pytest.raises(InstitutionError) as refused:
        _admit(_bed(room, "3"), _elder(), institution_staff)
    assert refused.value.code == "institution_bed_not_free"


def test_an_institution_still_awaiting_its_check_admits_nobody(filing_a, institution_staff):
    room = services.add_room(
        filing_a.institution,
        building="1号楼",
        floor=1,
        number="102",
        beds=[("1", "ordinary")],
        actor=institution_staff,
    )
    with pytest.raises(InstitutionError) as refused:
        _admit(_bed(room, "1"), _elder(), institution_staff)
    assert refused.value.code == "institution_not_operating"


@pytest.mark.parametrize("actor", ["street_worker", "other_institution_staff"])
def test_who_may_not_admit(request, room, filing_b, actor):
    if actor == "other_institution_staff":
        user = _user("other_staff", Role.INSTITUTION_STAFF, "640302002000")
        InstitutionMembership.objects.create(user=user, institution=filing_b.institution)
    else:
        user = request.getfixturevalue(actor)
    before = _state()
    with pytest.raises(PermissionDeniedError):
        _admit(_bed(room, "1"), _elder(), user)
    assert _state() == before
