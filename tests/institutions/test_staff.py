"""Linking institution-staff accounts to their institution (issue 6)."""

import pytest

from tests.conftest import STREET_A, _user
from yiyang.core.errors import PermissionDeniedError
from yiyang.core.roles import Role
from yiyang.institutions import services
from yiyang.institutions.errors import InstitutionError
from yiyang.institutions.models import Institution, InstitutionMembership

pytestmark = pytest.mark.django_db


def test_the_district_links_an_account_and_it_sees_that_institution(
    filing_a, filing_b, district_worker
):
    staff = _user("nurse_manager", Role.INSTITUTION_STAFF, STREET_A)
    services.link_staff(filing_a.institution, user=staff, actor=district_worker)
    assert list(Institution.objects.visible_to(staff)) == [filing_a.institution]
    # a second link moves the account
    services.link_staff(filing_b.institution, user=staff, actor=district_worker)
    assert list(Institution.objects.visible_to(staff)) == [filing_b.institution]
    assert InstitutionMembership.objects.filter(user=staff).count() == 1


def test_a_street_worker_cannot_link_and_only_staff_accounts_are_linked(
    filing_a, street_worker, district_worker, community_worker
):
    staff = _user("nurse_manager", Role.INSTITUTION_STAFF, STREET_A)
    with pytest.raises(PermissionDeniedError):
        services.link_staff(filing_a.institution, user=staff, actor=street_worker)
    with pytest.raises(InstitutionError) as refused:
        services.link_staff(filing_a.institution, user=community_worker, actor=district_worker)
    assert (refused.value.code, refused.value.field) == ("choice_invalid", "user")
    assert not InstitutionMembership.objects.exists()
