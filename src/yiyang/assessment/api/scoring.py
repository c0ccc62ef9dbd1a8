"""The stateless scoring endpoint and the list of scales (issue 3); they reveal no elder."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import LimitOffsetPagination, paginate

from yiyang.assessment.choices import ScaleStatus
from yiyang.assessment.errors import AssessmentError, ErrorCode
from yiyang.assessment.models import Scale
from yiyang.assessment.reasons import described, refusal
from yiyang.assessment.schemas.scoring import ScaleOut, ScoreIn, ScoreOut
from yiyang.assessment.scoring import ScoringError, score
from yiyang.assessment.services.scales import published_scale

router = Router(tags=["assessments"])


@router.post(
    "/assessments/score",
    response=ScoreOut,
    summary="Score answers on the published version of a scale (nothing is stored)",
)
def score_answers(request, payload: ScoreIn):
    scale = _scale_for_scoring(payload.scale)
    definition = scale.definition
    try:
        result = score(
            definition,
            payload.answers,
            coma=payload.coma,
            diagnoses=[diagnosis.dict() for diagnosis in payload.diagnoses],
            risk_events=payload.risk_events_30d,
        )
    except ScoringError as error:
        raise refusal(error, definition) from None
    return {
        "scale": scale.code,
        "version": scale.version,
        "total": result.total,
        "dimensions": result.dimensions,
        "dimension_grades": result.dimension_grades,
        "initial_level": result.initial_level,
        "level": result.level,
        "level_name": result.level_name,
        "reasons": described(result.reasons, definition),
    }


def _scale_for_scoring(code: str) -> Scale:
    """The published version of `code`; an unverified one is named as such, not as unknown."""
    if not Scale.objects.filter(code=code, status=ScaleStatus.PUBLISHED).exists():
        unverified = Scale.objects.filter(code=code, is_verified=False).exclude(
            status=ScaleStatus.RETIRED
        )
        if unverified.exists():
            raise AssessmentError(
                ErrorCode.SCALE_UNVERIFIED,
                _(
                    "The scale {scale} has rules marked “to verify”: it scores nothing until an administrator confirms them against the official text."
                ).format(scale=code),
                field="scale",
            )
    return published_scale(code)


@router.get(
    "/assessments/scales",
    response=list[ScaleOut],
    summary="Scales: the published versions, and versions waiting for verification (flagged)",
)
@paginate(LimitOffsetPagination)
def list_scales(request):
    published = Scale.objects.filter(status=ScaleStatus.PUBLISHED)
    waiting = Scale.objects.filter(status=ScaleStatus.DRAFT, is_verified=False).exclude(
        code__in=published.values("code")
    )
    return [_scale_out(scale) for scale in (published | waiting).order_by("code", "-version")]


def _scale_out(scale: Scale) -> dict:
    definition = scale.definition
    return {
        "code": scale.code,
        "version": scale.version,
        "name": scale.name,
        "status": scale.status,
        "is_verified": scale.is_verified,
        "usable": scale.status == ScaleStatus.PUBLISHED and scale.is_verified,
        "source": scale.source,
        "method": definition.get("method", ""),
        "to_verify": "" if scale.is_verified else definition.get("to_verify", ""),
        "dimensions": definition.get("dimensions", []),
        "levels": definition.get("levels", []),
        "rules": definition.get("rules", {}),
    }
