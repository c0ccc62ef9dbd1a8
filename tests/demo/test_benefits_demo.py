"""The demo city's benefits: programmes with history, accounts, applications in every state,
approved months of the longevity allowance and this month left for a visitor; written once."""

from datetime import date

import pytest
import time_machine

from yiyang.benefits.choices import ApplicationStatus, FindingStatus, RunStatus
from yiyang.benefits.models import (
    Application,
    BankAccount,
    Entitlement,
    Finding,
    LedgerEntry,
    PaymentRow,
    PaymentRun,
    Program,
)
from yiyang.core.models import ChangeRecord
from yiyang.demo.benefits_loader import DEMO_NOTE
from yiyang.demo.loader import load_demo_city
from yiyang.registry.models import Elder

TODAY = date(2026, 6, 15)
ELDERS = 600


@pytest.fixture
def demo_city(db):
    with time_machine.travel(TODAY, tick=False):
        yield load_demo_city(ELDERS, seed=3, today=TODAY)


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Program,
            BankAccount,
            Application,
            Entitlement,
            PaymentRun,
            PaymentRow,
            LedgerEntry,
            ChangeRecord,
        )
    }


def test_programmes_start_three_months_back_and_most_elders_have_an_account(demo_city):
    assert Program.objects.count() == 5
    assert set(Program.objects.values_list("ledger_start_month", flat=True)) == {date(2026, 3, 1)}
    assert set(Program.objects.values_list("funding_region_id", flat=True)) == {"640300000000"}
    share = BankAccount.objects.count() / Elder.objects.count()
    assert 0.85 <= share <= 0.95
    assert all(
        len(n) >= 16 and n.isdigit()
        for n in BankAccount.objects.values_list("account_number", flat=True)
    )


def test_applications_in_every_state_in_shengli_street(demo_city):
    applications = Application.objects.filter(note=DEMO_NOTE).select_related("elder", "program")

    assert {a.program.code for a in applications} == {"care_service_subsidy", "nursing_subsidy"}
    assert all(a.elder.residence_region_id.startswith("640302001") for a in applications)
    states = {(a.status, a.current_level) for a in applications}
    assert {
        (ApplicationStatus.PENDING, "community"),
        (ApplicationStatus.PENDING, "street"),
        (ApplicationStatus.PENDING, "district"),
        (ApplicationStatus.APPROVED, ""),
        (ApplicationStatus.REFUSED, ""),
    } <= states
    assert all(a.refusal_reason for a in applications if a.status == ApplicationStatus.REFUSED)
    approved = [a for a in applications if a.status == ApplicationStatus.APPROVED]
    assert Entitlement.objects.filter(application__in=approved).count() == len(approved)


def test_longevity_months_approved_by_two_people_and_this_month_left_computed(demo_city):
    runs = {
        run.month: run
        for run in PaymentRun.objects.filter(
            program__code="longevity_allowance", region_id="640302000000"
        ).select_related("computed_by", "submitted_by", "approved_by")
    }

    assert sorted(runs) == [date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1), date(2026, 6, 1)]
    for month in (date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1)):
        run = runs[month]
        assert run.status == RunStatus.APPROVED
        assert (run.submitted_by.username, run.approved_by.username) == ("litong", "litong2")
        assert run.paid_count > 0
        assert not run.findings.filter(status=FindingStatus.OPEN).exists()
        assert LedgerEntry.objects.filter(run=run).exists()
    current = runs[date(2026, 6, 1)]
    assert current.status == RunStatus.COMPUTED
    assert current.computed_by.username == "litong"
    assert current.paid_count > 0
    # Elders without an account are held, a couple left for the visitor to review.
    findings = current.findings.all()
    assert findings.filter(status=FindingStatus.OPEN).count() == min(2, findings.count())
    assert set(findings.exclude(status=FindingStatus.OPEN).values_list("status", flat=True)) <= {
        FindingStatus.HELD
    }
    assert Finding.objects.filter(
        status=FindingStatus.HELD, run__status=RunStatus.APPROVED
    ).exists()


def test_loading_again_creates_nothing(demo_city):
    before = _counts()

    with time_machine.travel(TODAY, tick=False):
        result = load_demo_city(ELDERS, seed=3, today=TODAY)

    assert result.benefits == {"programs": 0, "accounts": 0, "applications": 0, "runs": 0}
    after = _counts()
    # Re-finding duplicates and similar may add their own records; benefits add none.
    after.pop("ChangeRecord"), before.pop("ChangeRecord")
    assert after == before


def test_the_hours_programme_ships_as_an_example_with_its_months_approved(demo_city):
    hours = Program.objects.get(code="care_service_hours")
    assert (hours.unit, hours.kind) == ("minute", "service_voucher")
    assert hours.versions.get().is_example
    runs = PaymentRun.objects.filter(program=hours, region_id="640302000000").order_by("month")
    assert [(run.month, run.status) for run in runs] == [
        (date(2026, 3, 1), RunStatus.APPROVED),
        (date(2026, 4, 1), RunStatus.APPROVED),
        (date(2026, 5, 1), RunStatus.APPROVED),
        (date(2026, 6, 1), RunStatus.COMPUTED),
    ]
    # Nothing of it is money: no bank-account findings, no fen in its ledger.
    assert not Finding.objects.filter(run__program=hours, check_code="no_bank_account").exists()
    assert not LedgerEntry.objects.filter(program=hours).exclude(amount_fen=0).exists()
