"""Record a grade assessment (等级评定, GB/T 37276-2018) of an institution.

The district or city grades (capability `institutions.check_filing`, the filing authority's); the
points are checked item by item against the scheme in force on the assessment day and the grade
follows from the scheme's thresholds (`grading.py`), valid for the scheme's number of years.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.core.scoping import require
from yiyang.institutions.errors import ErrorCode, InstitutionError
from yiyang.institutions.grading import grade_for, score_sheet
from yiyang.institutions.models import GradeAssessment, GradeScheme, Institution

GRADE = "institutions.check_filing"


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def record_grade_assessment(
    institution: Institution,
    *,
    assessed_on: date,
    prerequisites_met: bool,
    scores: Mapping[str, object],
    note: str,
    actor,
) -> GradeAssessment:
    """Score the sheet, give the grade and its validity, keep the scheme it was scored on."""
    require(actor, GRADE, institution.region_id)
    if assessed_on > timezone.localdate():
        raise InstitutionError(
            ErrorCode.DATE_INVALID, _("The day cannot be in the future."), field="assessed_on"
        )
    scheme = GradeScheme.objects.in_force(assessed_on)
    if scheme is None:
        raise InstitutionError(
            ErrorCode.NO_GRADE_SCHEME,
            _("No grade scheme is in force on this day."),
            field="assessed_on",
        )
    sheet = score_sheet(scheme.sections, scores)
    if isinstance(sheet, list):
        names = {item["code"]: item["name"] for part in scheme.sections for item in part["items"]}
        first = sheet[0]
        raise InstitutionError(
            ErrorCode.SCORES_INVALID,
            _("{item}: enter points from 0 to the item's maximum.").format(
                item=names[first.item_code]
            ),
            field=first.item_code,
        )
    grade = grade_for(
        sheet.section_totals, sheet.total, scheme.thresholds, eligible=prerequisites_met
    )
    with transaction.atomic():
        assessment = GradeAssessment.objects.create(
            institution=institution,
            scheme=scheme,
            assessed_on=assessed_on,
            prerequisites_met=prerequisites_met,
            scores={code: str(points) for code, points in sheet.scores.items()},
            section_totals={code: str(points) for code, points in sheet.section_totals.items()},
            total=sheet.total,
            grade=grade,
            valid_until=_add_years(assessed_on, scheme.validity_years) if grade else None,
            note=(note or "").strip()[:300],
            created_by=actor,
        )
        audit.record_change(
            assessment,
            actor=actor,
            action="create",
            fields=["institution", "assessed_on", "total", "grade", "valid_until"],
            region_code=institution.region_id,
        )
    return assessment
