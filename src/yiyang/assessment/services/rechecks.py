"""Spot rechecks (抽查复评, seed 001 item 7): draw a reproducible sample of a quarter's final
assessments, have a different team reassess them, and assign those rechecks.

The draw: the population is every final assessment (rechecks excluded) of elders living in the
region whose `finalised_at` falls in the quarter (Asia/Shanghai); the sample size is
ceil(share × population), at least 1 when anyone is there; the population sorted by pk is sampled
with `random.Random(seed).sample`, and the seed is stored, so anyone can redraw the same sample.
The agreement report is in `recheck_report.py`.
"""

from __future__ import annotations

import math
import random
import secrets
from datetime import datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.assessment.choices import (
    AssessmentEventType,
    AssessmentReason,
    AssessmentStatus,
    RequestSource,
)
from yiyang.assessment.errors import AssessmentError, ErrorCode
from yiyang.assessment.models import (
    Assessment,
    AssessmentAgency,
    AssessmentPolicy,
    Assessor,
    RecheckCase,
    RecheckRound,
)
from yiyang.assessment.recheck_report import recheck_report
from yiyang.assessment.services.workflow import assign_assessment, record_step
from yiyang.core import audit
from yiyang.core.models import Region, User
from yiyang.core.scoping import require
from yiyang.core.validators.region_code import code_prefix
from yiyang.registry.services import add_timeline_entry

CAPABILITY = "assessment.run_rechecks"
SHANGHAI = ZoneInfo("Asia/Shanghai")
MAX_SEED = 2**63  # the seed is stored in a signed 64-bit column


def quarter_bounds(year: int, quarter: int) -> tuple[datetime, datetime]:
    """Return the first instant of the quarter and of the next one, in Asia/Shanghai."""
    start = datetime(year, 3 * (quarter - 1) + 1, 1, tzinfo=SHANGHAI)
    end = (
        datetime(year + 1, 1, 1, tzinfo=SHANGHAI)
        if quarter == 4
        else datetime(year, 3 * quarter + 1, 1, tzinfo=SHANGHAI)
    )
    return start, end


def recheck_population(region_code: str, *, year: int, quarter: int):
    """Final assessments of elders in the region finalised in the quarter, rechecks excluded,
    ordered by pk (the order the seeded draw depends on)."""
    start, end = quarter_bounds(year, quarter)
    return (
        Assessment.objects.filter(  # scoped: the caller checked run_rechecks for the region
            status=AssessmentStatus.FINAL,
            elder__residence_region__code__startswith=code_prefix(region_code),
            finalised_at__gte=start,
            finalised_at__lt=end,
        )
        .exclude(reason=AssessmentReason.RECHECK)
        .order_by("pk")
    )


def sample_size(share: Decimal, population: int) -> int:
    """ceil(share × population), at least 1 when there is anyone, at most everyone."""
    if population <= 0:
        return 0
    return min(population, max(1, math.ceil(share * population)))


def draw_sample(pks: list[int], *, share: Decimal, seed: int) -> list[int]:
    """Draw the sample from pks sorted ascending; the same pks, share and seed give the same."""
    return random.Random(seed).sample(sorted(pks), sample_size(share, len(pks)))


def _checked_round_input(year: int, quarter: int, share, seed) -> tuple[Decimal | None, int | None]:
    if not 2000 <= int(year) <= 2100:
        raise AssessmentError(
            ErrorCode.VALUE_INVALID, _("Enter a year from 2000 to 2100."), field="year"
        )
    if not 1 <= int(quarter) <= 4:
        raise AssessmentError(
            ErrorCode.VALUE_INVALID, _("A quarter is 1, 2, 3 or 4."), field="quarter"
        )
    checked_share = None
    if share is not None:
        try:
            checked_share = Decimal(str(share))
        except InvalidOperation:
            checked_share = Decimal(-1)
        if (
            not checked_share.is_finite()
            or not Decimal(0) < checked_share <= 1
            or checked_share != checked_share.quantize(Decimal("0.001"))
        ):
            raise AssessmentError(
                ErrorCode.VALUE_INVALID,
                _(
                    "The share drawn is a number above 0 and at most 1, with at most 3 decimals (0.05 is 5%)."
                ),
                field="share",
            )
    if seed is not None and not 0 <= int(seed) < MAX_SEED:
        raise AssessmentError(
            ErrorCode.VALUE_INVALID,
            _("The seed is a whole number from 0 to 9223372036854775807."),
            field="seed",
        )
    return checked_share, None if seed is None else int(seed)


def _region(region: Region | str) -> Region:
    if isinstance(region, Region):
        return region
    found = Region.objects.filter(code=region).first()
    if found is None:
        raise AssessmentError(
            ErrorCode.VALUE_INVALID,
            _("“{code}” is not a known region.").format(code=region),
            field="region",
        )
    return found


