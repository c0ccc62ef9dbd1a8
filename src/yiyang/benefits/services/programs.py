"""Writes of programmes: draft a version of the rules, publish it, set a year's budget."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.benefits.choices import VersionStatus
from yiyang.benefits.eligibility import RulesInvalid, month_start, parse_rules
from yiyang.benefits.errors import BenefitsError, ErrorCode
from yiyang.benefits.models import Program, ProgramBudget, ProgramVersion
from yiyang.core import audit
from yiyang.core.scoping import require
from yiyang.registry.choices import Category

PROBLEMS = {
    "required": _("is required"),
    "not_integer": _("must be a whole number"),
    "negative": _("cannot be negative"),
    "too_large": _("is too large"),
    "range_reversed": _("is below the lower bound"),
    "unknown_choice": _("is not one of the choices"),
    "unknown_category": _("names an unknown category"),
    "unknown_program": _("names an unknown programme"),
    "not_list": _("must be a list"),
    "empty": _("needs at least one amount bracket"),
    "wrong_unit": _("is in the other unit than the programme's (money or minutes)"),
}


def check_rules(rules: dict[str, Any], *, unit: str = "fen"):
    """Parse rules data of a programme in `unit`, turning its problems into one error naming
    the first field."""
    try:
        return parse_rules(
            rules,
            unit=unit,
            known_categories=Category.values,
            known_programs=Program.objects.values_list("code", flat=True),
        )
    except RulesInvalid as invalid:
        path, code, detail = invalid.problems[0]
        message = _("{field} {problem}").format(field=path, problem=PROBLEMS.get(code, code))
        if detail:
            message = f"{message} ({detail})"
        raise BenefitsError(ErrorCode.RULES_INVALID, message, field=f"rules.{path}") from None


def draft_version(
    program: Program,
    *,
    rules: dict[str, Any],
    effective_from: date,
    note: str = "",
    actor,
) -> ProgramVersion:
    """Start a new draft version of `program`'s rules, taking effect from a month."""
    require(actor, "benefits.manage_programs", program.funding_region_id)
    check_rules(rules, unit=program.unit)
    if effective_from != month_start(effective_from):
        raise BenefitsError(
            ErrorCode.VERSION_DATE_INVALID,
            _("A version takes effect on the first day of a month."),
            field="effective_from",
        )
    with transaction.atomic():
        Program.objects.select_for_update().get(pk=program.pk)
        number = (program.versions.aggregate(top=Max("number"))["top"] or 0) + 1
        version = ProgramVersion.objects.create(
            program=program,
            number=number,
            effective_from=effective_from,
            rules=rules,
            note=note[:500],
            created_by=actor,
        )
        audit.record_change(
            version,
            actor=actor,
            action="create",
            fields=["program", "number", "effective_from", "rules"],
            region_code=program.funding_region_id,
        )
    return version


def update_draft(
    version: ProgramVersion,
    *,
    rules: dict[str, Any],
    effective_from: date,
    note: str = "",
    actor,
) -> ProgramVersion:
    """Change a draft; a published version is never edited."""
    require(actor, "benefits.manage_programs", version.program.funding_region_id)
    check_rules(rules, unit=version.program.unit)
    if effective_from != month_start(effective_from):
        raise BenefitsError(
            ErrorCode.VERSION_DATE_INVALID,
            _("A version takes effect on the first day of a month."),
            field="effective_from",
        )
    with transaction.atomic():
        version = ProgramVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != VersionStatus.DRAFT:
            raise BenefitsError(
                ErrorCode.VERSION_WRONG_STATUS,
                _("Only a draft can be changed; draft a new version instead."),
                field="status",
            )
        before = audit.snapshot(version, ["rules", "effective_from", "note"])
        version.rules = rules
        version.effective_from = effective_from
        version.note = note[:500]
        version.save(update_fields=["rules", "effective_from", "note"])
        audit.record_change(
            version,
            actor=actor,
            action="update",
            before=before,
            region_code=version.program.funding_region_id,
        )
    return version


def publish_version(version: ProgramVersion, *, actor) -> ProgramVersion:
    """Publish a draft: it governs payment runs from its month on; the past is not rewritten,
    so a month already approved under an earlier version keeps it."""
    program = version.program
    require(actor, "benefits.manage_programs", program.funding_region_id)
    with transaction.atomic():
        version = ProgramVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != VersionStatus.DRAFT:
            raise BenefitsError(
                ErrorCode.VERSION_WRONG_STATUS,
                _("Only a draft can be published."),
                field="status",
            )
        check_rules(version.rules, unit=program.unit)
        if program.payment_runs.filter(
            status="approved", month__gte=version.effective_from
        ).exists():
            raise BenefitsError(
                ErrorCode.VERSION_DATE_INVALID,
                _("Months from {month} are already approved; choose a later month.").format(
                    month=f"{version.effective_from:%Y-%m}"
                ),
                field="effective_from",
            )
        before = audit.snapshot(version, ["status"])
        version.status = VersionStatus.PUBLISHED
        version.published_by = actor
        version.published_at = timezone.now()
        version.save(update_fields=["status", "published_by", "published_at"])
        audit.record_change(
            version,
            actor=actor,
            action="update",
            before=before,
            region_code=program.funding_region_id,
        )
    return version


def set_budget(program: Program, *, year: int, amount_fen: int, note: str = "", actor):
    """Set the money `program` may spend in `year` (approvals of payment runs draw on it)."""
    require(actor, "benefits.manage_programs", program.funding_region_id)
    if amount_fen < 0:
        raise BenefitsError(
            ErrorCode.AMOUNT_INVALID, _("A budget cannot be negative."), field="amount"
        )
    with transaction.atomic():
        budget, created = ProgramBudget.objects.select_for_update().get_or_create(
            program=program, year=year, defaults={"amount_fen": amount_fen, "note": note}
        )
        before = None if created else audit.snapshot(budget, ["amount_fen", "note"])
        budget.amount_fen = amount_fen
        budget.note = note[:300]
        budget.save(update_fields=["amount_fen", "note"])
        audit.record_change(
            budget,
            actor=actor,
            action="create" if created else "update",
            before=before,
            fields=["amount_fen", "note"],
            region_code=program.funding_region_id,
        )
    return budget
