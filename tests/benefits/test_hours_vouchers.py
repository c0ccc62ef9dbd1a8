"""Service-time vouchers and the expiry of voucher credit (issue 5): a programme that grants
minutes instead of money, its payment runs crediting minutes (and no bank file), credits that
stop being spendable after their last valid day, and the month's close recording what lapsed
once, never by editing an entry."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.conftest import CITY, COMMUNITY_A1, DISTRICT
from tests.factories import make_elder
from yiyang.benefits import exports
from yiyang.benefits.credits import credit_expires_on, replay
from yiyang.benefits.eligibility import RulesInvalid, parse_rules
from yiyang.benefits.errors import BenefitsError
from yiyang.benefits.models import Finding, LedgerEntry, PaymentRow, Program
from yiyang.benefits.services import (
    apply_for_benefit,
    approve_run,
    close_voucher_month,
    compute_run,
    decide_application,
    draft_version,
    publish_version,
    record_correction,
    submit_run,
)
from yiyang.benefits.services.vouchers import elder_vouchers, voucher_balances
from yiyang.core.errors import PermissionDeniedError
from yiyang.registry.models import ElderCategory

pytestmark = pytest.mark.django_db

JAN, FEB, MAR, APR, MAY, JUNE = (date(2026, m, 1) for m in (1, 2, 3, 4, 5, 6))


def hours_rules(**extra) -> dict:
    return {"brackets": [{"label": "每月", "minutes": 1800}], **extra}


# --- rules as data ----------------------------------------------------------------------------


def test_a_time_programme_reads_minutes_and_refuses_money_keys():
    rules = parse_rules(hours_rules(cap_minutes=1800, credit_expiry="month_end"), unit="minute")
    assert (rules.unit, rules.brackets[0].amount_fen, rules.cap_fen) == ("minute", 1800, 1800)
    with pytest.raises(RulesInvalid) as caught:
        parse_rules({"brackets": [{"amount_fen": 30000}], "cap_fen": 1}, unit="minute")
    assert [(path, code) for path, code, _d in caught.value.problems] == [
        ("brackets.0.amount_fen", "wrong_unit"),
        ("brackets.0.minutes", "required"),
        ("cap_fen", "wrong_unit"),
    ]


def test_a_money_programme_refuses_minutes():
    with pytest.raises(RulesInvalid) as caught:
        parse_rules({"brackets": [{"amount_fen": 100, "minutes": 60}]})
    assert [(p, c) for p, c, _d in caught.value.problems] == [("brackets.0.minutes", "wrong_unit")]


def test_expiry_after_months_needs_the_number_of_months():
    with pytest.raises(RulesInvalid) as caught:
        parse_rules(hours_rules(credit_expiry="months"), unit="minute")
    assert [(p, c) for p, c, _d in caught.value.problems] == [("credit_months", "required")]
    with pytest.raises(RulesInvalid):
        parse_rules(hours_rules(credit_expiry="someday"), unit="minute")


@pytest.mark.parametrize(
    ("expiry", "months", "last_day"),
    [
        ("never", None, None),
        ("month_end", None, date(2026, 1, 31)),
        ("year_end", None, date(2026, 12, 31)),
        ("months", 1, date(2026, 1, 31)),
        ("months", 2, date(2026, 2, 28)),
        ("months", 14, date(2027, 2, 28)),
    ],
)
def test_the_last_day_a_january_credit_can_be_spent(expiry, months, last_day):
    assert credit_expires_on(JAN, expiry, months) == last_day


# --- lots: carry-over, the boundary, the order of spending --------------------------------------


def test_a_january_credit_is_spendable_through_its_last_valid_day_not_after():
    holding = replay(
        1, is_time=True, credits={JAN: 600}, spent={}, expiries={JAN: date(2026, 1, 31)}
    )
    assert holding.available_on(date(2026, 1, 31)) == 600
    assert holding.available_on(date(2026, 2, 1)) == 0
    assert holding.draw(date(2026, 2, 1), 60) == 0
    assert holding.draw(date(2026, 1, 31), 60) == 60


def test_unspent_credit_carries_over_when_it_never_expires():
    holding = replay(1, is_time=True, credits={JAN: 600, FEB: 600}, spent={JAN: 200}, expiries={})
    assert holding.available_on(date(2026, 2, 10)) == 1000
    assert holding.available_on(date(2026, 1, 10)) == 400  # February's is not yet there


def test_spending_takes_the_credit_that_expires_first():
    # January's credit lasts the year, February's only its month: a February visit spends
    # February's first, so January's is still there in March.
    expiries = {JAN: date(2026, 12, 31), FEB: date(2026, 2, 28)}
    holding = replay(
        1, is_time=True, credits={JAN: 600, FEB: 600}, spent={FEB: 700}, expiries=expiries
    )
    assert [(lot.month, lot.remaining) for lot in holding.lots] == [(JAN, 500), (FEB, 0)]
    assert holding.available_on(date(2026, 3, 1)) == 500


def test_a_recovery_after_spending_is_owed_from_the_next_credit():
    holding = replay(1, is_time=False, credits={JAN: 0, FEB: 5000}, spent={JAN: 3000}, expiries={})
    assert holding.available_on(date(2026, 2, 28)) == 2000


# --- the database keeps the units apart ----------------------------------------------------------


def test_an_entry_carries_money_or_minutes_never_both(programs, regions):
    elder = make_elder(residence_region_id=COMMUNITY_A1)
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(
            elder=elder,
            program=programs["care_service_hours"],
            period_month=JAN,
            kind="payment",
            amount_fen=100,
            minutes=60,
            region_code=COMMUNITY_A1,
        )


def test_only_a_voucher_programme_can_grant_time(regions):
    with pytest.raises(IntegrityError), transaction.atomic():
        Program.objects.create(
            code="cash_in_minutes",
            name="错",
            kind="cash_allowance",
            unit="minute",
            funding_region_id=CITY,
            ledger_start_month=JAN,
        )


def test_a_correction_of_a_time_programme_is_in_minutes(programs, regions, district_clerk):
    hours = programs["care_service_hours"]
    elder = make_elder(residence_region_id=COMMUNITY_A1)
    entry = record_correction(
        hours, elder=elder, month=MAR, minutes=120, note="补记", actor=district_clerk
    )
    assert (entry.amount_fen, entry.minutes) == (0, 120)
    with pytest.raises(BenefitsError):
        record_correction(
            hours, elder=elder, month=MAR, amount_fen=5000, note="错单位", actor=district_clerk
        )
    assert LedgerEntry.objects.filter(elder=elder).count() == 1


# --- payment runs credit minutes, and nothing goes to a bank -----------------------------------


@pytest.fixture
def entitled(programs, regions, community_worker, street_worker, district_clerk):
    """An 85-year-old 低保 elder entitled to the hours programme from June, with no bank
    account on record."""
    person = make_elder(
        residence_region_id=COMMUNITY_A1, hukou_region_id=COMMUNITY_A1, birth=date(1941, 1, 1)
    )
    ElderCategory.objects.create(
        elder=person, category="dibao", valid_from=date(2020, 1, 1), source="test"
    )
    application = apply_for_benefit(
        person,
        program=programs["care_service_hours"],
        applicant_kind="clerk",
        applied_on=date(2026, 6, 1),
        actor=community_worker,
    )
    for actor in (community_worker, street_worker, district_clerk):
        application = decide_application(application, approve=True, actor=actor)
    return person


def test_a_run_of_a_time_programme_credits_minutes_and_has_no_bank_file(
    client, programs, regions, entitled, district_clerk, district_checker
):
    hours = programs["care_service_hours"]
    run = compute_run(hours, region=regions[DISTRICT], month=JUNE, actor=district_clerk)
    assert PaymentRow.objects.get(run=run, elder=entitled).amount_fen == 1800
    # no bank account on record, and yet nothing to flag: no money goes to a bank
    assert not Finding.objects.filter(run=run).exists()
    approve_run(submit_run(run, actor=district_clerk), actor=district_checker)
    assert list(
        LedgerEntry.objects.filter(elder=entitled).values_list("kind", "amount_fen", "minutes")
    ) == [("payment", 0, 1800)]
    assert voucher_balances([entitled.pk], month=JUNE) == {entitled.pk: {hours.pk: 1800}}
    assert exports.bank_lines(run, district_checker) == []
    client.force_login(district_checker)
    page = client.get(reverse("benefits:run_detail", kwargs={"pk": run.pk}))
    assert "yy-bank-xlsx" not in page.content.decode()
    totals = {key: value for key, _label, value in page.context["totals"]}
    assert (totals["amount"], totals["total"]) == ("1,800", "1,800")
    bank = client.get(reverse("benefits:run_bank_file", kwargs={"pk": run.pk}))
    assert bank.status_code == 404


# --- closing a month records what lapsed -----------------------------------------------------


def credit(elder, program, month, minutes, kind="payment"):
    LedgerEntry.objects.create(
        elder=elder,
        program=program,
        period_month=month,
        kind=kind,
        amount_fen=0,
        minutes=minutes,
        region_code=elder.residence_region_id,
    )


def expiries(elder) -> list[tuple[date, int]]:
    return list(
        LedgerEntry.objects.filter(elder=elder, kind="expiry")
        .order_by("pk")
        .values_list("period_month", "minutes")
    )


def test_closing_a_month_writes_what_lapsed_once_and_a_late_draw_gives_it_back(
    programs, regions, city_admin
):
    # given: the hours programme's credit lasts its month (the shipped example rule)
    hours = programs["care_service_hours"]
    assert hours.version_for(MAR).rules["credit_expiry"] == "month_end"
    elder = make_elder(residence_region_id=COMMUNITY_A1)
    credit(elder, hours, MAR, 1800)
    credit(elder, hours, MAR, -600, kind="service_use")
    credit(elder, hours, APR, 1800)

    # when March is closed, twice
    written = close_voucher_month(MAR, actor=None)
    again = close_voucher_month(MAR, actor=None)

    # then: March's 1200 unspent minutes lapse once; April's credit is untouched
    assert [(e.period_month, e.minutes) for e in written] == [(MAR, -1200)]
    assert again == []
    assert expiries(elder) == [(MAR, -1200)]
    assert voucher_balances([elder.pk], month=APR) == {elder.pk: {hours.pk: 1800}}

    # when a late statement draws 60 more minutes of March and April is closed
    credit(elder, hours, MAR, -60, kind="service_use")
    close_voucher_month(APR, actor=None)

    # then: 60 minutes of March's expiry come back, and April's unspent credit lapses
    assert expiries(elder) == [(MAR, -1200), (MAR, 60), (APR, -1800)]
    assert sum(LedgerEntry.objects.filter(elder=elder).values_list("minutes", flat=True)) == 0


def test_a_credit_that_never_expires_is_not_closed(programs, regions, city_admin):
    care = programs["care_service_subsidy"]  # money; the example rules set no expiry
    elder = make_elder(residence_region_id=COMMUNITY_A1)
    LedgerEntry.objects.create(
        elder=elder,
        program=care,
        period_month=MAR,
        kind="payment",
        amount_fen=30000,
        region_code=COMMUNITY_A1,
    )
    assert close_voucher_month(MAY, actor=city_admin) == []
    assert voucher_balances([elder.pk], month=MAY) == {elder.pk: {care.pk: 30000}}


def test_a_new_version_sets_the_expiry_of_its_own_months_only(programs, regions, city_admin):
    # given: from May, credit lasts two months
    hours = programs["care_service_hours"]
    rules = copy.deepcopy(hours.version_for(MAR).rules)
    rules.update(credit_expiry="months", credit_months=2)
    publish_version(
        draft_version(hours, rules=rules, effective_from=MAY, actor=city_admin), actor=city_admin
    )
    elder = make_elder(residence_region_id=COMMUNITY_A1)
    credit(elder, hours, APR, 600)
    credit(elder, hours, MAY, 600)

    # then: April's credit ends with April, May's lasts through June
    assert voucher_balances([elder.pk], month=MAY) == {elder.pk: {hours.pk: 600}}
    assert voucher_balances([elder.pk], month=JUNE) == {elder.pk: {hours.pk: 600}}
    summary = elder_vouchers(elder, day=date(2026, 6, 15))
    assert [(lot.month, lot.remaining, lot.expires_on) for lot in summary[0]["lots"]] == [
        (MAY, 600, date(2026, 6, 30))
    ]


def test_only_a_finished_month_can_be_closed_and_a_clerk_needs_the_right(
    programs, regions, street_worker
):
    elder = make_elder(residence_region_id=COMMUNITY_A1)
    credit(elder, programs["care_service_hours"], MAR, 1800)
    with pytest.raises(BenefitsError):
        close_voucher_month(JUNE, actor=None)  # the tests live in June
    with pytest.raises(PermissionDeniedError):
        close_voucher_month(MAY, actor=street_worker)
    assert not LedgerEntry.objects.filter(kind="expiry").exists()


def test_the_elder_page_shows_what_can_be_spent_and_until_when(
    client, programs, regions, district_clerk
):
    hours = programs["care_service_hours"]
    elder = make_elder(residence_region_id=COMMUNITY_A1)
    credit(elder, hours, JUNE, 1800)
    credit(elder, hours, JUNE, -90, kind="service_use")
    client.force_login(district_clerk)
    page = client.get(reverse("benefits:elder_benefits", kwargs={"pk": elder.pk}))
    html = page.content.decode()
    assert page.status_code == 200
    assert "yy-vouchers" in html
    assert "2026-06-30" in html
    assert "1,710" in html


def test_the_programme_page_reads_minutes_and_the_expiry(client, programs, city_admin):
    hours = programs["care_service_hours"]
    client.force_login(city_admin)
    page = client.get(reverse("benefits:program_detail", kwargs={"pk": hours.pk}))
    assert page.status_code == 200
    (_version, words), *_older = page.context["versions"]
    assert [b["amount"] for b in words["brackets"]] == ["1,800 分钟", "1,800 分钟"]
    assert (words["is_time"], words["cap"]) == (True, "1,800 分钟")
    assert words["expiry"] == "每月发放的额度当月月末前有效。"
    assert "每月服务时长" in page.content.decode()
