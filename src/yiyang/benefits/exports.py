"""The bank disbursement file (代发文件) of an approved payment run, as .xlsx or CSV.

Only rows that send money (`PaymentRow.objects.paying()`) are listed, each with the elder's
full identity number and account, because the bank needs them; every export is therefore
written to the access log (`core.audit.record_access`). Amounts are yuan with two decimals,
computed from integer fen; the totals row equals the run's `total_fen` / 100.
"""

from __future__ import annotations

import csv
import io
import tempfile
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from yiyang.benefits.models import PaymentRow, PaymentRun
from yiyang.core import audit
from yiyang.core.models import Region

EXPORT_CAPABILITY = "benefits.export_run"
CENT = Decimal("0.01")


def fen_to_yuan(fen: int) -> Decimal:
    """Fen as a Decimal of yuan with two places (never a float, DESIGN.md rule 4)."""
    return (Decimal(int(fen)) / 100).quantize(CENT)


# The columns the bank's batch-payment import expects: a fixed format in Chinese, the same
# whatever the user's language, so not translated.
HEADERS = [
    "序号",
    "姓名",
    "身份证号（脱敏）",
    "身份证号",
    "开户银行",
    "账号",
    "户名",
    "本月金额(元)",
    "补发金额(元)",
    "合计(元)",
    "所属社区",
]
TOTAL_LABEL = "合计"
PERSONS = "{count} 人"


@dataclass(frozen=True)
class BankLine:
    number: int
    name: str
    id_number_masked: str
    id_number: str
    bank_name: str
    account_number: str
    account_holder: str
    amount_fen: int
    arrears_fen: int
    community: str

    @property
    def total_fen(self) -> int:
        return self.amount_fen + self.arrears_fen


def bank_lines(run: PaymentRun, user) -> list[BankLine]:
    """The paying rows of `run` the user may export, in community and elder order; none for a
    service-time programme, whose credits are minutes and go to no bank."""
    if run.program.is_time:
        return []
    rows = list(
        PaymentRow.objects.visible_to(user, EXPORT_CAPABILITY)
        .filter(run=run)
        .paying()
        .select_related("elder", "elder__bank_account")
        .order_by("region_code", "elder__name", "elder_id")
    )
    codes = {row.region_code for row in rows}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    lines = []
    for number, row in enumerate(rows, start=1):
        elder = row.elder
        account = getattr(elder, "bank_account", None)
        lines.append(
            BankLine(
                number=number,
                name=elder.name,
                id_number_masked=elder.id_number_masked,
                id_number=elder.id_number,
                bank_name=account.bank_name if account else "",
                account_number=account.account_number if account else "",
                account_holder=account.account_holder if account else "",
                amount_fen=row.amount_fen,
                arrears_fen=row.arrears_fen,
                community=names.get(row.region_code, row.region_code),
            )
        )
    return lines


def _log(run: PaymentRun, user, count: int) -> None:
    audit.record_access(
        actor=user,
        model=PaymentRun,
        kind="export",
        fields=["id_number", "account_number"],
        object_pk=str(run.pk),
        region_code=run.region_id,
        row_count=count,
        purpose=_("Bank disbursement file"),
    )


def file_name(run: PaymentRun, extension: str) -> str:
    return _("bank-file-{program}-{region}-{month}.{extension}").format(
        program=run.program.code,
        region=run.region_id,
        month=f"{run.month:%Y%m}",
        extension=extension,
    )


def write_bank_xlsx(run: PaymentRun, user):
    """The disbursement file as a spooled .xlsx; logs the access."""
    lines = bank_lines(run, user)
    _log(run, user, len(lines))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{run.month:%Y-%m}"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in lines:
        sheet.append(
            [
                line.number,
                line.name,
                line.id_number_masked,
                line.id_number,
                line.bank_name,
                line.account_number,
                line.account_holder,
                fen_to_yuan(line.amount_fen),
                fen_to_yuan(line.arrears_fen),
                fen_to_yuan(line.total_fen),
                line.community,
            ]
        )
    sheet.append(
        [
            TOTAL_LABEL,
            PERSONS.format(count=len(lines)),
            "",
            "",
            "",
            "",
            "",
            fen_to_yuan(sum(line.amount_fen for line in lines)),
            fen_to_yuan(sum(line.arrears_fen for line in lines)),
            fen_to_yuan(sum(line.total_fen for line in lines)),
            "",
        ]
    )
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2, min_col=8, max_col=10):
        for cell in row:
            cell.number_format = "0.00"
    for column in ("D", "F"):  # long digit strings stay text, never 6.4E+17
        for cell in sheet[column][1:]:
            cell.number_format = "@"
    widths = {"A": 6, "B": 10, "C": 22, "D": 22, "E": 16, "F": 24, "G": 10, "K": 14}
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    for column in ("H", "I", "J"):
        sheet.column_dimensions[column].width = 14
    target = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    workbook.save(target)
    target.seek(0)
    return target


def write_bank_csv(run: PaymentRun, user) -> bytes:
    """The disbursement file as CSV in UTF-8 with a byte-order mark (Excel opens it right)."""
    lines = bank_lines(run, user)
    _log(run, user, len(lines))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for line in lines:
        writer.writerow(
            [
                line.number,
                line.name,
                line.id_number_masked,
                line.id_number,
                line.bank_name,
                line.account_number,
                line.account_holder,
                f"{fen_to_yuan(line.amount_fen)}",
                f"{fen_to_yuan(line.arrears_fen)}",
                f"{fen_to_yuan(line.total_fen)}",
                line.community,
            ]
        )
    writer.writerow(
        [
            TOTAL_LABEL,
            PERSONS.format(count=len(lines)),
            "",
            "",
            "",
            "",
            "",
            f"{fen_to_yuan(sum(line.amount_fen for line in lines))}",
            f"{fen_to_yuan(sum(line.arrears_fen for line in lines))}",
            f"{fen_to_yuan(sum(line.total_fen for line in lines))}",
            "",
        ]
    )
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")
