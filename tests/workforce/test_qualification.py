"""The pure rule deciding whether a caregiver may do an item on a day (workforce.qualification)."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from yiyang.workforce.qualification import (
    CertificateFact,
    Obstacle,
    Reason,
    Requirement,
    reasons_not_qualified,
)

DAY = date(2026, 3, 2)
LEVEL_4 = CertificateFact("skill", date(2024, 1, 1), None, 4)
HEALTH = CertificateFact("health", date(2025, 6, 1), date(2026, 5, 31))
BATHING = Requirement(minimum_skill_level=4, needs_health_certificate=True)


def test_qualified_caregiver_has_no_reasons():
    assert reasons_not_qualified(BATHING, [LEVEL_4, HEALTH], on=DAY) == []


def test_item_without_requirement_needs_no_certificate():
    assert reasons_not_qualified(Requirement(), [], on=DAY) == []


def test_missing_skill_certificate_is_named_with_the_level_needed():
    assert reasons_not_qualified(BATHING, [HEALTH], on=DAY) == [
        Reason(Obstacle.NO_SKILL_CERTIFICATE, needed=4)
    ]


def test_lower_level_is_too_low_and_higher_level_suffices():
    # given level 5 (entry) against a level-4 item, and level 3 (higher)
    level_5 = CertificateFact("skill", date(2024, 1, 1), None, 5)
    level_3 = CertificateFact("skill", date(2024, 1, 1), None, 3)
    # then
    assert reasons_not_qualified(BATHING, [level_5, HEALTH], on=DAY) == [
        Reason(Obstacle.SKILL_TOO_LOW, needed=4, held=5)
    ]
    assert reasons_not_qualified(BATHING, [level_3, HEALTH], on=DAY) == []


def test_expired_health_certificate_names_its_expiry_and_holds_on_its_last_day():
    expired = CertificateFact("health", date(2025, 3, 1), date(2026, 3, 1))
    assert reasons_not_qualified(BATHING, [LEVEL_4, expired], on=DAY) == [
        Reason(Obstacle.HEALTH_CERTIFICATE_EXPIRED, expired_on=date(2026, 3, 1))
    ]
    assert reasons_not_qualified(BATHING, [LEVEL_4, expired], on=date(2026, 3, 1)) == []


def test_certificate_issued_after_the_day_does_not_count():
    later = CertificateFact("skill", date(2026, 4, 1), None, 4)
    assert reasons_not_qualified(BATHING, [later, HEALTH], on=DAY) == [
        Reason(Obstacle.NO_SKILL_CERTIFICATE, needed=4)
    ]


def test_inactive_caregiver_and_missing_certificates_give_every_reason_in_order():
    assert [r.obstacle for r in reasons_not_qualified(BATHING, [], on=DAY, is_active=False)] == [
        Obstacle.NOT_ACTIVE,
        Obstacle.NO_SKILL_CERTIFICATE,
        Obstacle.NO_HEALTH_CERTIFICATE,
    ]


@given(needed=st.integers(1, 5), held=st.integers(1, 5))
def test_a_level_qualifies_exactly_when_it_is_as_high_or_higher(needed, held):
    certificate = CertificateFact("skill", date(2020, 1, 1), None, held)
    reasons = reasons_not_qualified(Requirement(minimum_skill_level=needed), [certificate], on=DAY)
    assert (reasons == []) == (held <= needed)
