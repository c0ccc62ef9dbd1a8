"""Agencies, assessors and training: the services, their refusals and qualification."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from tests.conftest import DISTRICT, OTHER_DISTRICT, STREET_A, _user
from yiyang.assessment.errors import AssessmentError, ErrorCode
from yiyang.assessment.models import AssessmentAgency, Assessor, AssessorTraining
from yiyang.assessment.services.agencies import (
    deactivate_agency,
    register_agency,
    update_agency,
)
from yiyang.assessment.services.assessors import (
    deactivate_assessor,
    record_training,
    register_assessor,
    update_assessor,
)
from yiyang.core.errors import PermissionDeniedError
from yiyang.core.models import ChangeRecord, User
from yiyang.core.roles import Role
from yiyang.core.services import issue_token

VALID_CODE = "91350100M000100Y43"
TODAY = "2026-03-15 10:00:00+08:00"


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def other_district_worker(regions):
    return _user("other_district_worker", Role.DISTRICT_STAFF, OTHER_DISTRICT)


def _register(actor, **overrides):
    values = {
        "name": "利通区安康评估所",
        "credit_code": VALID_CODE,
        "region": DISTRICT,
        "address": "利通区朝阳街8号",
        "contact_name": "周经理",
        "phone": "0953-2012345",
        "contract_start": date(2026, 1, 1),
        "contract_end": date(2027, 12, 31),
    }
    return register_agency(**(values | overrides), actor=actor)


def test_district_registers_an_agency_with_an_audit_row(district_worker):
    # when
    agency = _register(district_worker, credit_code=" 91350100m000100y43 ")

    # then the code is normalised and the registration is in the audit trail
    assert agency.credit_code == VALID_CODE
    assert agency.region_id == DISTRICT
    assert agency.is_active is True
    record = ChangeRecord.objects.get(object_pk=str(agency.pk), action="register_agency")
    assert record.actor == district_worker
    assert record.region_code == DISTRICT
    assert record.changes["phone"][1]["masked"] == "0953-***2345"


@pytest.mark.parametrize(
    ("code", "expected", "message_case"),
    [
        ("", "Enter the unified social credit code.", "empty"),
        ("9135010", "A unified social credit code has 18 characters.", "short"),
        (
            "91350100M000100Y44",
            "The check character of the unified social credit code is wrong: the code has a typing error (the last character would be 3).",
            "check_character",
        ),
        (
            "9135010OM000100Y43",
            "A unified social credit code has only digits and capital letters, without I, O, S, V and Z.",
            "letter_o",
        ),
    ],
)
def test_refuses_a_wrong_credit_code_naming_the_field(
    district_worker, english, code, expected, message_case
):
    # when
    with pytest.raises(AssessmentError) as refused:
        _register(district_worker, credit_code=code)

    # then the message names the field and the reason, and nothing was written
    assert refused.value.code == ErrorCode.CREDIT_CODE_INVALID
    assert refused.value.field == "credit_code"
    assert refused.value.message == expected
    assert AssessmentAgency.objects.count() == 0  # scoped: test count
    assert ChangeRecord.objects.count() == 0


def test_refuses_a_credit_code_already_registered(district_worker, english):
    _register(district_worker)

    with pytest.raises(AssessmentError) as refused:
        _register(district_worker, name="另一家")

    assert refused.value.code == ErrorCode.CREDIT_CODE_TAKEN
    assert refused.value.field == "credit_code"
    assert AssessmentAgency.objects.count() == 1  # scoped: test count


def test_refuses_contract_ending_before_it_starts(district_worker):
    with pytest.raises(AssessmentError) as refused:
        _register(district_worker, contract_end=date(2025, 12, 31))

    assert (refused.value.code, refused.value.field) == (ErrorCode.VALUE_INVALID, "contract_end")
    assert AssessmentAgency.objects.count() == 0  # scoped: test count


@pytest.mark.parametrize("actor_case", ["other_district", "street", "community"])
def test_refuses_registration_outside_the_actors_capability(
    regions, other_district_worker, street_worker, community_worker, actor_case
):
    actor = {
        "other_district": other_district_worker,
        "street": street_worker,
        "community": community_worker,
    }[actor_case]

    with pytest.raises(PermissionDeniedError):
        _register(actor)

    assert AssessmentAgency.objects.count() == 0  # scoped: test count


def test_update_refused_to_another_district_and_changes_nothing(agency, other_district_worker):
    with pytest.raises(PermissionDeniedError):
        update_agency(
            agency,
            name="改名",
            credit_code=agency.credit_code,
            region=DISTRICT,
            actor=other_district_worker,
        )

    agency.refresh_from_db()
    assert agency.name == "利通区康寿评估中心"


def test_update_agency_records_before_and_after(agency, district_worker):
    update_agency(
        agency,
        name="利通区康寿评估中心（新）",
        credit_code=agency.credit_code,
        region=STREET_A,
        actor=district_worker,
    )

    agency.refresh_from_db()
    assert (agency.name, agency.region_id) == ("利通区康寿评估中心（新）", STREET_A)
    record = ChangeRecord.objects.get(object_pk=str(agency.pk), action="update")
    assert record.changes["region"] == [DISTRICT, STREET_A]


def test_deactivated_agency_no_longer_serves(agency, district_worker):
    deactivate_agency(agency, reason="合同到期", actor=district_worker)

    assert list(AssessmentAgency.objects.serving(STREET_A)) == []  # scoped: test read


@time_machine.travel(TODAY, tick=False)
def test_register_assessor_with_a_login_shows_the_password_once(agency, district_worker):
    # when
    registered = register_assessor(
        agency,
        name="韩梅",
        phone="13912345678",
        certificate_number="NX-PG-2025-031",
        certified_on=date(2025, 5, 1),
        certificate_valid_until=date(2028, 4, 30),
        username="hanmei",
        actor=district_worker,
    )

    # then the login is an assessor of the agency's region, and the password works once given
    assessor = registered.assessor
    user = User.objects.get(username="hanmei")
    assert assessor.user == user
    assert (user.role, user.region_id, user.display_name) == (Role.ASSESSOR, DISTRICT, "韩梅")
    assert len(registered.initial_password) == 12
    assert user.check_password(registered.initial_password)
    assert assessor.is_qualified() is True


def test_register_assessor_refuses_a_taken_user_name(agency, district_worker, street_worker):
    with pytest.raises(AssessmentError) as refused:
        register_assessor(agency, name="韩梅", username="STREET_WORKER", actor=district_worker)

    assert (refused.value.code, refused.value.field) == (ErrorCode.USERNAME_TAKEN, "username")
    assert Assessor.objects.count() == 0


def test_register_assessor_without_login_has_no_password(agency, district_worker):
    registered = register_assessor(agency, name="韩梅", actor=district_worker)

    assert registered.initial_password is None
    assert registered.assessor.user is None
    assert registered.assessor.is_qualified() is False  # no certificate


@time_machine.travel(TODAY, tick=False)
def test_certificate_cannot_expire_before_it_was_issued(agency, district_worker):
    with pytest.raises(AssessmentError) as refused:
        register_assessor(
            agency,
            name="韩梅",
            certified_on=date(2025, 5, 1),
            certificate_valid_until=date(2025, 4, 30),
            actor=district_worker,
        )

    assert refused.value.field == "certificate_valid_until"
    assert Assessor.objects.count() == 0


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("active", "certified_on", "valid_until", "qualified", "state_case"),
    [
        (True, date(2025, 5, 1), date(2028, 4, 30), True, "certified"),
        (True, date(2025, 5, 1), None, True, "no_expiry"),
        (True, date(2025, 5, 1), date(2026, 3, 15), True, "expires_today"),
        (True, date(2025, 5, 1), date(2026, 3, 14), False, "expired_yesterday"),
        (True, None, None, False, "no_certificate"),
        (False, date(2025, 5, 1), date(2028, 4, 30), False, "inactive"),
    ],
)
def test_only_an_active_assessor_with_a_current_certificate_is_qualified(
    agency, active, certified_on, valid_until, qualified, state_case
):
    assessor = Assessor(
        agency=agency,
        name="韩梅",
        is_active=active,
        certified_on=certified_on,
        certificate_valid_until=valid_until,
    )

    assert assessor.is_qualified() is qualified


@time_machine.travel(TODAY, tick=False)
def test_renewing_a_certificate_requalifies(agency, district_worker):
    assessor = register_assessor(
        agency,
        name="韩梅",
        certified_on=date(2023, 1, 1),
        certificate_valid_until=date(2025, 12, 31),
        actor=district_worker,
    ).assessor
    assert assessor.is_qualified() is False

    update_assessor(
        assessor,
        name="韩梅",
        certified_on=date(2026, 1, 10),
        certificate_valid_until=date(2029, 1, 9),
        actor=district_worker,
    )

    assert Assessor.objects.get(pk=assessor.pk).is_qualified() is True


def test_deactivating_an_assessor_closes_the_login(assessor_one, district_worker):
    deactivate_assessor(assessor_one, reason="离职", actor=district_worker)

    assessor_one.refresh_from_db()
    assessor_one.user.refresh_from_db()
    assert assessor_one.is_qualified() is False
    assert assessor_one.user.is_active is False


def test_other_district_cannot_deactivate_an_assessor(assessor_one, other_district_worker):
    with pytest.raises(PermissionDeniedError):
        deactivate_assessor(assessor_one, actor=other_district_worker)

    assessor_one.refresh_from_db()
    assert assessor_one.is_active is True


@time_machine.travel(TODAY, tick=False)
def test_record_training(assessor_one, district_worker):
    training = record_training(
        assessor_one,
        topic="GB/T 42195-2022 评估规范培训",
        taken_on=date(2026, 3, 1),
        hours="16.5",
        exam_score=92,
        passed=True,
        actor=district_worker,
    )

    assert (training.hours, training.exam_score, training.passed) == (Decimal("16.5"), 92, True)


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"topic": "  "}, "topic"),
        ({"hours": "-1"}, "hours"),
        ({"hours": "1.25"}, "hours"),
        ({"hours": "many"}, "hours"),
        ({"exam_score": 101}, "exam_score"),
        ({"taken_on": date(2026, 3, 16)}, "taken_on"),
    ],
)
def test_record_training_refuses_bad_values(assessor_one, district_worker, overrides, field):
    values = {
        "topic": "培训",
        "taken_on": date(2026, 3, 1),
        "hours": "8",
        "exam_score": 80,
        "passed": True,
    }
    with pytest.raises(AssessmentError) as refused:
        record_training(assessor_one, **(values | overrides), actor=district_worker)

    assert refused.value.field == field
    assert AssessorTraining.objects.count() == 0


def test_deactivating_an_assessor_stops_their_cached_api_token(
    assessor_one, district_worker, settings, django_capture_on_commit_callbacks
):
    # given the token cache on and the assessor's token cached by a first request
    settings.API_TOKEN_CACHE_SECONDS = 60
    cache.clear()
    secret = issue_token(assessor_one.user, name="评估平板", actor=assessor_one.user)
    bearer = {"Authorization": f"Bearer {secret}"}
    assert Client().get("/api/v1/me", headers=bearer).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        deactivate_assessor(assessor_one, reason="离职", actor=district_worker)

    assert Client().get("/api/v1/me", headers=bearer).status_code == 401
    cache.clear()
