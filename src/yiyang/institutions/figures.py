"""Figures for statistics by region (seed 000 targets; indicators.md): named queries over the beds,
residents and the registry.

Each figure is defined once, as a grouped count: `(within, prefix_length, on)` gives
`{region prefix: (numerator, denominator)}` for every region at one level in one query per table.
The statistics module registers them as indicator computations; the single-region helpers below
read the same counts for one region. Shares are Decimals rounded half up; a figure with nothing
to divide by is None rather than 0, so "no data" never reads as "none achieved".

- beds per 1,000 elders: beds of operating institutions in the region ÷ active registry elders
  living there × 1,000 (one decimal);
- nursing-bed share (护理型床位占比): nursing beds ÷ all beds of operating institutions (percent,
  one decimal);
- occupancy (入住率): occupied beds ÷ beds in service (all but out of service) (percent);
- medical-agreement share (医养结合): operating institutions with an agreement in force on the day
  ÷ all operating institutions (percent);
- concentrated-support rate (特困集中供养率): elders holding 特困 on the day and living in the
  region who have a stay with concentrated support on the day ÷ all such elders (percent);
  the "unable to care for themselves" variant (seed 000 表1) keeps the 失能 ones only.
- institution-care share (9073 之 3): active elders in a bed on the day ÷ active elders;
- graded-institution share (一级及以上): operating institutions with a grade valid on the day ÷ all
  operating institutions.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from yiyang.core.grouping import counts_by_prefix, divided_by, ratios
from yiyang.core.validators.region_code import code_prefix
from yiyang.institutions.choices import BedKind, BedState, InstitutionStatus
from yiyang.institutions.models import Bed, Institution, MedicalAgreement, Residency
from yiyang.registry.choices import Category
from yiyang.registry.models import Elder

ONE_PLACE = Decimal("0.1")
Counts = dict[str, tuple[int, int]]


def _ratio(part: int, whole: int, scale: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * scale / Decimal(whole)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def _beds(within: str):
    return Bed.objects.filter(  # scoped: statistics, the caller's region prefix
        room__institution__region__code__startswith=within,
        room__institution__status=InstitutionStatus.OPERATING,
    )


def _bed_counts(within: str, prefix_length: int) -> dict[str, dict[str, int]]:
    return counts_by_prefix(
        _beds(within),
        "room__institution__region_id",
        prefix_length,
        total=Count("pk"),
        nursing=Count("pk", filter=Q(kind=BedKind.NURSING)),
        in_service=Count("pk", filter=~Q(state=BedState.OUT_OF_SERVICE)),
        occupied=Count("pk", filter=Q(state=BedState.OCCUPIED)),
    )


def _elders(within: str):
    return Elder.objects.in_registry().filter(  # scoped: statistics
        residence_region__code__startswith=within
    )


def _elder_counts(within: str, prefix_length: int) -> dict[str, int]:
    found = counts_by_prefix(_elders(within), "residence_region_id", prefix_length, n=Count("pk"))
    return {prefix: row["n"] for prefix, row in found.items()}


def _staying_on(on: date) -> Q:
    """A stay that covers the day (begun, and not ended before it)."""
    return Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on))


def beds_and_elders(*, within: str, prefix_length: int, on: date) -> Counts:
    """Beds of operating institutions, and active elders, per region (beds per 1,000 elders).

    Beds have no history: a closed month keeps the count its snapshot took."""
    beds = {prefix: row["total"] for prefix, row in _bed_counts(within, prefix_length).items()}
    return divided_by(beds, _elder_counts(within, prefix_length))


def nursing_beds(*, within: str, prefix_length: int, on: date) -> Counts:
    """Nursing beds over all beds of operating institutions (护理型床位占比)."""
    return ratios(_bed_counts(within, prefix_length), "nursing", "total")


def occupied_beds(*, within: str, prefix_length: int, on: date) -> Counts:
    """Occupied beds over beds in service (入住率)."""
    return ratios(_bed_counts(within, prefix_length), "occupied", "in_service")


def institutions_with_medical_agreement(*, within: str, prefix_length: int, on: date) -> Counts:
    """Operating institutions with a medical agreement in force on the day over all operating
    ones (医养结合机构占比). An own medical unit is not recorded yet, so only agreements count."""
    in_force = MedicalAgreement.objects.in_force(on).filter(  # scoped: correlated
        institution=OuterRef("pk")
    )
    found = counts_by_prefix(
        Institution.objects.operating().filter(
            region__code__startswith=within
        ),  # scoped: statistics
        "region_id",
        prefix_length,
        total=Count("pk"),
        agreed=Count("pk", filter=Q(Exists(in_force))),
    )
    return ratios(found, "agreed", "total")


def graded_institutions(*, within: str, prefix_length: int, on: date) -> Counts:
    """Operating institutions holding a grade valid on the day (1 to 5, GB/T 37276) over all
    operating ones (一级及以上养老机构占比; seed 000's target is every one of them)."""
    from yiyang.institutions.models import GradeAssessment

    graded = GradeAssessment.objects.valid_on(on).filter(  # scoped: correlated
        institution=OuterRef("pk")
    )
    found = counts_by_prefix(
        Institution.objects.operating().filter(
            region__code__startswith=within
        ),  # scoped: statistics
        "region_id",
        prefix_length,
        total=Count("pk"),
        graded=Count("pk", filter=Q(Exists(graded))),
    )
    return ratios(found, "graded", "total")


def _concentrated(within: str, prefix_length: int, on: date, *, unable_only: bool) -> Counts:
    holders = _elders(within).holding(Category.EXTREME_POVERTY, on=on)
    if unable_only:
        holders = holders.holding("disabled", on=on)
    supported = Residency.objects.filter(  # scoped: correlated
        _staying_on(on), elder=OuterRef("pk"), concentrated_support=True
    )
    found = counts_by_prefix(
        holders,
        "residence_region_id",
        prefix_length,
        total=Count("pk", distinct=True),
        supported=Count("pk", distinct=True, filter=Q(Exists(supported))),
    )
    return ratios(found, "supported", "total")


def concentrated_support(*, within: str, prefix_length: int, on: date) -> Counts:
    """特困 elders in concentrated support over all 特困 elders, by where they are registered."""
    return _concentrated(within, prefix_length, on, unable_only=False)


def concentrated_support_unable(*, within: str, prefix_length: int, on: date) -> Counts:
    """生活不能自理特困人员集中供养率 (seed 000 表1): as above, among the 特困 elders who are
    失能 on the day (a valid assessment at level 1 or worse, GLOSSARY.md)."""
    return _concentrated(within, prefix_length, on, unable_only=True)


def elders_in_institutions(*, within: str, prefix_length: int, on: date) -> Counts:
    """Active elders in an institution's bed on the day over all active elders (9073 之 3)."""
    staying = Residency.objects.filter(_staying_on(on), elder=OuterRef("pk"))  # scoped: correlated
    found = counts_by_prefix(
        _elders(within),
        "residence_region_id",
        prefix_length,
        total=Count("pk"),
        staying=Count("pk", filter=Q(Exists(staying))),
    )
    return ratios(found, "staying", "total")


def _one_region(figure, region_code: str, on: date | None, scale: int) -> Decimal | None:
    """One region's figure from the grouped count that defines it."""
    prefix = code_prefix(region_code)
    counts = figure(within=prefix, prefix_length=len(prefix), on=on or timezone.localdate())
    part, whole = counts.get(prefix, (0, 0))
    return _ratio(part, whole, scale)


def beds_per_thousand_elders(region_code: str, on: date | None = None) -> Decimal | None:
    return _one_region(beds_and_elders, region_code, on, 1000)


def nursing_bed_share(region_code: str, on: date | None = None) -> Decimal | None:
    return _one_region(nursing_beds, region_code, on, 100)


def occupancy(region_code: str, on: date | None = None) -> Decimal | None:
    return _one_region(occupied_beds, region_code, on, 100)


def concentrated_support_rate(region_code: str, on: date) -> Decimal | None:
    return _one_region(concentrated_support, region_code, on, 100)


def medical_agreement_share(region_code: str, on: date) -> Decimal | None:
    return _one_region(institutions_with_medical_agreement, region_code, on, 100)


def graded_institution_share(region_code: str, on: date) -> Decimal | None:
    return _one_region(graded_institutions, region_code, on, 100)


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
