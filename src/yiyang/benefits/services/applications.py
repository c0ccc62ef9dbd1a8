"""Writes of applications and entitlements: apply, decide each step, withdraw, stop."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.benefits.choices import (
    APPROVAL_REGION_LEVEL,
    ApplicantKind,
    ApplicationStatus,
    EntitlementStatus,
    StepDecision,
    StopReason,
)
from yiyang.benefits.eligibility import month_start
from yiyang.benefits.errors import BenefitsError, ErrorCode
from yiyang.benefits.models import Application, ApplicationStep, Entitlement, Program
from yiyang.core import audit
from yiyang.core.errors import PermissionDeniedError
from yiyang.core.scoping import require
from yiyang.core.validators.region_code import level_of
from yiyang.registry.choices import ElderStatus
from yiyang.registry.models import Elder
from yiyang.registry.services import add_timeline_entry


def apply_for_benefit(
    elder: Elder,
    *,
    program: Program,
    applicant_kind: str,
    applicant_name: str = "",
    applied_on: date | None = None,
    note: str = "",
    actor,
) -> Application:
    """Record an application; it waits for the programme's first approval step.

    Payment may start from the month of application: months approved late are back-paid by
    the payment run.
    """
    require(actor, "benefits.apply", elder.residence_region_id)
    applied_on = applied_on or timezone.localdate()
    if not program.is_active:
        raise BenefitsError(
            ErrorCode.PROGRAM_INACTIVE, _("This programme is not in use."), field="program"
        )
    if not program.needs_application:
        raise BenefitsError(
            ErrorCode.NO_APPLICATION_NEEDED,
            _("{program} is paid from the registry; no application is needed.").format(
                program=program
            ),
            field="program",
        )
    if applicant_kind not in ApplicantKind.values:
        raise BenefitsError(
            ErrorCode.VALUE_INVALID, _("Choose who applies."), field="applicant_kind"
        )
    if applied_on > timezone.localdate():
        raise BenefitsError(
            ErrorCode.VALUE_INVALID, _("The application date is in the future."), field="applied_on"
        )
    with transaction.atomic():
        elder = Elder.objects.select_for_update().get(pk=elder.pk)
        if elder.status != ElderStatus.ACTIVE:
            raise BenefitsError(
                ErrorCode.ELDER_NOT_ACTIVE,
                _("{name} is “{status}” in the registry.").format(
                    name=elder.name, status=elder.get_status_display()
                ),
                field="elder",
            )
        if Application.objects.filter(
            elder=elder, program=program, status=ApplicationStatus.PENDING
        ).exists():
            raise BenefitsError(
                ErrorCode.APPLICATION_OPEN,
                _("{name} already has an application for {program} under review.").format(
                    name=elder.name, program=program
                ),
                field="program",
            )
        if Entitlement.objects.filter(
            elder=elder, program=program, status=EntitlementStatus.ACTIVE
        ).exists():
            raise BenefitsError(
                ErrorCode.ALREADY_ENTITLED,
                _("{name} already receives {program}.").format(name=elder.name, program=program),
                field="program",
            )
        steps = program.steps
        application = Application.objects.create(
            elder=elder,
            program=program,
            applicant_kind=applicant_kind,
            applicant_name=applicant_name.strip()[:50],
            applied_on=applied_on,
            start_month=max(month_start(applied_on), program.ledger_start_month),
            note=note.strip()[:500],
            current_level=steps[0] if steps else "",
            created_by=actor,
        )
        audit.record_change(
            application,
            actor=actor,
            action="create",
            fields=["elder", "program", "applicant_kind", "applied_on", "start_month", "status"],
            region_code=elder.residence_region_id,
        )
        add_timeline_entry(
            elder,
            kind="benefits.applied",
            actor=actor,
            data={"application": application.pk, "program": program.name},
        )
        if not steps:
            _grant(application, actor)
    return application


def _require_level(actor, application: Application) -> None:
    require(actor, "benefits.decide_application", application.elder.residence_region_id)
    level = APPROVAL_REGION_LEVEL.get(application.current_level)
    if actor.is_superuser or level is None:
        return
    if actor.region_id is None or level_of(actor.region_id) != level:
        raise PermissionDeniedError(
            "permission_denied",
            _("This step is decided by {step} staff.").format(
                step=application.get_current_level_display()
            ),
            field=None,
        )


def decide_application(
    application: Application, *, approve: bool, reason: str = "", actor
) -> Application:
    """Decide the current step: approval passes to the next step or grants the entitlement;
    a refusal ends the application and states its reason."""
    reason = (reason or "").strip()
    if not approve and not reason:
        raise BenefitsError(
            ErrorCode.REASON_REQUIRED, _("A refusal states its reason."), field="reason"
        )
    with transaction.atomic():
        application = (
            Application.objects.select_for_update()
            .select_related("elder", "program")
            .get(pk=application.pk)
        )
        if application.status != ApplicationStatus.PENDING:
            raise BenefitsError(
                ErrorCode.APPLICATION_WRONG_STATUS,
                _("This application is “{status}” and can no longer be decided.").format(
                    status=application.get_status_display()
                ),
                field="status",
            )
        _require_level(actor, application)
        level = application.current_level
        before = audit.snapshot(application, ["status", "current_level", "refusal_reason"])
        ApplicationStep.objects.create(
            application=application,
            level=level,
            decision=StepDecision.APPROVED if approve else StepDecision.REFUSED,
            reason=reason[:500],
            actor=actor,
        )
        steps = application.program.steps
        if not approve:
            application.status = ApplicationStatus.REFUSED
            application.refusal_reason = reason[:500]
            application.current_level = ""
            application.decided_at = timezone.now()
        elif level in steps and steps.index(level) + 1 < len(steps):
            application.current_level = steps[steps.index(level) + 1]
        else:
            application.status = ApplicationStatus.APPROVED
            application.current_level = ""
            application.decided_at = timezone.now()
        application.save(update_fields=["status", "current_level", "refusal_reason", "decided_at"])
        audit.record_change(
            application,
            actor=actor,
            action="update",
            before=before,
            reason=reason,
            region_code=application.elder.residence_region_id,
        )
        add_timeline_entry(
            application.elder,
            kind="benefits.step",
            actor=actor,
            data={
                "application": application.pk,
                "program": application.program.name,
                "level": level,
                "approved": approve,
                "reason": reason,
            },
        )
        if application.status == ApplicationStatus.APPROVED:
            _grant(application, actor)
    return application


def _grant(application: Application, actor) -> Entitlement:
    entitlement = Entitlement.objects.create(
        elder=application.elder,
        program=application.program,
        application=application,
        start_month=application.start_month,
    )
    audit.record_change(
        entitlement,
        actor=actor,
        action="create",
        fields=["elder", "program", "start_month", "status"],
        region_code=application.elder.residence_region_id,
    )
    add_timeline_entry(
        application.elder,
        kind="benefits.granted",
        actor=actor,
        data={
            "program": application.program.name,
            "start_month": application.start_month.isoformat(),
        },
    )
    return entitlement


def withdraw_application(application: Application, *, reason: str, actor) -> Application:
    """Withdraw an application under review (the elder changed her mind, entered by mistake)."""
    require(actor, "benefits.apply", application.elder.residence_region_id)
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != ApplicationStatus.PENDING:
            raise BenefitsError(
                ErrorCode.APPLICATION_WRONG_STATUS,
                _("Only an application under review can be withdrawn."),
                field="status",
            )
        before = audit.snapshot(application, ["status"])
        application.status = ApplicationStatus.WITHDRAWN
        application.current_level = ""
        application.decided_at = timezone.now()
        application.save(update_fields=["status", "current_level", "decided_at"])
        audit.record_change(
            application,
            actor=actor,
            action="update",
            before=before,
            reason=reason,
            region_code=application.elder.residence_region_id,
        )
    return application


def stop_entitlements(elder: Elder, *, on: date, reason: str, actor, note: str = "") -> int:
    """Stop the elder's active entitlements after the month of `on` (a death or move-out is
    paid for its own month and stops from the following one)."""
    if reason not in StopReason.values:
        raise BenefitsError(ErrorCode.VALUE_INVALID, _("Choose a stop reason."), field="reason")
    stopped = 0
    for entitlement in Entitlement.objects.select_for_update().filter(
        elder=elder, status=EntitlementStatus.ACTIVE
    ):
        before = audit.snapshot(entitlement, ["status", "end_month", "stop_reason"])
        entitlement.status = EntitlementStatus.STOPPED
        entitlement.end_month = max(month_start(on), entitlement.start_month)
        entitlement.stop_reason = reason
        entitlement.stop_note = note[:500]
        entitlement.save(update_fields=["status", "end_month", "stop_reason", "stop_note"])
        audit.record_change(
            entitlement,
            actor=actor,
            action="update",
            before=before,
            reason=note or reason,
            region_code=elder.residence_region_id,
        )
        stopped += 1
    return stopped


__all__ = [
    "apply_for_benefit",
    "decide_application",
    "stop_entitlements",
    "withdraw_application",
]
