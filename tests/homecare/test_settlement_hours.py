"""Settlement against hours vouchers (服务时长, issue 5; seed 002's hour of service a day): a
verified visit draws its minutes from the elder's service-time balance, the government pays the
purchased price for the covered part, pro rata when the balance covers part of the visit, and
the rest is the elder's; credit spent only while valid; preparing again writes the difference.

The `month` fixture gives two paid March visits of 助洁60分钟 (per visit, 60 minutes planned):
40.00 purchased, 4.00 co-pay, 36.00 the government's share each.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO

import openpyxl
import pytest
from django.urls import reverse

from tests.conftest import CITY
from yiyang.benefits import services as benefits
from yiyang.benefits.models import LedgerEntry, Program, ProgramVersion
from yiyang.benefits.services.vouchers import close_voucher_month, voucher_balances
from yiyang.homecare import services
from yiyang.homecare.amounts import covered_share, minutes_to_draw
from yiyang.homecare.exports import statement_workbook

JAN, FEB, MARCH, APRIL = (date(2026, m, 1) for m in (1, 2, 3, 4))


def hours_programme(code: str = "care_service_hours", **rules) -> Program:
    program = Program.objects.create(
        code=code,
        name="居家服务时长补贴",
        kind="service_voucher",
        unit="minute",
        funding_region_id=CITY,
        ledger_start_month=JAN,
    )
    ProgramVersion.objects.create(
        program=program,
        number=1,
        effective_from=JAN,
        status="published",
        rules={"brackets": [{"label": "每月", "minutes": 1800}], **rules},
    )
    return program


@pytest.fixture
def hours(regions):
    return hours_programme()


@pytest.fixture
def money(regions):
    return Program.objects.create(
        code="care_service_subsidy",
        name="养老服务补贴",
        kind="service_voucher",
        funding_region_id=CITY,
        ledger_start_month=JAN,
    )


def credit(elder, program, month: date, quantity: int) -> None:
    """What an approved payment run writes (test data): minutes or fen by the programme."""
    LedgerEntry.objects.create(
        elder=elder,
        program=program,
        period_month=month,
        kind="payment",
        amount_fen=0 if program.is_time else quantity,
        minutes=quantity if program.is_time else 0,
        region_code=elder.residence_region_id,
    )


def paid_lines(settlement):
    return [
        (
            line.voucher_minutes,
            line.hours_fen,
            line.voucher_fen,
            line.beyond_balance_fen,
            line.payable_fen,
            line.copay_fen,
        )
        for line in settlement.lines.filter(is_paid=True).order_by("order__checked_in_at")
    ]


def drawn(elder) -> list[tuple[date, int, int]]:
    return list(
        LedgerEntry.objects.filter(elder=elder, kind="service_use")
        .order_by("pk")
        .values_list("period_month", "amount_fen", "minutes")
    )


def test_the_minutes_drawn_are_the_minutes_bought():
    assert minutes_to_draw(unit="visit", planned_minutes=60, actual_minutes=47) == 60
    assert minutes_to_draw(unit="meal", planned_minutes=30, actual_minutes=0) == 30
    assert minutes_to_draw(unit="hour", planned_minutes=60, actual_minutes=75) == 75
    assert covered_share(3600, covered_minutes=30, minutes=60) == 1800
    assert covered_share(3333, covered_minutes=1, minutes=2) == 1667  # half a fen rounds up
    assert covered_share(3600, covered_minutes=90, minutes=60) == 3600
    assert covered_share(3600, covered_minutes=0, minutes=60) == 0


def test_a_visit_beyond_the_hours_balance_is_paid_pro_rata_and_the_rest_is_copay(
    month, elder, provider, dispatcher, hours
):
    # given: 90 minutes for March; two visits of 60 minutes
    credit(elder, hours, MARCH, 90)

    # when
    settlement = services.prepare_settlement(provider, month=MARCH, actor=dispatcher)

    # then: the first visit is covered, the second for 30 of its 60 minutes: half its share
    assert paid_lines(settlement) == [
        (60, 3600, 0, 0, 3600, 400),
        (30, 1800, 0, 1800, 1800, 2200),
    ]
    assert [line.hours_program_id for line in settlement.lines.filter(is_paid=True)] == [
        hours.pk,
        hours.pk,
    ]
    assert (
        settlement.purchased_fen,
        settlement.payable_fen,
        settlement.copay_fen,
        settlement.voucher_minutes,
        settlement.hours_fen,
        settlement.voucher_fen,
    ) == (8000, 5400, 2600, 90, 5400, 0)
    assert drawn(elder) == [(MARCH, 0, -90)]
    assert voucher_balances([elder.pk], month=MARCH) == {elder.pk: {hours.pk: 0}}


def test_preparing_again_writes_nothing_then_only_the_difference(
    month, elder, provider, dispatcher, district_clerk, hours
):
    credit(elder, hours, MARCH, 90)
    first = services.prepare_settlement(provider, month=MARCH, actor=dispatcher)
    entries = LedgerEntry.objects.count()
    services.prepare_settlement(provider, month=MARCH, actor=dispatcher)
    assert LedgerEntry.objects.count() == entries

    # a correction adds 30 minutes to March: the statement draws 30 more, and only that
    benefits.record_correction(
        hours, elder=elder, month=MARCH, minutes=30, note="补记", actor=district_clerk
    )
    again = services.prepare_settlement(provider, month=MARCH, actor=dispatcher)
    assert drawn(elder) == [(MARCH, 0, -90), (MARCH, 0, -30)]
    assert {e.reference for e in LedgerEntry.objects.filter(kind="service_use")} == {
        f"homecare.settlement:{first.pk}"
    }
    assert (again.voucher_minutes, again.hours_fen, again.copay_fen) == (120, 7200, 800)


def test_unspent_minutes_carry_over_when_they_never_expire(
    month, elder, provider, dispatcher, hours
):
    credit(elder, hours, FEB, 60)
    credit(elder, hours, MARCH, 30)
    settlement = services.prepare_settlement(provider, month=MARCH, actor=dispatcher)
    assert (settlement.voucher_minutes, settlement.hours_fen) == (90, 5400)


def test_a_credit_of_last_month_is_not_spent_after_its_last_day(month, elder, provider, dispatcher):
    # given: credit lasts its month; February's 60 minutes ended on 28 February
    hours = hours_programme(credit_expiry="month_end")
    credit(elder, hours, FEB, 60)
    credit(elder, hours, MARCH, 30)

    settlement = services.prepare_settlement(provider, month=MARCH, actor=dispatcher)

    assert (settlement.voucher_minutes, settlement.hours_fen) == (30, 1800)
    assert paid_lines(settlement)[1] == (0, 0, 0, 3600, 0, 4000)


def test_a_credit_lasting_two_months_is_spent_through_its_last_day(
    month, elder, provider, dispatcher
):
    # given: credit lasts two months: February's through 31 March, January's through 28 Feb
    hours = hours_programme(credit_expiry="months", credit_months=2)
    credit(elder, hours, JAN, 600)
    credit(elder, hours, FEB, 60)

    settlement = services.prepare_settlement(provider, month=MARCH, actor=dispatcher)

    assert settlement.voucher_minutes == 60
    close_voucher_month(MARCH, actor=None)
    assert list(
        LedgerEntry.objects.filter(kind="expiry").values_list("period_month", "minutes")
    ) == [(JAN, -600)]


def test_hours_are_drawn_first_and_a_money_voucher_covers_the_rest(
    month, elder, provider, dispatcher, hours, money
):
    credit(elder, hours, MARCH, 30)
    credit(elder, money, MARCH, 2000)
    settlement = services.prepare_settlement(provider, month=MARCH, actor=dispatcher)
    # visit 1: 30 minutes pay half (18.00), the money voucher 18.00; visit 2: 2.00 left
    assert paid_lines(settlement) == [
        (30, 1800, 1800, 0, 3600, 400),
        (0, 0, 200, 3400, 200, 3800),
    ]
    assert drawn(elder) == [(MARCH, 0, -30), (MARCH, -2000, 0)]


def test_the_statement_shows_minutes_and_their_money(
    client, month, elder, provider, dispatcher, hours
):
    credit(elder, hours, MARCH, 90)
    settlement = services.prepare_settlement(provider, month=MARCH, actor=dispatcher)
    rows = list(
        openpyxl.load_workbook(BytesIO(statement_workbook(settlement))).active.iter_rows(
            values_only=True
        )
    )
    assert [(row[11], row[12]) for row in rows[10:12]] == [(60, "36.00"), (30, "18.00")]
    assert [row[1] for row in rows[-2:]] == [90, "54.00"]  # the totals below the visits
    client.force_login(dispatcher)
    page = client.get(reverse("homecare:settlement_detail", args=[settlement.pk]))
    assert 'id="yy-hours-total"' in page.content.decode()
    assert page.context["hours_total"] == "54.00"
