"""The error report: the rejected rows as they were sent, plus a column saying what to fix.

The first sheet keeps the file's own header, so a clerk corrects the rows and uploads the
report itself again; the error column is not one the import reads. A summary sheet follows.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from yiyang.registry.importing.pipeline import RejectedRow

_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_ERROR_FILL = PatternFill("solid", fgColor="FDE9E7")


class ErrorReport:
    """Stream rejected rows into a workbook on disk (openpyxl write-only mode)."""

    def __init__(self, columns: list[str]) -> None:
        self.columns = columns
        self.workbook = Workbook(write_only=True)
        self.sheet = self.workbook.create_sheet(_("Rejected rows"))
        self.sheet.freeze_panes = "A2"
        header = [*columns, _("Problems"), _("Row in the file")]
        self.sheet.append([self._header_cell(text) for text in header])
        self.rows = 0

    def _header_cell(self, text: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.sheet, value=text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _HEADER_FILL
        return cell

    def add(self, rejected: RejectedRow) -> None:
        cells: list[Any] = list(rejected.cells[: len(self.columns)])
        cells += [None] * (len(self.columns) - len(cells))
        # Identity numbers stay text so Excel does not turn them into 6.4E+17 on the way back.
        cells = [str(value) if isinstance(value, int) else value for value in cells]
        reasons = "；".join(
            _("{column}: {message}").format(column=problem.column, message=problem.message)
            for problem in rejected.problems
        )
        error = WriteOnlyCell(self.sheet, value=reasons)
        error.fill = _ERROR_FILL
        error.alignment = Alignment(wrap_text=True)
        self.sheet.append([*cells, error, rejected.row])
        self.rows += 1

    def save(self, path: Path | None, *, file_name: str, summary: dict[str, int]) -> Path:
        """Add the summary sheet and write the workbook (to a temporary file without `path`)."""
        sheet = self.workbook.create_sheet(_("Summary"))
        now: datetime = timezone.localtime()
        sheet.append([_("File"), file_name])
        sheet.append([_("Checked at"), now.strftime("%Y-%m-%d %H:%M")])
        for label, key in (
            (_("Created"), "created"),
            (_("Updated"), "updated"),
            (_("Unchanged"), "unchanged"),
            (_("Rejected"), "rejected"),
        ):
            sheet.append([label, summary[key]])
        sheet.append([])
        sheet.append(
            [
                _(
                    "Correct the rows of the first sheet and upload it again; rows already imported are not changed twice."
                )
            ]
        )
        if path is None:
            with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as handle:
                path = Path(handle.name)
        self.workbook.save(path)
        return path
