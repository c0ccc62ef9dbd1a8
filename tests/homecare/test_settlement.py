"""Monthly settlement: the amounts, which visits are paid, rejected ones listed with reasons,
bureau approval settling the orders, the Excel statement; low ratings open a case."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.homecare.conftest import HOME
from yiyang.core.errors import PermissionDeniedError
from yiyang.homecare import services
from yiyang.homecare.amounts import visit_amount
from yiyang.homecare.errors import HomecareError
from yiyang.homecare.exports import statement_workbook
from yiyang.homecare.models import ProviderCase, ServiceOrder, Settlement, SettlementLine


def test_per_visit_amount_is_purchased_price_minus_copay():
    amount = visit_amount(
        unit="visit", purchased_price_fen=4000, copay_share=Decimal("0.100"), minutes=20
    )
    assert (amount.purchased_fen, amount.copay_fen, amount.payable_fen) == (4000, 400, 3600)


def test_hourly_amount_follows_verified_minutes_and_rounds_half_up():
    amount = visit_amount(
        unit="hour", purchased_price_fen=3000, copay_share=Decimal("0.150"), minutes=45
    )
    # 3000 × 45/60 = 2250; co-pay 2250 × 0.15 = 337.5 → 338
    assert (amount.purchased_fen, amount.copay_fen, amount.payable_fen) == (2250, 338, 1912)


@given(
    price=st.integers(0, 100_000),
    share=st.decimals(0, 1, places=3),
    minutes=st.integers(0, 600),
    unit=st.sampled_from(["visit", "hour", "meal"]),
)
def test_payable_plus_copay_is_the_purchased_amount(price, share, minutes, unit):
    amount = visit_amount(unit=unit, purchased_price_fen=price, copay_share=share, minutes=minutes)
    assert amount.payable_fen + amount.copay_fen == amount.purchased_fen
    assert 0 <= amount.copay_fen <= amount.purchased_fen


def test_settlement_pays_verified_visits_and_lists_rejected_ones(month, provider, dispatcher):
    settlement = services.prepare_settlement(provider, month=date(2026, 3, 1), actor=dispatcher)
    assert (
        settlement.visit_count,
        settlement.purchased_fen,
        settlement.copay_fen,
        settlement.payable_fen,
    ) == (2, 8000, 800, 7200)
    lines = list(settlement.lines.order_by("order__checked_in_at"))
    assert [(line.order_id, line.is_paid, line.rejection_reason) for line in lines] == [
        (month[0].pk, True, ""),
        (month[1].pk, True, ""),
        (month[2].pk, False, "定位不符"),
    ]


def test_preparing_again_gives_the_same_statement(month, provider, dispatcher):
    first = services.prepare_settlement(provider, month=date(2026, 3, 1), actor=dispatcher)
    again = services.prepare_settlement(provider, month=date(2026, 3, 1), actor=dispatcher)
    assert again.pk == first.pk
    assert (again.visit_count, again.payable_fen) == (2, 7200)
    assert SettlementLine.objects.count() == 3


def test_bureau_approval_settles_the_paid_orders(month, provider, dispatcher, district_clerk):
    settlement = services.prepare_settlement(provider, month=date(2026, 3, 1), actor=dispatcher)
    services.approve_settlement(settlement, actor=district_clerk)
    statuses = dict(ServiceOrder.objects.values_list("pk", "status"))
    assert [statuses[o.pk] for o in month] == [
        "settled",
        "settled",
        "confirmed",
        "confirmed",
        "checked_out",
    ]
    with pytest.raises(HomecareError) as again:
        services.prepare_settlement(provider, month=date(2026, 3, 1), actor=dispatcher)
    assert again.value.code == "settlement_wrong_status"


def test_only_the_bureau_approves_and_only_the_provider_prepares(
    month, provider, dispatcher, street_worker, district_clerk
):
    with pytest.raises(PermissionDeniedError):
        services.prepare_settlement(provider, month=date(2026, 3, 1), actor=district_clerk)
    settlement = services.prepare_settlement(provider, month=date(2026, 3, 1), actor=dispatcher)
    for outsider in (street_worker, dispatcher):
        with pytest.raises(PermissionDeniedError):
            services.approve_settlement(settlement, actor=outsider)
    assert Settlement.objects.get().status == "draft"


def test_the_running_month_cannot_be_settled(month, provider, dispatcher):
    with pytest.raises(HomecareError) as refused:
        services.prepare_settlement(provider, month=date(2026, 4, 1), actor=dispatcher)
    assert (refused.value.code, refused.value.field) == ("settlement_month_invalid", "month")
    assert Settlement.objects.count() == 0


def test_statement_workbook_has_totals_and_every_line(month, provider, dispatcher):
    settlement = services.prepare_settlement(provider, month=date(2026, 3, 1), actor=dispatcher)
    sheet = openpyxl.load_workbook(BytesIO(statement_workbook(settlement))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[6][1] == "72.00"
    assert [row[7] for row in rows[10:]] == ["36.00", "36.00", "0.00"]
    assert rows[12][8] == "定位不符"


def test_low_rating_opens_a_case_the_manager_closes(
    assigned, caregiver, clock, street_worker, dispatcher
):
    services.check_in(assigned, latitude=HOME[0], longitude=HOME[1], actor=caregiver)
    clock.shift(timedelta(minutes=60))
    services.check_out(assigned, actor=caregiver)
    services.confirm_visit(assigned, rating=2, comment="迟到", actor=street_worker)
    case = ProviderCase.objects.get(order=assigned)
    assert (case.status, case.source, case.provider_id) == (
        "open",
        "low_rating",
        assigned.provider_id,
    )
    assert "迟到" in case.reason
    services.acknowledge_case(case, note="已致电", actor=dispatcher)
    services.resolve_case(case, outcome="upheld", resolution="已致电道歉", actor=dispatcher)
    case.refresh_from_db()
    assert (case.status, case.resolution, case.resolved_by) == (
        "resolved",
        "已致电道歉",
        dispatcher,
    )


def test_good_rating_opens_no_case(assigned, caregiver, clock, street_worker):
    services.check_in(assigned, latitude=HOME[0], longitude=HOME[1], actor=caregiver)
    clock.shift(timedelta(minutes=60))
    services.check_out(assigned, actor=caregiver)
    services.confirm_visit(assigned, rating=3, actor=street_worker)
    assert ProviderCase.objects.count() == 0
