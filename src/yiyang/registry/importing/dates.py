"""Read dates as clerks write them: Excel date cells, 1945-03-08, 1945/3/8, 1945.3.8,
1945年3月8日, 19450308, and Excel serial numbers that lost their date format."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

_SEPARATED = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
# Excel's day 0 is 1899-12-30 (its 1900 leap-year bug is before any birth date we keep).
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(value: object) -> date | None:
    """Return the date a cell holds, or None when it holds no recognisable date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        return None
    text = str(value).strip()
    # A time part after the date ("1945-03-08 00:00:00") is noise from a copied cell.
    text = text.split(" ", 1)[0] if re.match(r"\d{4}-", text) else text
    match = _SEPARATED.fullmatch(text) or _COMPACT.fullmatch(text)
    if match is None:
        if text.isdigit() and len(text) <= 5:
            return parse_date(int(text))
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
