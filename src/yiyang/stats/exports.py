"""Excel of any dashboard table (openpyxl): what the page shows, small counts hidden alike."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from io import BytesIO

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from yiyang.stats.choices import TargetStatus

TABLES = ("indicators", "regions", "ages", "ability")


def small(
    value: Decimal | None, unit: str, suppress: bool, show: Callable[[Decimal | None, str], str]
) -> str:
    """A figure for a cell: a count of fewer elders than the threshold shows "<5" when the
    reader may not see the elders."""
    threshold = settings.STATS_SMALL_COUNT_THRESHOLD
    if suppress and unit == "count" and value is not None and 0 < value < threshold:
        return f"<{threshold}"
    return show(value, unit)


def workbook(table: str, context: dict) -> bytes:
    """The named table of a dashboard context as an .xlsx file's bytes."""
    book = Workbook()
    sheet = book.active
    region = context["region"]
    sheet.title = table
    sheet.append([region.full_name() or region.name, f"{context['today']:%Y-%m-%d}"])
    if table == "indicators":
        sheet.append(
            [
                _("Indicator name"),
                _("Value"),
                _("Target"),
                _("Status"),
                pgettext("stats", "Source"),
                _("Binding or expected"),
            ]
        )
        for figure in context["figures"]:
            sheet.append(
                [
                    figure.indicator.name,
                    context["show_value"](figure.value, figure.indicator.unit),
                    context["show_value"](
                        figure.target.value if figure.target else None, figure.indicator.unit
                    ),
                    str(_status_label(figure.status)),
                    str(
                        pgettext("stats", "Computed")
                        if figure.is_computed
                        else _("Manually reported")
                    ),
                    figure.indicator.get_binding_display(),
                ]
            )
    elif table == "regions":
        sheet.append([pgettext("stats", "Region"), *[i.name for i in context["computed"]]])
        for row in context["child_rows"]:
            sheet.append([row["region"].name, *row["cells"]])
    else:
        data = context["age_table" if table == "ages" else "ability_table"]
        sheet.append([pgettext("stats", "Region"), *data.columns, pgettext("stats", "Total")])
        for child, cells, total in data.rows:
            sheet.append([child.name, *cells, total])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _status_label(status: str) -> str:
    return str(TargetStatus(status).label)
