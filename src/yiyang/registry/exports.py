"""Export a filtered elder list to Excel (.xlsx), masked unless the user asked and may see more.

The workbook is written row by row (openpyxl write_only) into a temporary file that spills to
disk, so memory stays flat; the number of rows is capped (`EXPORT_MAX_ROWS`).
"""

from __future__ import annotations

import tempfile

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from yiyang.registry.models import Elder, ElderCategory

EXPORT_MAX_ROWS = settings.REGISTRY_EXPORT_MAX_ROWS
CHUNK = 2000


def current_categories(on=None) -> Prefetch:
    """Prefetch each elder's categories valid on a day into `current_categories`."""
    on = on or timezone.localdate()
    return Prefetch(
        "categories",
        queryset=ElderCategory.objects.filter(valid_from__lte=on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        ),
        to_attr="current_categories",
    )


def _headers() -> list[str]:
    return [
        _("Name"),
        _("Gender"),
        _("Birth date"),
        _("Age"),
        _("Identity number"),
        _("Phone"),
        _("District"),
        _("Street"),
        _("Community"),
        _("Address"),
        _("Living arrangement"),
        _("Categories"),
        _("Status"),
    ]


def _row(elder: Elder, *, full: bool, today) -> list:
    community = elder.residence_region
    street = community.parent
    district = street.parent if street else None
    categories = [str(held.get_category_display()) for held in elder.current_categories]  # type: ignore[attr-defined]
    age = elder.age(today)
    if age >= 80:
        categories.append(_("Advanced age (80+)"))
    return [
        elder.name,
        elder.get_gender_display(),
        elder.birth_date,
        age,
        elder.id_number if full else elder.id_number_masked,
        elder.phone_primary if full else elder.phone_masked,
        district.name if district else "",
        street.name if street else "",
        community.name,
        elder.address,
        elder.get_living_arrangement_display(),
        "、".join(categories),
        elder.get_status_display(),
    ]


def write_elders_xlsx(queryset, *, full: bool):
    """Write the elders of `queryset` (already scoped and capped) to a spooled .xlsx file."""
    today = timezone.localdate()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Elders"))
    sheet.append(_headers())
    rows = (
        queryset.select_related(
            "residence_region", "residence_region__parent", "residence_region__parent__parent"
        )
        .prefetch_related(current_categories(today))
        .order_by("residence_region_id", "name", "pk")
    )
    for elder in rows.iterator(chunk_size=CHUNK):
        sheet.append(_row(elder, full=full, today=today))
    target = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    workbook.save(target)
    target.seek(0)
    return target
