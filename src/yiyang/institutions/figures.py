"""Figures for statistics by region (seed 000 targets; indicators.md): named queries over the beds,
residents and the registry. Shares are Decimals rounded half up; a figure with nothing to divide
by is None rather than 0, so "no data" never reads as "none achieved".

- beds per 1,000 elders: beds of operating institutions in the region ÷ active registry elders
  living there × 1,000 (one decimal);
- nursing-bed share (护理型床位占比): nursing beds ÷ all beds of operating institutions (percent,
  one decimal);
- occupancy (入住率): occupied beds ÷ beds in service (all but out of service) (percent);
- medical-agreement share (医养结合): operating institutions with an agreement in force on the day
  ÷ all operating institutions (percent);
- concentrated-support rate (特困集中供养率): elders holding 特困 on the day and living in the
  region who have an open stay with concentrated support ÷ all such elders (percent).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from yiyang.core.validators.region_code import code_prefix
from yiyang.institutions.choices import BedKind, BedState, InstitutionStatus
from yiyang.institutions.models import Bed, Institution, MedicalAgreement, Residency
from yiyang.registry.choices import Category, ElderStatus
from yiyang.registry.models import Elder, ElderCategory

ONE_PLACE = Decimal("0.1")


def _ratio(part: int, whole: int, scale: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * scale / Decimal(whole)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def _beds(region_code: str):
    return Bed.objects.filter(
        room__institution__region__code__startswith=code_prefix(region_code),
        room__institution__status=InstitutionStatus.OPERATING,
    )


def bed_counts(region_code: str) -> dict[str, int]:
    """Total, nursing, in-service and occupied beds of the region's operating institutions."""
    return _beds(region_code).aggregate(
        total=Count("pk"),
        nursing=Count("pk", filter=Q(kind=BedKind.NURSING)),
        in_service=Count("pk", filter=~Q(state=BedState.OUT_OF_SERVICE)),
        occupied=Count("pk", filter=Q(state=BedState.OCCUPIED)),
    )


def beds_per_thousand_elders(region_code: str) -> Decimal | None:
    elders = Elder.objects.filter(
        residence_region__code__startswith=code_prefix(region_code), status=ElderStatus.ACTIVE
    ).count()
    return _ratio(bed_counts(region_code)["total"], elders, 1000)


def nursing_bed_share(region_code: str) -> Decimal | None:
    counts = bed_counts(region_code)
    return _ratio(counts["nursing"], counts["total"], 100)


def occupancy(region_code: str) -> Decimal | None:
    counts = bed_counts(region_code)
    return _ratio(counts["occupied"], counts["in_service"], 100)


def concentrated_support_rate(region_code: str, on: date) -> Decimal | None:
    holders = ElderCategory.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on),
        category=Category.EXTREME_POVERTY,
        valid_from__lte=on,
        elder__status=ElderStatus.ACTIVE,
        elder__residence_region__code__startswith=code_prefix(region_code),
    ).values("elder_id")
    supported = (
        Residency.objects.current()
        .filter(concentrated_support=True, elder_id__in=holders)
        .values("elder_id")
        .distinct()
        .count()
    )
    return _ratio(supported, holders.distinct().count(), 100)


def medical_agreement_share(region_code: str, on: date) -> Decimal | None:
    operating = Institution.objects.operating().filter(
        region__code__startswith=code_prefix(region_code)
    )
    with_agreement = operating.filter(
        pk__in=MedicalAgreement.objects.in_force(on).values("institution_id")
    )
    return _ratio(with_agreement.count(), operating.count(), 100)


def grade_distribution(region_code: str, on: date) -> dict[str, int]:
    """Operating institutions of the region by their grade valid on the day (GB/T 37276):
    {"1": n, …, "5": n, "none": n}; seed 000's target is every institution at grade 1 or above."""
    from yiyang.institutions.models import GradeAssessment

    operating = Institution.objects.operating().filter(
        region__code__startswith=code_prefix(region_code)
    )
    grades = GradeAssessment.objects.filter(institution__in=operating).current_grades(on)
    counts = {str(grade): 0 for grade in range(1, 6)}
    for grade in grades.values():
        counts[str(grade)] += 1
    counts["none"] = operating.count() - len(grades)
    return counts
