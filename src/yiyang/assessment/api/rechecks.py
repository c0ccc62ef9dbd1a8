"""Recheck round endpoints: list the rounds, draw one, read one with its agreement report.

Reading needs `assessment.view_assessment` in the round's region (the round's QuerySet); the
draw needs `assessment.run_rechecks` there, checked by the service.
"""

from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from yiyang.assessment.models import RecheckRound
from yiyang.assessment.recheck_report import AgreementRow, CaseRow, recheck_report
from yiyang.assessment.schemas.agencies import RoundDetailOut, RoundIn, RoundOut
from yiyang.assessment.services import rechecks as services

router = Router(tags=["spot rechecks"])


def _rounds(user):
    return RecheckRound.objects.visible_to(user).select_related("region", "drawn_by")


def _agreement(row: AgreementRow) -> dict:
    return {
        "pk": row.key,
        "name": row.label,
        "completed": row.completed,
        "agreement_rate": row.agreement_rate,
        "weighted_kappa": row.kappa,
        "mean_absolute_difference": row.mean_difference,
        "large_disagreements": row.large,
    }


def _team(assessment) -> list[str]:
    if assessment is None:
        return []
    return [a.name for a in (assessment.lead_assessor, assessment.second_assessor) if a]


def _case(row: CaseRow) -> dict:
    original, recheck = row.case.original, row.case.recheck
    return {
        "pk": row.case.pk,
        "elder_pk": original.elder_id,
        "elder_name": original.elder.name,
        "original_pk": original.pk,
        "original_level": row.original_level,
        "original_agency": original.agency.name if original.agency else "",
        "original_assessors": _team(original),
        "recheck_pk": recheck.pk if recheck else None,
        "recheck_status": recheck.status if recheck else None,
        "recheck_agency": recheck.agency.name if recheck and recheck.agency else "",
        "recheck_assessors": _team(recheck),
        "recheck_level": row.recheck_level,
        "difference": row.difference,
        "is_large_disagreement": row.is_large,
    }


def _detail(recheck_round: RecheckRound) -> dict:
    report = recheck_report(recheck_round)
    return {
        "pk": recheck_round.pk,
        "region_code": recheck_round.region_id,
        "region_name": recheck_round.region.name,
        "year": recheck_round.year,
        "quarter": recheck_round.quarter,
        "share": recheck_round.share,
        "seed": recheck_round.seed,
        "population_size": recheck_round.population_size,
        "status": recheck_round.status,
        "drawn_by": str(recheck_round.drawn_by),
        "drawn_at": recheck_round.drawn_at,
        "large_disagreement_levels": report.threshold,
        "overall": _agreement(report.overall),
        "by_agency": [_agreement(row) for row in report.by_agency],
        "by_assessor": [_agreement(row) for row in report.by_assessor],
        "cases": [_case(row) for row in report.cases],
    }


@router.get("/recheck-rounds/", response=list[RoundOut], summary="List recheck rounds")
@paginate(LimitOffsetPagination)
def list_rounds(request):
    return _rounds(request.user).order_by("-year", "-quarter", "region_id", "pk")


@router.get(
    "/recheck-rounds/{int:pk}", response=RoundDetailOut, summary="A round and its agreement report"
)
def get_round(request, pk: int):
    return _detail(get_object_or_404(_rounds(request.user), pk=pk))


@router.post("/recheck-rounds/", response={201: RoundDetailOut}, summary="Draw a recheck round")
def draw_round(request, payload: RoundIn):
    """Draw a quarter's sample of final assessments; the seed is recorded and returned."""
    recheck_round = services.draw_recheck_round(**payload.dict(), actor=request.user)
    return Status(201, _detail(get_object_or_404(_rounds(request.user), pk=recheck_round.pk)))