def _round_exists(place: Region, year: int, quarter: int) -> AssessmentError:
    return AssessmentError(
        ErrorCode.RECHECK_ROUND_EXISTS,
        _("{region} already has a recheck round for {year} Q{quarter}.").format(
            region=place.name, year=year, quarter=quarter
        ),
        field="quarter",
    )


def draw_recheck_round(
    region: Region | str,
    *,
    year: int,
    quarter: int,
    share: Decimal | str | None = None,
    seed: int | None = None,
    actor: User,
) -> RecheckRound:
    """Draw a quarter's recheck sample for a region and request a recheck of each drawn case.

    `share` defaults to the policy in force on the day of the draw; `seed` to a random one. Both
    are stored on the round. A recheck does not replace the original result (no `supersedes`).
    """
    place = _region(region)
    require(actor, CAPABILITY, place.code)
    checked_share, checked_seed = _checked_round_input(year, quarter, share, seed)
    year, quarter = int(year), int(quarter)
    if checked_share is None:
        checked_share = Decimal(
            AssessmentPolicy.objects.in_force(timezone.localdate()).recheck_share
        )
    if checked_seed is None:
        checked_seed = secrets.randbelow(MAX_SEED)
    if RecheckRound.objects.filter(
        region=place, year=year, quarter=quarter
    ).exists():  # scoped: checked
        raise _round_exists(place, year, quarter)
    population = list(recheck_population(place.code, year=year, quarter=quarter))
    by_pk = {assessment.pk: assessment for assessment in population}
    drawn = sorted(draw_sample(list(by_pk), share=checked_share, seed=checked_seed))
    note = _("Spot recheck {year} Q{quarter}").format(year=year, quarter=quarter)
    try:
        with transaction.atomic():
            recheck_round = RecheckRound.objects.create(
                region=place,
                year=year,
                quarter=quarter,
                share=checked_share,
                seed=checked_seed,
                population_size=len(population),
                drawn_by=actor,
            )
            for pk in drawn:
                _open_case(recheck_round, by_pk[pk], note=note, actor=actor)
            audit.record_change(
                recheck_round,
                actor=actor,
                action="draw_recheck_round",
                fields=["region", "year", "quarter", "share", "seed", "population_size"],
                reason=f"drawn={len(drawn)}",
                region_code=place.code,
            )
    except IntegrityError:
        # Another user drew the same quarter between the check and the insert.
        raise _round_exists(place, year, quarter) from None
    return recheck_round


def _open_case(recheck_round: RecheckRound, original: Assessment, *, note: str, actor: User):
    recheck = Assessment.objects.create(
        elder_id=original.elder_id,
        # The same scale version as the original, so the two levels are comparable.
        scale_id=original.scale_id,
        reason=AssessmentReason.RECHECK,
        request_source=RequestSource.AUTOMATIC,
        status=AssessmentStatus.REQUESTED,
        requested_by=actor,
        request_note=note,
    )
    record_step(
        recheck,
        event=AssessmentEventType.REQUESTED,
        actor=actor,
        old_status="",
        before=None,
        note=note,
    )
    add_timeline_entry(
        original.elder,
        kind="assessment.requested",
        actor=actor,
        data={
            "assessment": recheck.pk,
            "reason": AssessmentReason.RECHECK.value,
            "source": RequestSource.AUTOMATIC.value,
        },
    )
    return RecheckCase.objects.create(round=recheck_round, original=original, recheck=recheck)


def _refuse(code: ErrorCode, message: str, field: str) -> AssessmentError:
    return AssessmentError(code, message, field=field)


def check_recheck_team(case: RecheckCase, *, lead: Assessor, second: Assessor) -> None:
    """Refuse a recheck team that shares an assessor with the original assessment's team."""
    original = {case.original.lead_assessor_id, case.original.second_assessor_id} - {None}
    for field, assessor in (("lead", lead), ("second", second)):
        if assessor.pk in original:
            raise _refuse(
                ErrorCode.RECHECK_TEAM_OVERLAP,
                _("{name} assessed the original; a recheck needs a different team.").format(
                    name=assessor.name
                ),
                field,
            )


def assign_recheck(
    case: RecheckCase,
    *,
    agency: AssessmentAgency,
    lead: Assessor,
    second: Assessor,
    actor: User,
) -> Assessment:
    """Assign a case's recheck to a team that shares no assessor with the original's.

    The workflow's `assign_assessment` does the rest: status, an agency serving the elder's
    region, two different qualified assessors of it, the event and the audit record.
    """
    require(actor, CAPABILITY, case.round.region_id)
    if case.recheck is None:
        raise AssessmentError(
            ErrorCode.WRONG_STATUS, _("This case has no recheck to assign."), field="lead"
        )
    check_recheck_team(case, lead=lead, second=second)
    return assign_assessment(case.recheck, agency=agency, lead=lead, second=second, actor=actor)


__all__ = [
    "assign_recheck",
    "check_recheck_team",
    "draw_recheck_round",
    "draw_sample",
    "quarter_bounds",
    "recheck_population",
    "recheck_report",
    "sample_size",
]
