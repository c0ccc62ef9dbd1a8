"""Agreements with medical institutions (医养结合) and their share as a figure (issue 6)."""

from datetime import date
from decimal import Decimal

import pytest

from tests.api.conftest import JsonClient
from tests.conftest import STREET_A
from yiyang.core.errors import PermissionDeniedError
from yiyang.institutions import figures, services
from yiyang.institutions.errors import InstitutionError
from yiyang.institutions.models import Institution, MedicalAgreement

pytestmark = pytest.mark.django_db


def _operating(*filings):
    Institution.objects.filter(pk__in=[f.institution_id for f in filings]).update(
        status="operating"
    )


def test_staff_record_an_agreement_and_the_share_follows(filing_a, filing_b, institution_staff):
    _operating(filing_a, filing_b)
    # no agreement yet: 0 of 2 operating institutions in the district
    assert figures.medical_agreement_share("640302000000", date(2026, 11, 1)) == Decimal("0.0")

    services.add_agreement(
        filing_a.institution,
        medical_institution="吴忠市人民医院",
        scope="每周巡诊、急诊转诊",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        green_channel=True,
        actor=institution_staff,
    )

    # 1 of 2 = 50.0 %; street A alone 100.0 %; after the agreement ends, 0.0 %
    assert figures.medical_agreement_share("640302000000", date(2026, 11, 1)) == Decimal("50.0")
    assert figures.medical_agreement_share(STREET_A, date(2026, 11, 1)) == Decimal("100.0")
    assert figures.medical_agreement_share(STREET_A, date(2027, 1, 1)) == Decimal("0.0")


def test_an_agreement_ending_before_it_starts_is_refused(filing_a, institution_staff):
    with pytest.raises(InstitutionError) as refused:
        services.add_agreement(
            filing_a.institution,
            medical_institution="医院",
            scope="巡诊",
            starts_on=date(2026, 5, 1),
            ends_on=date(2026, 4, 30),
            green_channel=False,
            actor=institution_staff,
        )
    assert (refused.value.code, refused.value.field) == ("date_invalid", "ends_on")
    assert not MedicalAgreement.objects.exists()


def test_another_institutions_staff_cannot_record_one(filing_a, filing_b, institution_staff):
    with pytest.raises(PermissionDeniedError):
        services.add_agreement(
            filing_b.institution,
            medical_institution="医院",
            scope="巡诊",
            starts_on=date(2026, 5, 1),
            ends_on=None,
            green_channel=False,
            actor=institution_staff,
        )
    assert not MedicalAgreement.objects.exists()


@pytest.mark.urls("tests.api.urls")
def test_the_agreements_api(filing_a, institution_staff, other_street_worker):
    staff = JsonClient(institution_staff)
    created = staff.post(
        f"/institutions/{filing_a.institution_id}/medical-agreements",
        {
            "medical_institution": "吴忠市中医医院",
            "scope": "巡诊",
            "starts_on": "2026-03-01",
            "green_channel": True,
        },
    )
    assert created.status_code == 201
    listed = staff.get(f"/institutions/{filing_a.institution_id}/medical-agreements").json()
    assert [(a["medical_institution"], a["green_channel"]) for a in listed] == [
        ("吴忠市中医医院", True)
    ]
    hidden = JsonClient(other_street_worker).get(
        f"/institutions/{filing_a.institution_id}/medical-agreements"
    )
    assert hidden.status_code == 404
