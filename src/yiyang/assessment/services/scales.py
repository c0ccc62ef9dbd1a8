"""Scale versions: load the shipped scales, publish, version, confirm and retire them.

A version in use is never edited (issue 3): a change is a new version, drafted, then published,
which retires the version published before it. The 2021 LTC scale ships unverified and scores
nothing until a city administrator confirms it against the official text (domain-rules §1.3).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.assessment.choices import ScaleStatus
from yiyang.assessment.errors import AssessmentError, ErrorCode
from yiyang.assessment.models import Scale
from yiyang.assessment.scoring.definition import check_definition
from yiyang.core import audit
from yiyang.core.scoping import require

DATA = Path(__file__).resolve().parent.parent / "data"
# The shipped scales, and whether each is published on loading (GB/T 42195 is the default).
BUILTIN = (
    ("gbt_42195_2022.json", True),
    ("mzt_039_2013.json", True),
    ("ltc_2021.json", False),
)
MANAGE = "assessment.manage_scales"


def builtin_definitions() -> list[tuple[dict[str, Any], bool]]:
    """Return each shipped definition with whether it is published on loading."""
    return [
        (json.loads((DATA / name).read_text(encoding="utf-8")), publish)
        for name, publish in BUILTIN
    ]


def load_builtin_scales(actor=None) -> list[Scale]:
    """Create each shipped scale as version 1 when its code has no version yet; return the new.

    Idempotent: a code already present (in any version or status) is left alone, so a city's
    own versions are never overwritten.
    """
    created: list[Scale] = []
    with transaction.atomic():
        for definition, publish in builtin_definitions():
            if Scale.objects.filter(code=definition["code"]).exists():
                continue
            verified = definition.get("verified", True) is True
            scale = Scale.objects.create(
                code=definition["code"],
                version=1,
                name=definition["name"],
                status=ScaleStatus.PUBLISHED if publish and verified else ScaleStatus.DRAFT,
                is_verified=verified,
                source=definition.get("source", ""),
                definition=definition,
                published_at=timezone.now() if publish and verified else None,
            )
            audit.record_change(
                scale,
                actor=actor,
                action="load_scale",
                fields=["code", "version", "status", "is_verified", "source"],
            )
            created.append(scale)
    return created


def published_scale(code: str) -> Scale:
    """Return the published version of scale `code`, or refuse naming the scale."""
    scale = Scale.objects.filter(code=code, status=ScaleStatus.PUBLISHED).first()
    if scale is None:
        raise AssessmentError(
            ErrorCode.SCALE_UNKNOWN,
            _("No published version of the scale “{scale}” exists.").format(scale=code),
            field="scale",
        )
    return scale


def is_in_use(scale: Scale) -> bool:
    return scale.assessments.exists()


def new_scale_version(scale: Scale, *, definition: dict[str, Any], actor) -> Scale:
    """Draft version n+1 of `scale`'s code with `definition`; the versions before stay as they are."""
    require(actor, MANAGE)
    if definition.get("code") != scale.code:
        raise AssessmentError(
            ErrorCode.SCALE_DEFINITION_INVALID,
            _("The definition names another scale ({code}).").format(code=definition.get("code")),
            field="definition",
        )
    problems = check_definition(definition)
    if problems:
        raise AssessmentError(
            ErrorCode.SCALE_DEFINITION_INVALID,
            _("The definition cannot score: {where}.").format(
                where=", ".join(problem.field for problem in problems)
            ),
            field="definition",
        )
    with transaction.atomic():
        latest = Scale.objects.filter(code=scale.code).aggregate(top=Max("version"))["top"]
        created = Scale.objects.create(
            code=scale.code,
            version=(latest or 0) + 1,
            name=definition["name"],
            status=ScaleStatus.DRAFT,
            is_verified=definition.get("verified", True) is True,
            source=definition.get("source", ""),
            definition=definition,
        )
        audit.record_change(
            created,
            actor=actor,
            action="new_scale_version",
            fields=["code", "version", "status", "is_verified"],
            reason=f"from v{scale.version}",
        )
    return created


def publish_scale_version(scale: Scale, *, actor) -> Scale:
    """Publish a draft version; the version published before it is retired in the same step."""
    require(actor, MANAGE)
    with transaction.atomic():
        scale = Scale.objects.select_for_update().get(pk=scale.pk)
        if scale.status != ScaleStatus.DRAFT:
            raise _wrong_status(scale)
        if not scale.is_verified:
            raise AssessmentError(
                ErrorCode.SCALE_UNVERIFIED,
                _(
                    "{scale} has rules marked “to verify”: confirm them against the official text before publishing."
                ).format(scale=scale),
                field="scale",
            )
        for previous in Scale.objects.select_for_update().filter(
            code=scale.code, status=ScaleStatus.PUBLISHED
        ):
            _set_status(previous, ScaleStatus.RETIRED, actor=actor, action="retire_scale")
        scale.published_at = timezone.now()
        _set_status(scale, ScaleStatus.PUBLISHED, actor=actor, action="publish_scale")
    return scale


def confirm_scale(scale: Scale, *, actor, source: str) -> Scale:
    """Record that an administrator checked an unverified version against the official text.

    Sets `is_verified`, who and when, and the source document; the definition's own `verified`
    flag follows, so the version can score (it could not be used before, so no result changes).
    """
    require(actor, MANAGE)
    source = (source or "").strip()
    if not source:
        raise AssessmentError(
            ErrorCode.REQUIRED,
            _("Name the official document the rules were checked against."),
            field="source",
        )
    with transaction.atomic():
        scale = Scale.objects.select_for_update().get(pk=scale.pk)
        if scale.is_verified or scale.status == ScaleStatus.RETIRED:
            raise _wrong_status(scale)
        before = audit.snapshot(scale, ["is_verified", "verified_by", "verified_at", "source"])
        now = timezone.now()
        definition = copy.deepcopy(scale.definition)
        definition["verified"] = True
        definition["source"] = source
        definition["confirmed"] = {
            "by": actor.get_username(),
            "at": now.isoformat(),
            "source": source,
        }
        scale.definition = definition
        scale.is_verified = True
        scale.verified_by = actor
        scale.verified_at = now
        scale.source = source[:300]
        scale.save(
            update_fields=["definition", "is_verified", "verified_by", "verified_at", "source"]
        )
        audit.record_change(
            scale, actor=actor, action="confirm_scale", before=before, reason=source
        )
    return scale


def retire_scale(scale: Scale, *, actor) -> Scale:
    """Stop offering a version for new assessments; results made with it keep it."""
    require(actor, MANAGE)
    with transaction.atomic():
        scale = Scale.objects.select_for_update().get(pk=scale.pk)
        if scale.status == ScaleStatus.RETIRED:
            raise _wrong_status(scale)
        _set_status(scale, ScaleStatus.RETIRED, actor=actor, action="retire_scale")
    return scale


def _set_status(scale: Scale, status: str, *, actor, action: str) -> None:
    before = audit.snapshot(scale, ["status", "published_at"])
    scale.status = status
    scale.save(update_fields=["status", "published_at"])
    audit.record_change(scale, actor=actor, action=action, before=before)


def _wrong_status(scale: Scale) -> AssessmentError:
    return AssessmentError(
        ErrorCode.SCALE_WRONG_STATUS,
        _("{scale} is {status}: this step is not possible now.").format(
            scale=scale, status=scale.get_status_display()
        ),
        field="status",
    )
