"""A resident's leave (the bed stays held) and return; a death recorded in the registry ends the
stay through `elder_died`; institution staff record a death as the end of the stay (issue 6)."""

from datetime import date

import pytest

from tests.conftest import COMMUNITY_A1
from tests.factories import make_elder
from yiyang.core.models import ChangeRecord
from yiyang.institutions import services
from yiyang.institutions.errors import InstitutionError
from yiyang.institutions.models import Bed, Residency, ResidencyLeave
from yiyang.registry.services import record_death

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to("2026-12-03 10:00:00+08:00", tick=False)


@pytest.fixture
def stay(room, institution_staff):
    elder = make_elder(residence_region_id=COMMUNITY_A1, name="王桂英")
    return services.admit(
        room.beds.get(code="1"),
        elder=elder,
        admitted_on=date(2026, 11, 2),
        contract_number="HT-1",
        fee_level_fen=250000,
        payer="family",
        concentrated_support=False,
        actor=institution_staff,
    )


def _leave(stay, actor, **changes):
    terms = {
        "kind": "hospital",
        "started_on": date(2026, 11, 20),
        "expected_return_on": date(2026, 12, 10),
        "note": "市人民医院",
        "actor": actor,
        **changes,
    }
    return services.take_leave(stay, **terms)


def test_leave_holds_the_bed_and_the_return_closes_it(stay, institution_staff):
    leave = _leave(stay, institution_staff)

    assert Bed.objects.get(pk=stay.bed_id).state == "occupied"
    assert Bed.objects.free().filter(room=stay.bed.room).count() == 2
    back = services.return_from_leave(stay, returned_on=date(2026, 12, 1), actor=institution_staff)
    assert (back.pk, back.returned_on) == (leave.pk, date(2026, 12, 1))
    assert not ResidencyLeave.objects.open().exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"started_on": date(2026, 11, 1)}, "started_on"),  # before the stay began
        ({"started_on": date(2026, 12, 4)}, "started_on"),  # in the future
        ({"expected_return_on": date(2026, 11, 19)}, "expected_return_on"),
        ({"kind": "holiday"}, "kind"),
    ],
)
def test_a_bad_leave_names_the_field_and_writes_nothing(stay, institution_staff, changes, field):
    records = ChangeRecord.objects.count()
    with pytest.raises(InstitutionError) as refused:
        _leave(stay, institution_staff, **changes)
    assert refused.value.field == field
    assert (ResidencyLeave.objects.count(), ChangeRecord.objects.count()) == (0, records)


def test_one_leave_at_a_time_and_no_return_without_one(stay, institution_staff):
    with pytest.raises(InstitutionError) as refused:
        services.return_from_leave(stay, returned_on=date(2026, 12, 1), actor=institution_staff)
    assert refused.value.code == "institution_resident_not_on_leave"
    _leave(stay, institution_staff)
    with pytest.raises(InstitutionError) as again:
        _leave(stay, institution_staff, started_on=date(2026, 11, 25))
    assert again.value.code == "institution_resident_on_leave"


def test_no_move_to_another_bed_while_on_leave(stay, room, institution_staff):
    _leave(stay, institution_staff)
    with pytest.raises(InstitutionError) as refused:
        services.transfer(
            stay, bed=room.beds.get(code="2"), on=date(2026, 12, 1), actor=institution_staff
        )
    assert refused.value.code == "institution_resident_on_leave"
    assert Bed.objects.get(pk=room.beds.get(code="2").pk).state == "free"


def test_a_discharge_during_a_leave_closes_the_leave(stay, institution_staff):
    _leave(stay, institution_staff)
    services.discharge(stay, on=date(2026, 11, 28), died=False, actor=institution_staff)
    leave = ResidencyLeave.objects.get()
    assert leave.returned_on == date(2026, 11, 28)
    assert Bed.objects.get(pk=stay.bed_id).state == "free"


def test_a_death_recorded_in_the_registry_ends_the_stay_and_frees_the_bed(stay, street_worker):
    # given a resident on leave in hospital
    services.take_leave(
        stay,
        kind="hospital",
        started_on=date(2026, 11, 20),
        expected_return_on=date(2026, 12, 10),
        note="",
        actor=stay.created_by,
    )
    # when the street records her death in the registry
    record_death(
        stay.elder, date_of_death=date(2026, 11, 30), source="死亡证明", actor=street_worker
    )
    # then the stay ended as a death on that day and the bed is free again
    ended = Residency.objects.get(pk=stay.pk)
    assert (ended.ended_on, ended.end_reason) == (date(2026, 11, 30), "death")
    assert Bed.objects.get(pk=stay.bed_id).state == "free"
    assert ResidencyLeave.objects.get().returned_on == date(2026, 11, 30)


def test_institution_staff_record_a_death_as_the_end_of_the_stay(stay, institution_staff):
    ended = services.record_resident_death(stay, on=date(2026, 12, 2), actor=institution_staff)
    assert (ended.ended_on, ended.end_reason) == (date(2026, 12, 2), "death")
    # staff cannot change registry records: the registry is left for the street
    stay.elder.refresh_from_db()
    assert stay.elder.status == "active"


def test_a_district_clerk_records_the_death_in_the_registry(stay, district_worker):
    ended = services.record_resident_death(stay, on=date(2026, 12, 2), actor=district_worker)
    stay.elder.refresh_from_db()
    assert (ended.end_reason, stay.elder.status, stay.elder.date_of_death) == (
        "death",
        "deceased",
        date(2026, 12, 2),
    )
