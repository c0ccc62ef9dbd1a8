"""The agreement report of a recheck round (抽查复评, seed 001 item 7).

For each completed case (the recheck submitted or later) the original level is paired with the
recheck's; the pairs are measured for the whole round, by the original agency and by each
assessor of the original team (a case counts for both of its assessors). A case whose two levels
lie `policy.large_disagreement_levels` or more apart is flagged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from yiyang.assessment.agreement import (
    level_agreement_rate,
    mean_absolute_difference,
    weighted_kappa,
)
from yiyang.assessment.choices import AssessmentStatus
from yiyang.assessment.models import AssessmentPolicy, RecheckCase, RecheckRound

# A recheck's level counts once it has been submitted; review and publicity do not change it.
COMPLETED_STATUSES = frozenset(
    {
        AssessmentStatus.SUBMITTED,
        AssessmentStatus.PUBLICISED,
        AssessmentStatus.OBJECTED,
        AssessmentStatus.FINAL,
        AssessmentStatus.SUPERSEDED,
    }
)
DEFAULT_LEVELS = tuple(range(5))  # GB/T 42195-2022: 0 能力完好 … 4 能力完全丧失


@dataclass(frozen=True)
class CaseRow:
    case: RecheckCase
    original_level: int | None
    recheck_level: int | None
    is_completed: bool
    difference: int | None
    is_large: bool


@dataclass
class AgreementRow:
    """The measures of one group of completed cases (the round, an agency, an assessor)."""

    key: int | None
    label: str
    pairs: list[tuple[int, int]] = field(default_factory=list)
    large: int = 0
    levels: tuple[int, ...] = DEFAULT_LEVELS

    @property
    def completed(self) -> int:
        return len(self.pairs)

    @property
    def agreement_rate(self) -> float | None:
        return level_agreement_rate(self.pairs)

    @property
    def agreement_percent(self) -> float | None:
        rate = self.agreement_rate
        return None if rate is None else rate * 100

    @property
    def kappa(self) -> float | None:
        return weighted_kappa(self.pairs, categories=self.levels, weights="quadratic")

    @property
    def mean_difference(self) -> float | None:
        return mean_absolute_difference(self.pairs)

    def add(self, pair: tuple[int, int], *, is_large: bool) -> None:
        self.pairs.append(pair)
        self.large += int(is_large)


@dataclass
class RecheckReport:
    round: RecheckRound
    threshold: int
    cases: list[CaseRow]
    overall: AgreementRow
    by_agency: list[AgreementRow]
    by_assessor: list[AgreementRow]

    @property
    def large_disagreements(self) -> list[CaseRow]:
        return [row for row in self.cases if row.is_large]

    @property
    def completed(self) -> int:
        return self.overall.completed

    @property
    def overall_rows(self) -> list[AgreementRow]:
        """The round's own figures, as the one row of a table (empty before any recheck)."""
        return [self.overall] if self.overall.completed else []


def _levels(cases: list[RecheckCase]) -> tuple[int, ...]:
    """The levels the scales of the round define (GB/T 42195-2022's 0-4 when none says)."""
    found: set[int] = set()
    for case in cases:
        definition = case.original.scale.definition or {}
        found |= {int(level["level"]) for level in definition.get("levels", []) if "level" in level}
    return tuple(sorted(found)) or DEFAULT_LEVELS


def recheck_report(recheck_round: RecheckRound) -> RecheckReport:
    """Measure how well the rechecks of a round agree with the original results."""
    drawn_on = timezone.localdate(recheck_round.drawn_at)
    threshold = AssessmentPolicy.objects.in_force(drawn_on).large_disagreement_levels
    cases = list(
        recheck_round.cases.select_related(
            "original__scale",
            "original__elder",
            "original__agency",
            "original__lead_assessor",
            "original__second_assessor",
            "recheck__agency",
            "recheck__lead_assessor",
            "recheck__second_assessor",
        ).order_by("pk")
    )
    levels = _levels(cases)
    overall = AgreementRow(key=None, label="", levels=levels)
    agencies: dict[int | None, AgreementRow] = {}
    assessors: dict[int, AgreementRow] = {}
    rows: list[CaseRow] = []
    for case in cases:
        original, recheck = case.original, case.recheck
        recheck_level = (
            recheck.level if recheck is not None and recheck.status in COMPLETED_STATUSES else None
        )
        if recheck_level is None or original.level is None:
            rows.append(CaseRow(case, original.level, None, False, None, False))
            continue
        pair = (original.level, recheck_level)
        difference = recheck_level - original.level
        is_large = abs(difference) >= threshold
        rows.append(CaseRow(case, original.level, recheck_level, True, difference, is_large))
        overall.add(pair, is_large=is_large)
        agency_row = agencies.setdefault(
            original.agency_id,
            AgreementRow(
                key=original.agency_id,
                label=original.agency.name if original.agency else "—",
                levels=levels,
            ),
        )
        agency_row.add(pair, is_large=is_large)
        for assessor in {
            a.pk: a for a in (original.lead_assessor, original.second_assessor) if a
        }.values():
            assessors.setdefault(
                assessor.pk, AgreementRow(key=assessor.pk, label=assessor.name, levels=levels)
            ).add(pair, is_large=is_large)
    return RecheckReport(
        round=recheck_round,
        threshold=threshold,
        cases=rows,
        overall=overall,
        by_agency=sorted(agencies.values(), key=lambda row: (row.label, row.key or 0)),
        by_assessor=sorted(assessors.values(), key=lambda row: (row.label, row.key or 0)),
    )
