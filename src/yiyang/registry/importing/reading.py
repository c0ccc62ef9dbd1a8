"""Stream the rows of an elder list, wherever its header is and however it was saved.

Street offices send Excel workbooks with a title row ("XX街道老年人花名册") above the header,
and CSV files saved by Excel as GBK. Rows are read one at a time, never the whole file.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from yiyang.registry.errors import ErrorCode, RegistryError
from yiyang.registry.importing.headers import FIELD_LABELS, REQUIRED_FIELDS, match_header

# The header is looked for in this many rows from the top.
HEADER_SEARCH_ROWS = 10
_SNIFF_BYTES = 256 * 1024


class ImportFileError(RegistryError):
    """The file as a whole cannot be read: nothing was imported."""

    def __init__(self, message: str) -> None:
        super().__init__(ErrorCode.FILE_UNREADABLE, message, field="file")


@dataclass
class Sheet:
    """An open elder list: its header, and its data rows as (row number, cells)."""

    columns: list[str]
    fields: dict[int, str]
    header_row: int
    rows: Iterator[tuple[int, list[Any]]]
    _close: Any = field(default=None, repr=False)

    def column_of(self, field_key: str) -> str:
        """Return the header text of the column holding `field_key` (or the field's label)."""
        for index, key in self.fields.items():
            if key == field_key:
                return self.columns[index]
        label = FIELD_LABELS.get(field_key)
        return str(label) if label is not None else field_key

    @property
    def present_fields(self) -> set[str]:
        return set(self.fields.values())

    def close(self) -> None:
        if self._close is not None:
            self._close()


def open_sheet(source: str | Path | IO[bytes], name: str = "") -> Sheet:
    """Open an .xlsx or .csv elder list and find its header row; raise ImportFileError."""
    name = name or str(getattr(source, "name", source))
    handle: IO[bytes] = open(source, "rb") if isinstance(source, str | Path) else source  # noqa: SIM115
    start = handle.read(8)
    handle.seek(0)
    try:
        if start.startswith(b"PK"):
            return _with_header(*_xlsx_rows(handle))
        if start.startswith(b"\xd0\xcf\x11\xe0"):
            raise ImportFileError(
                _("This is an old Excel file (.xls): save it as .xlsx or .csv and upload again.")
            )
        if name.lower().endswith((".xlsx", ".xlsm")):
            raise ImportFileError(_("The Excel file is damaged and cannot be opened."))
        return _with_header(*_csv_rows(handle))
    except ImportFileError:
        if isinstance(source, str | Path):
            handle.close()
        raise


def _xlsx_rows(handle: IO[bytes]):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(_("The Excel file is damaged and cannot be opened.")) from error
    sheet = workbook.worksheets[0]

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(values)

    def close() -> None:
        workbook.close()
        handle.close()

    return rows(), close


def sniff_encoding(sample: bytes) -> str:
    """Return utf-8-sig when the sample is UTF-8, else gb18030 (Excel's "CSV" in China)."""
    # Cut at the last line break so a character split by the sample's end is not a failure.
    cut = sample.rfind(b"\n")
    sample = sample[: cut + 1] if cut > 0 and len(sample) == _SNIFF_BYTES else sample
    try:
        sample.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8-sig"
    try:
        sample.decode("gb18030")
    except UnicodeDecodeError:
        raise ImportFileError(
            _("The file is neither an Excel workbook nor a CSV file in UTF-8 or GBK.")
        ) from None
    return "gb18030"


def _csv_rows(handle: IO[bytes]):
    sample = handle.read(_SNIFF_BYTES)
    handle.seek(0)
    if b"\x00" in sample:
        raise ImportFileError(
            _("The file is neither an Excel workbook nor a CSV file in UTF-8 or GBK.")
        )
    encoding = sniff_encoding(sample)
    first_line = codecs.decode(sample.split(b"\n", 1)[0], encoding, errors="replace")
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    text = io.TextIOWrapper(handle, encoding=encoding, newline="")
    reader = csv.reader(text, delimiter=delimiter)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            yield from enumerate(reader, start=1)
        except (UnicodeDecodeError, csv.Error) as error:
            raise ImportFileError(
                _("The file cannot be read after row {row}: {reason}").format(
                    row=reader.line_num, reason=error
                )
            ) from error

    return rows(), text.close


def _with_header(rows: Iterator[tuple[int, list[Any]]], close) -> Sheet:
    for number, cells in rows:
        if number > HEADER_SEARCH_ROWS:
            break
        mapping = match_header(cells)
        if all(key in mapping.values() for key in REQUIRED_FIELDS):
            columns = ["" if cell is None else str(cell).strip() for cell in cells]
            return Sheet(columns, mapping, number, _data_rows(rows), close)
    close()
    raise ImportFileError(
        _(
            "No header row was found in the first {count} rows: the list needs the columns 姓名, 身份证号 and 社区."
        ).format(count=HEADER_SEARCH_ROWS)
    )


def _data_rows(rows: Iterator[tuple[int, list[Any]]]) -> Iterator[tuple[int, list[Any]]]:
    for number, cells in rows:
        # Blank rows (and rows of empty strings Excel leaves after deleting data) are skipped.
        if any(cell is not None and cell != "" and not str(cell).isspace() for cell in cells):
            yield number, cells


def count_rows(source: str | Path, name: str = "") -> int:
    """Estimate the data rows of a file without reading it into memory (for the progress bar)."""
    path = Path(source)
    with path.open("rb") as handle:
        if handle.read(2) == b"PK":
            from openpyxl import load_workbook

            try:
                workbook = load_workbook(path, read_only=True)
            except (zipfile.BadZipFile, KeyError, OSError, ValueError):
                return 0
            try:
                return max(0, (workbook.worksheets[0].max_row or 1) - 1)
            finally:
                workbook.close()
        handle.seek(0)
        lines = 0
        while chunk := handle.read(1 << 20):
            lines += chunk.count(b"\n")
        return max(0, lines - 1)
