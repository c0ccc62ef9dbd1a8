"""Worked cases of the longevity allowance's monthly run (issue 4): boundary months, deaths,
re-runs, approval into the ledger, recoveries and the double-payment check."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import COMMUNITY_A1, COMMUNITY_B1, DISTRICT, OTHER_COMMUNITY, OTHER_DISTRICT
from tests.factories import make_elder
from yiyang.benefits.choices import CheckCode, FindingStatus, LedgerKind, RowChange, RunStatus
from yiyang.benefits.errors import BenefitsError
from yiyang.benefits.models import Finding, LedgerEntry, PaymentRow, PaymentRun
from yiyang.benefits.services import (
    approve_run,
    compute_run,
    record_bank_account,
    review_finding,
    submit_run,
)
from yiyang.core.models import ChangeRecord
from yiyang.registry.models import Elder

pytestmark = pytest.mark.django_db


def elder(birth: date, community: str = COMMUNITY_A1, **extra) -> Elder:
    return make_elder(
        residence_region_id=community, hukou_region_id=community, birth=birth, **extra
    )


def run_month(program, region, month: date, clerk, checker) -> PaymentRun:
    """Compute, review every finding by confirming it, submit and approve one month."""
    run = compute_run(program, region=region, month=month, actor=clerk)
    for finding in Finding.objects.filter(run=run, status=FindingStatus.OPEN):
        review_finding(finding, hold=False, note="checked", actor=clerk)
    submit_run(run, actor=clerk)
    return approve_run(run, actor=checker)


def row_of(run: PaymentRun, person: Elder) -> PaymentRow:
    return PaymentRow.objects.get(run=run, elder=person)


def test_turning_80_and_90_pay_the_new_bracket_from_the_next_month(
    programs, regions, district_clerk, district_checker
):
    # given: one elder turning 80 on 15 March 2026, one turning 90 on 1 April, one aged 79
    turning_80 = elder(date(1946, 3, 15))
    turning_90 = elder(date(1936, 4, 1))
    elder(date(1947, 1, 1))
    allowance = programs["longevity_allowance"]
    district = regions[DISTRICT]

    # when: March and April are run
    march = run_month(allowance, district, date(2026, 3, 1), district_clerk, district_checker)
    april = compute_run(allowance, region=district, month=date(2026, 4, 1), actor=district_clerk)

    # then: March pays the 89-year-old 100 yuan and not the elder who turns 80 in March
    assert list(PaymentRow.objects.filter(run=march).values_list("elder_id", "amount_fen")) == [
        (turning_90.pk, 10000)
    ]
    # April: the new 80-year-old is new at 100 yuan; turning 90 on 1 April pays 500 in April
    assert row_of(april, turning_80).amount_fen == 10000
    assert row_of(april, turning_80).change == RowChange.NEW
    assert (row_of(april, turning_90).amount_fen, row_of(april, turning_90).previous_fen) == (
        50000,
        10000,
    )
    assert row_of(april, turning_90).change == RowChange.CHANGED
    assert row_of(april, turning_90).bracket == "90–99 岁"
    assert april.change_counts[RowChange.NEW] == 1
    assert april.change_counts[RowChange.CHANGED] == 1


def test_a_death_mid_month_is_paid_that_month_and_stops_the_next(
    programs, regions, district_clerk, district_checker
):
    person = elder(date(1940, 5, 5))
    allowance = programs["longevity_allowance"]
    district = regions[DISTRICT]
    run_month(allowance, district, date(2026, 3, 1), district_clerk, district_checker)
    Elder.objects.filter(pk=person.pk).update(status="deceased", date_of_death=date(2026, 4, 17))

    april = run_month(allowance, district, date(2026, 4, 1), district_clerk, district_checker)
    may = compute_run(allowance, region=district, month=date(2026, 5, 1), actor=district_clerk)

    assert row_of(april, person).amount_fen == 10000
    stopped = row_of(may, person)
    assert (stopped.amount_fen, stopped.previous_fen, stopped.change, stopped.reason) == (
        0,
        10000,
        RowChange.STOPPED,
        "deceased",
    )
    assert may.paid_count == 0


def test_a_death_recorded_late_turns_the_months_paid_after_it_into_recovery(
    programs, regions, district_clerk, district_checker
):
    person = elder(date(1940, 5, 5))
    allowance = programs["longevity_allowance"]
    district = regions[DISTRICT]
    for month in (3, 4, 5):
        run_month(allowance, district, date(2026, month, 1), district_clerk, district_checker)
    # the death on 20 March is reported only in June: April and May were paid after it
    Elder.objects.filter(pk=person.pk).update(status="deceased", date_of_death=date(2026, 3, 20))

    june = run_month(allowance, district, date(2026, 6, 1), district_clerk, district_checker)

    row = row_of(june, person)
    assert row.recovery_detail == [
        {"month": "2026-04-01", "amount_fen": 10000},
        {"month": "2026-05-01", "amount_fen": 10000},
    ]
    assert (row.amount_fen, june.recovery_fen) == (0, 20000)
    recoveries = LedgerEntry.objects.filter(elder=person, kind=LedgerKind.RECOVERY)
    assert sorted(recoveries.values_list("period_month", "amount_fen")) == [
        (date(2026, 4, 1), -10000),
        (date(2026, 5, 1), -10000),
    ]


def test_computing_again_gives_the_same_rows_and_writes_nothing(programs, regions, district_clerk):
    for birth in (date(1940, 1, 1), date(1930, 2, 2), date(1925, 3, 3)):
        elder(birth)
    allowance = programs["longevity_allowance"]
    first = compute_run(
        allowance, region=regions[DISTRICT], month=date(2026, 3, 1), actor=district_clerk
    )
    rows_before = list(PaymentRow.objects.filter(run=first).values())
    audits = ChangeRecord.objects.count()

    again = compute_run(
        allowance, region=regions[DISTRICT], month=date(2026, 3, 1), actor=district_clerk
    )

    assert again.pk == first.pk
    assert list(PaymentRow.objects.filter(run=first).values()) == rows_before
    assert ChangeRecord.objects.count() == audits
    assert again.computed_at == first.computed_at
    assert (again.paid_count, again.amount_fen) == (3, 10000 + 50000 + 80000)


def test_an_approved_run_is_frozen_and_approving_twice_writes_the_ledger_once(
    programs, regions, district_clerk, district_checker
):
    elder(date(1940, 1, 1))
    allowance = programs["longevity_allowance"]
    run = run_month(
        allowance, regions[DISTRICT], date(2026, 3, 1), district_clerk, district_checker
    )

    again = approve_run(run, actor=district_checker)
    with pytest.raises(BenefitsError) as refused:
        compute_run(
            allowance, region=regions[DISTRICT], month=date(2026, 3, 1), actor=district_clerk
        )

    assert again.status == RunStatus.APPROVED
    assert refused.value.code == "benefit_run_frozen"
    assert LedgerEntry.objects.filter(run=run).count() == 1


def test_the_submitter_cannot_approve(programs, regions, district_clerk):
    elder(date(1940, 1, 1))
    allowance = programs["longevity_allowance"]
    run = compute_run(
        allowance, region=regions[DISTRICT], month=date(2026, 3, 1), actor=district_clerk
    )
    for finding in Finding.objects.filter(run=run):
        review_finding(finding, hold=False, note="checked", actor=district_clerk)
    submit_run(run, actor=district_clerk)

    with pytest.raises(BenefitsError) as refused:
        approve_run(run, actor=district_clerk)

    assert refused.value.code == "benefit_same_person_approves"
    assert not LedgerEntry.objects.exists()


def test_the_same_person_paid_in_two_regions_is_caught_and_blocks_approval(
    programs, regions, district_clerk, district_checker, other_district_clerk
):
    # given: an elder whose hukou is in 利通区 but who is counted in 青铜峡市's run too, as when
    # the hukou moved after the first district computed its month
    person = elder(date(1935, 6, 6), community=COMMUNITY_B1)
    allowance = programs["longevity_allowance"]
    first = compute_run(
        allowance, region=regions[DISTRICT], month=date(2026, 3, 1), actor=district_clerk
    )
    Elder.objects.filter(pk=person.pk).update(hukou_region_id=OTHER_COMMUNITY)
    second = compute_run(
        allowance,
        region=regions[OTHER_DISTRICT],
        month=date(2026, 3, 1),
        actor=other_district_clerk,
    )

    # then: the second run flags the row when computed; the first finds it when its approval
    # checks again, and is refused until the finding is reviewed
    flagged = Finding.objects.get(run=second, check_code=CheckCode.PAID_TWICE)
    assert flagged.row.elder_id == person.pk
    assert not Finding.objects.filter(run=first, check_code=CheckCode.PAID_TWICE).exists()
    for other in Finding.objects.filter(run=first):
        review_finding(other, hold=False, note="checked", actor=district_clerk)
    submit_run(first, actor=district_clerk)
    with pytest.raises(BenefitsError) as refused:
        approve_run(first, actor=district_checker)
    assert refused.value.code == "benefit_findings_open"
    assert not LedgerEntry.objects.exists()
    assert Finding.objects.get(run=first, check_code=CheckCode.PAID_TWICE).detail == "青铜峡市"

    # when: the clerk holds the payment, the run is approved without it
    finding = Finding.objects.get(run=first, check_code=CheckCode.PAID_TWICE)
    review_finding(finding, hold=True, note="户籍已迁出", actor=district_clerk)
    for other in Finding.objects.filter(run=first, status=FindingStatus.OPEN):
        review_finding(other, hold=False, note="checked", actor=district_clerk)
    approved = approve_run(first, actor=district_checker)
    assert approved.total_fen == 0
    assert not LedgerEntry.objects.filter(run=first, kind=LedgerKind.PAYMENT).exists()


def test_a_payment_without_a_bank_account_is_flagged(programs, regions, district_clerk):
    with_account = elder(date(1940, 1, 1))
    without = elder(date(1941, 1, 1))
    record_bank_account(
        with_account,
        bank_name="吴忠农商银行",
        account_number="6228480010000000011",
        account_holder="",
        actor=district_clerk,
    )
    allowance = programs["longevity_allowance"]

    run = compute_run(
        allowance, region=regions[DISTRICT], month=date(2026, 3, 1), actor=district_clerk
    )

    flagged = Finding.objects.filter(run=run, check_code=CheckCode.NO_BANK_ACCOUNT)
    assert [f.row.elder_id for f in flagged] == [without.pk]
