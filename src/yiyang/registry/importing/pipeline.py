"""Check the rows of an elder list in batches: each row through `check_elder_fields`, the same
identity number twice in one file refused (naming the first row), every problem kept."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from yiyang.core.validators.id_number import InvalidIdNumber, parse_id_number
from yiyang.registry.errors import ErrorCode
from yiyang.registry.importing.dates import parse_date
from yiyang.registry.importing.reading import Sheet
from yiyang.registry.validation import ElderData, RegionResolver, check_elder_fields

DUPLICATE_IN_FILE = "import_duplicate_row"
# Excel keeps 15 significant digits: an 18-digit number typed into a number cell loses its end.
_EXCEL_PRECISION = 10**15


@dataclass(frozen=True)
class RowProblem:
    """One problem of one rejected row, as the report and the API show it."""

    row: int
    column: str
    field: str
    code: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "field": self.field,
            "code": self.code,
            "message": self.message,
        }


@dataclass
class RejectedRow:
    row: int
    cells: list[Any]
    problems: list[RowProblem]


@dataclass
class Batch:
    """Checked rows of one stretch of the file: what may be written and what was refused."""

    valid: list[tuple[int, list[Any], ElderData]] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    rows_read: int = 0


class RowChecker:
    """Turn the cells of one row into an elder record or the row's problems."""

    def __init__(self, sheet: Sheet, regions: RegionResolver, today: date) -> None:
        self.sheet = sheet
        self.regions = regions
        self.today = today
        self.fields = list(sheet.fields.items())
        self.columns = {key: sheet.column_of(key) for key in sheet.present_fields} | {
            key: sheet.column_of(key) for key in ("id_number", "residence_region")
        }
        # Identity number → the first row carrying it (the only whole-file state we keep).
        self.seen: dict[str, int] = {}

    def problem(self, row: int, field_name: str, code: str, message: str) -> RowProblem:
        column = self.columns.get(field_name) or self.sheet.column_of(field_name)
        return RowProblem(row, column, field_name, str(code), message)

    def check(self, row: int, cells: list[Any]) -> tuple[ElderData | None, list[RowProblem]]:
        width = len(cells)
        raw = {key: cells[index] for index, key in self.fields if index < width}
        id_cell = raw.get("id_number")
        early: list[RowProblem] = []
        if isinstance(id_cell, float) and abs(id_cell) >= _EXCEL_PRECISION:
            early.append(
                self.problem(
                    row,
                    "id_number",
                    ErrorCode.ID_NUMBER_INVALID,
                    _(
                        "Excel stored the identity number as a number and lost its last digits: format the column as text and type it again."
                    ),
                )
            )
            raw["id_number"] = ""
        data, problems = check_elder_fields(raw, regions=self.regions, today=self.today)
        found = early + [self.problem(row, p.field, p.code, p.message) for p in problems]
        if early:
            found = [p for p in found if not (p.field == "id_number" and p not in early)]
        birth_cell = raw.get("birth_date")
        if birth_cell not in (None, ""):
            found.extend(self._check_birth_date(row, birth_cell, data))
        id_number = data.id_number if data is not None else self._id_number_of(raw)
        if id_number:
            first = self.seen.setdefault(id_number, row)
            if first != row:
                found.append(
                    self.problem(
                        row,
                        "id_number",
                        DUPLICATE_IN_FILE,
                        _("Row {row} of this file has the same identity number.").format(row=first),
                    )
                )
        if found:
            return None, found
        return data, []

    def _check_birth_date(self, row: int, cell: Any, data: ElderData | None) -> list[RowProblem]:
        birth = parse_date(cell)
        if birth is None:
            return [
                self.problem(
                    row,
                    "birth_date",
                    ErrorCode.DATE_INVALID,
                    _("“{value}” is not a date.").format(value=cell),
                )
            ]
        if data is not None and birth != data.birth_date:
            return [
                self.problem(
                    row,
                    "birth_date",
                    ErrorCode.DATE_INVALID,
                    _(
                        "The birth date {date} does not match the identity number, which gives {expected}."
                    ).format(date=birth.isoformat(), expected=data.birth_date.isoformat()),
                )
            ]
        return []

    def _id_number_of(self, raw: dict[str, Any]) -> str:
        value = raw.get("id_number")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        try:
            return parse_id_number(str(value or ""), today=self.today).value
        except InvalidIdNumber:
            return ""


def batches(sheet: Sheet, checker: RowChecker, size: int) -> Iterator[Batch]:
    """Yield the file's rows checked, `size` rows at a time."""
    batch = Batch()
    for row, cells in sheet.rows:
        batch.rows_read += 1
        data, problems = checker.check(row, cells)
        if data is None:
            batch.rejected.append(RejectedRow(row, cells, problems))
        else:
            batch.valid.append((row, cells, data))
        if batch.rows_read >= size:
            yield batch
            batch = Batch()
    if batch.rows_read:
        yield batch
