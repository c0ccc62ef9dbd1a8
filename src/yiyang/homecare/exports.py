"""The provider's monthly statement as an Excel workbook (openpyxl; money in yuan from fen)."""

from __future__ import annotations

from io import BytesIO

import openpyxl
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.homecare.models import Settlement


def yuan(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(int(fen)), 100)
    return f"{sign}{whole}.{cents:02d}"


def statement_workbook(settlement: Settlement) -> bytes:
    """Return the statement: totals, then one row per visit, unpaid ones with their reason.

    Elders appear by name only (no identity number): the statement goes to the provider.
    """
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("Statement")
    sheet.append([_("Provider"), settlement.provider.name])
    sheet.append([_("Month"), f"{settlement.month:%Y-%m}"])
    sheet.append([_("Status"), settlement.get_status_display()])
    sheet.append([_("Visits paid"), settlement.visit_count])
    sheet.append([_("Purchased amount (yuan)"), yuan(settlement.purchased_fen)])
    sheet.append([_("Co-pay (yuan)"), yuan(settlement.copay_fen)])
    sheet.append([_("Payable (yuan)"), yuan(settlement.payable_fen)])
    sheet.append([_("Of which from service vouchers (yuan)"), yuan(settlement.voucher_fen)])
    sheet.append([])
    sheet.append(
        [
            _("Date"),
            _("Elder"),
            _("Service item"),
            _("Caregiver"),
            _("Minutes"),
            _("Purchased amount (yuan)"),
            _("Co-pay (yuan)"),
            _("Payable (yuan)"),
            _("Why not paid"),
            _("From the voucher (yuan)"),
            _("Beyond the voucher balance, paid by the elder (yuan)"),
            _("From the hours voucher (minutes)"),
            _("Paid for those minutes (yuan)"),
        ]
    )
    lines = settlement.lines.select_related(
        "order__elder", "order__item", "order__caregiver"
    ).order_by("order__checked_in_at", "pk")
    for line in lines:
        order = line.order
        sheet.append(
            [
                f"{timezone.localtime(order.checked_in_at):%Y-%m-%d %H:%M}"
                if order.checked_in_at
                else "",
                order.elder.name,
                order.item.name,
                order.caregiver.name if order.caregiver else "",
                order.actual_minutes,
                yuan(line.purchased_fen),
                yuan(line.copay_fen),
                yuan(line.payable_fen),
                line.rejection_reason,
                yuan(line.voucher_fen) if line.voucher_program_id else "",
                yuan(line.beyond_balance_fen) if line.beyond_balance_fen else "",
                line.voucher_minutes if line.hours_program_id else "",
                yuan(line.hours_fen) if line.hours_program_id else "",
            ]
        )
    if settlement.voucher_minutes or settlement.hours_fen:
        # Below the visits, so the rows above keep their places for whoever reads them by cell.
        sheet.append([])
        sheet.append([_("Drawn from hours vouchers (minutes)"), settlement.voucher_minutes])
        sheet.append([_("Paid for the hours drawn (yuan)"), yuan(settlement.hours_fen)])
    output = BytesIO()
    book.save(output)
    return output.getvalue()
