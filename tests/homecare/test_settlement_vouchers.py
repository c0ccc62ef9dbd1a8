"""Settlement against service vouchers (issue 5): the government's share of a verified visit is
drawn from the elder's voucher balance through benefits' ledger; what the balance does not
cover is the elder's to pay; preparing a statement again writes only what changed."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import CITY
from yiyang.benefits import services as benefits
from yiyang.benefits.credits import Holding, Lot
from yiyang.benefits.models import LedgerEntry, Program
from yiyang.benefits.services.vouchers import voucher_balances
from yiyang.homecare import services
from yiyang.homecare.errors import HomecareError
from yiyang.homecare.exports import statement_workbook

MARCH, APRIL = date(2026, 3, 1), date(2026, 4, 1)


@pytest.fixture
def voucher(regions):
    return Program.objects.create(
        code="care_service_subsidy",
        name="养老服务补贴",
        kind="service_voucher",
        funding_region_id=CITY,
        ledger_start_month=date(2026, 1, 1),
    )


def credit(elder, program, month: date, fen: int, kind: str = "payment") -> None:
    """What an approved payment run writes for a voucher programme (test data)."""
    LedgerEntry.objects.create(
        elder=elder,
        program=program,
        period_month=month,
        kind=kind,
        amount_fen=fen,
        region_code=elder.residence_region_id,
    )


def service_use(elder) -> list[tuple[date, int, str]]:
    return list(
        LedgerEntry.objects.filter(elder=elder, kind="service_use")
        .order_by("pk")
        .values_list("period_month", "amount_fen", "reference")
    )


def test_visits_draw_the_government_share_from_the_balance_and_the_rest_is_copay(
    month, elder, provider, dispatcher, voucher
):
    # Two paid visits, each 40.00 purchased, 4.00 co-pay, 36.00 the government's share.
    credit(elder, voucher, MARCH, 5000)
    settlement = services.prepare_settlement(provider, month=MARCH, actor=dispatcher)
    lines = list(settlement.lines.filter(is_paid=True).order_by("order__checked_in_at"))
    assert [
        (line.voucher_fen, line.beyond_balance_fen, line.payable_fen, line.copay_fen)
        for line in lines
    ] == [(3600, 0, 3600, 400), (1400, 2200, 1400, 2600)]
    assert [line.voucher_program_id for line in lines] == [voucher.pk, voucher.pk]
    assert (
        settlement.purchased_fen,
        settlement.payable_fen,
        settlement.copay_fen,
        settlement.voucher_fen,
    ) == (8000, 5000, 3000, 5000)
    reference = f"homecare.settlement:{settlement.pk}"
    assert service_use(elder) == [(MARCH, -5000, reference)]
    assert voucher_balances([elder.pk], month=MARCH) == {elder.pk: {voucher.pk: 0}}


def test_preparing_again_writes_nothing_new(month, elder, provider, dispatcher, voucher):
    credit(elder, voucher, MARCH, 5000)
    first = services.prepare_settlement(provider, month=MARCH, actor=dispatcher)
    entries = LedgerEntry.objects.count()
    again = services.prepare_settlement(provider, month=MARCH, actor=dispatcher)
    assert LedgerEntry.objects.count() == entries
    assert (again.payable_fen, again.voucher_fen) == (first.payable_fen, first.voucher_fen)


def test_preparing_again_after_a_correction_draws_only_the_difference(
    month, elder, provider, dispatcher, district_clerk, voucher
):
    credit(elder, voucher, MARCH, 5000)
    settlement = services.prepare_settlement(provider, month=MARCH, actor=dispatcher)
    benefits.record_correction(
        voucher, elder=elder, month=MARCH, amount_fen=1000, note="补发", actor=district_clerk
    )
    again = services.prepare_settlement(provider, month=MARCH, actor=dispatcher)
    reference = f"homecare.settlement:{settlement.pk}"
    assert service_use(elder) == [(MARCH, -5000, reference), (MARCH, -1000, reference)]
    assert (again.voucher_fen, again.copay_fen) == (6000, 2000)


def test_a_later_months_credit_does_not_pay_this_months_visits(
    month, elder, provider, dispatcher, voucher
):
    credit(elder, voucher, MARCH, 3600)
    credit(elder, voucher, APRIL, 3600)
    settlement = services.prepare_settlement(provider, month=MARCH, actor=dispatcher)
    assert (settlement.voucher_fen, settlement.copay_fen) == (3600, 4400)
    assert voucher_balances([elder.pk], month=APRIL) == {elder.pk: {voucher.pk: 3600}}


def test_an_exhausted_voucher_leaves_the_whole_visit_to_the_elder(
    month, elder, provider, dispatcher, voucher
):
    credit(elder, voucher, MARCH, 1000)
    credit(elder, voucher, MARCH, -1000, kind="recovery")
    settlement = services.prepare_settlement(provider, month=MARCH, actor=dispatcher)
    assert (settlement.payable_fen, settlement.copay_fen, settlement.voucher_fen) == (0, 8000, 0)
    assert service_use(elder) == []
    sheet = openpyxl.load_workbook(BytesIO(statement_workbook(settlement))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [(row[9], row[10]) for row in rows[10:12]] == [("0.00", "36.00"), ("0.00", "36.00")]


def test_an_elder_without_a_voucher_is_paid_as_before(month, provider, dispatcher, voucher):
    settlement = services.prepare_settlement(provider, month=MARCH, actor=dispatcher)
    assert (settlement.payable_fen, settlement.voucher_fen) == (7200, 0)
    assert not LedgerEntry.objects.exists()


def test_an_approved_statement_keeps_its_draws(
    month, elder, provider, dispatcher, district_clerk, voucher
):
    credit(elder, voucher, MARCH, 5000)
    settlement = services.prepare_settlement(provider, month=MARCH, actor=dispatcher)
    services.approve_settlement(settlement, actor=district_clerk)
    with pytest.raises(HomecareError):
        services.prepare_settlement(provider, month=MARCH, actor=dispatcher)
    assert [amount for _month, amount, _ref in service_use(elder)] == [-5000]


@given(
    remaining=st.lists(st.integers(0, 5000), max_size=4),
    owed=st.integers(0, 3000),
    share=st.integers(0, 10_000),
)
def test_a_draw_never_exceeds_the_share_or_what_is_left(remaining, owed, share):
    lots = [Lot(date(2026, m + 1, 1), None, fen) for m, fen in enumerate(remaining)]
    holding = Holding(program_id=1, is_time=False, lots=lots, owed=owed)
    available = holding.available_on(date(2026, 12, 31))
    taken = holding.draw(date(2026, 12, 31), share)
    assert taken == min(share, available)
    assert available == max(sum(remaining) - owed, 0)
    assert all(lot.remaining >= 0 for lot in lots)
    assert sum(lot.remaining for lot in lots) == sum(remaining) - taken
