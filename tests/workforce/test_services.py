"""Caregiver records through the services: identity numbers, certificates, training, access."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from tests.conftest import STREET_A, STREET_B
from tests.factories import make_id_number
from yiyang.core.errors import PermissionDeniedError
from yiyang.core.models import ChangeRecord
from yiyang.workforce import services
from yiyang.workforce.errors import WorkforceError
from yiyang.workforce.models import Caregiver, Certificate, TrainingRecord
from yiyang.workforce.services import CaregiverData

NUMBER = make_id_number(date(1978, 4, 9), male=False, sequence=40)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 3, 2), tick=False):
        yield


@pytest.fixture
def district_clerk(regions):
    from tests.conftest import DISTRICT, _user
    from yiyang.core.roles import Role

    return _user("district_clerk", Role.DISTRICT_STAFF, DISTRICT)


@pytest.fixture
def person(district_clerk):
    return services.register_caregiver(
        CaregiverData("马护理", NUMBER, "138 0000 1234", STREET_A), actor=district_clerk
    )


def test_register_normalises_phone_and_derives_birth_date(person):
    assert (person.phone, person.birth_date) == ("13800001234", date(1978, 4, 9))
    assert ChangeRecord.objects.filter(object_pk=str(person.pk)).count() == 1


def test_wrong_check_character_names_the_expected_one(district_clerk):
    wrong = NUMBER[:17] + ("0" if NUMBER[17] != "0" else "1")
    with pytest.raises(WorkforceError) as refused:
        services.register_caregiver(
            CaregiverData("马护理", wrong, "13800001234", STREET_A), actor=district_clerk
        )
    assert (refused.value.code, refused.value.field) == ("caregiver_id_number_invalid", "id_number")
    assert NUMBER[17] in refused.value.message
    assert Caregiver.objects.count() == 0


def test_same_identity_number_twice_is_refused(person, district_clerk):
    with pytest.raises(WorkforceError) as refused:
        services.register_caregiver(
            CaregiverData("马护理", NUMBER, "13800001234", STREET_A), actor=district_clerk
        )
    assert refused.value.code == "caregiver_id_number_taken"
    assert Caregiver.objects.count() == 1


def test_street_clerk_cannot_register_caregivers(street_worker):
    with pytest.raises(PermissionDeniedError):
        services.register_caregiver(
            CaregiverData("马护理", NUMBER, "13800001234", STREET_A), actor=street_worker
        )
    assert Caregiver.objects.count() == 0


def test_health_certificate_needs_an_expiry_and_skill_one_a_level(person, district_clerk):
    with pytest.raises(WorkforceError) as no_expiry:
        services.add_certificate(
            person, kind="health", number="H1", issued_on=date(2026, 1, 1), actor=district_clerk
        )
    with pytest.raises(WorkforceError) as no_level:
        services.add_certificate(
            person, kind="skill", number="S1", issued_on=date(2026, 1, 1), actor=district_clerk
        )
    assert (no_expiry.value.field, no_level.value.field) == ("expires_on", "skill_level")
    assert Certificate.objects.count() == 0


def test_certified_counts_caregivers_with_a_valid_skill_certificate(person, district_clerk):
    services.add_certificate(
        person,
        kind="health",
        number="H1",
        issued_on=date(2025, 1, 1),
        expires_on=date(2026, 1, 1),
        actor=district_clerk,
    )
    assert Caregiver.objects.certified(on=date(2026, 3, 1)).count() == 0
    services.add_certificate(
        person,
        kind="skill",
        skill_level=5,
        number="S1",
        issued_on=date(2025, 1, 1),
        actor=district_clerk,
    )
    assert list(Caregiver.objects.certified(on=date(2026, 3, 1))) == [person]
    assert Caregiver.objects.certified(on=date(2024, 12, 31)).count() == 0


def test_training_hours_must_be_positive(person, district_clerk):
    with pytest.raises(WorkforceError) as refused:
        services.record_training(
            person, topic="失能照护", taken_on=date(2026, 1, 5), hours="0", actor=district_clerk
        )
    assert refused.value.field == "hours"
    training = services.record_training(
        person, topic="失能照护", taken_on=date(2026, 1, 5), hours="8.5", actor=district_clerk
    )
    assert str(training.hours) == "8.5"
    assert TrainingRecord.objects.count() == 1


def test_visibility_by_region_and_own_record(person, street_worker, other_street_worker, caregiver):
    assert list(Caregiver.objects.visible_to(street_worker)) == [person]
    assert list(Caregiver.objects.visible_to(other_street_worker)) == []
    # a caregiver login sees only the record linked to it
    assert list(Caregiver.objects.visible_to(caregiver)) == []
    Caregiver.objects.filter(pk=person.pk).update(user=caregiver)
    assert list(Caregiver.objects.visible_to(caregiver)) == [person]
    assert STREET_B not in {c.region_id for c in Caregiver.objects.visible_to(street_worker)}
