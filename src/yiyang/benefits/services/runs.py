"""Writes of payment runs: compute, submit, approve (into the ledger), cancel; findings.

A run is computed again as often as needed and writes only what changed, so a second identical
computation writes nothing; approval freezes it. Computations and approvals of one programme run
one at a time (the programme's row is the lock), so a double click or two clerks execute once,
and approvals that spend the programme's budget see each other's spending.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.benefits.checks import run_checks
from yiyang.benefits.choices import FindingStatus, RowChange, RunStatus
from yiyang.benefits.compute import BATCH, ROW_FIELDS, MonthComputation, RowResult
from yiyang.benefits.eligibility import add_months, month_start
from yiyang.benefits.errors import BenefitsError, ErrorCode
from yiyang.benefits.models import (
    Finding,
    PaymentRow,
    PaymentRun,
    Program,
    ProgramBudget,
)
from yiyang.benefits.services.ledger import write_run_ledger
from yiyang.core import audit
from yiyang.core.bulk import insert_rows
from yiyang.core.models import Region
from yiyang.core.scoping import require
from yiyang.core.validators.region_code import code_prefix

TOTAL_FIELDS = [
    "paid_count",
    "amount_fen",
    "arrears_fen",
    "recovery_fen",
    "held_fen",
    "change_counts",
]


def _lock_program(program: Program) -> Program:
    return Program.objects.select_for_update().get(pk=program.pk)


def _lock_run(run: PaymentRun) -> PaymentRun:
    return (
        PaymentRun.objects.select_for_update().select_related("program", "version").get(pk=run.pk)
    )


def _expect(run: PaymentRun, *allowed: str) -> None:
    if run.status not in allowed:
        raise BenefitsError(
            ErrorCode.RUN_WRONG_STATUS,
            _("This payment run is “{status}”; this step is not possible now.").format(
                status=run.get_status_display()
            ),
            field="status",
        )


def _check_month(program: Program, region: Region, month: date) -> None:
    if month < program.ledger_start_month:
        raise BenefitsError(
            ErrorCode.MONTH_INVALID,
            _("{program} is paid through the platform from {month}.").format(
                program=program, month=f"{program.ledger_start_month:%Y-%m}"
            ),
            field="month",
        )
    if month > month_start(timezone.localdate()):
        raise BenefitsError(
            ErrorCode.MONTH_INVALID,
            _("A month that has not begun cannot be computed."),
            field="month",
        )
    if not region.code.startswith(code_prefix(program.funding_region_id)):
        raise BenefitsError(
            ErrorCode.REGION_OUTSIDE_PROGRAM,
            _("{region} lies outside the region that funds {program}.").format(
                region=region, program=program
            ),
            field="region",
        )
    live = PaymentRun.objects.live().filter(program=program, region=region)
    if live.filter(month=add_months(month, -1)).exclude(status=RunStatus.APPROVED).exists():
        raise BenefitsError(
            ErrorCode.PREVIOUS_RUN_OPEN,
            _("Last month's run is not approved yet: approve or cancel it first."),
            field="month",
        )
    if live.filter(month__gt=month).exists():
        raise BenefitsError(
            ErrorCode.MONTH_INVALID,
            _("A later month already has a payment run; earlier months are back-paid by it."),
            field="month",
        )


def compute_run(program: Program, *, region: Region, month: date, actor) -> PaymentRun:
    """Compute (or compute again) one month of `program` for `region` (issue 4).

    The result is the same however often it runs; only rows that differ are written, and a
    submitted run whose rows changed goes back to "computed".
    """
    month = month_start(month)
    require(actor, "benefits.compute_run", region.code)
    with transaction.atomic():
        program = _lock_program(program)
        if not program.is_active:
            raise BenefitsError(
                ErrorCode.PROGRAM_INACTIVE, _("This programme is not in use."), field="program"
            )
        run = (
            PaymentRun.objects.live()
            .select_for_update()
            .filter(program=program, region=region, month=month)
            .first()
        )
        if run is not None and run.is_frozen:
            raise BenefitsError(
                ErrorCode.RUN_FROZEN,
                _("This month's run is approved and frozen; corrections are new entries."),
                field="month",
            )
        _check_month(program, region, month)
        version = program.version_for(month)
        if version is None:
            raise BenefitsError(
                ErrorCode.NO_PUBLISHED_VERSION,
                _("{program} has no published version in force in {month}.").format(
                    program=program, month=f"{month:%Y-%m}"
                ),
                field="month",
            )
        created = run is None
        if created:
            try:
                with transaction.atomic():
                    run = PaymentRun.objects.create(
                        program=program,
                        region=region,
                        month=month,
                        version=version,
                        computed_by=actor,
                    )
            except IntegrityError:  # another clerk created it a moment ago
                run = (
                    PaymentRun.objects.live()
                    .select_for_update()
                    .get(program=program, region=region, month=month)
                )
                created = False
        assert run is not None
        results = MonthComputation(program, region.code, month, version=version).rows()
        changed = _store_rows(run, results)
        if run.version_id != version.pk:
            run.version = version
            run.save(update_fields=["version"])
            changed.add(-1)
        _sync_findings(run, reopen=changed)
        before = audit.snapshot(run, ["status", *TOTAL_FIELDS])
        totals_changed = _store_totals(run)
        if changed and run.status == RunStatus.SUBMITTED:
            run.status = RunStatus.COMPUTED
            run.submitted_by = None
            run.submitted_at = None
            run.save(update_fields=["status", "submitted_by", "submitted_at"])
        if created or changed or totals_changed:
            run.computed_by = actor
            run.computed_at = timezone.now()
            run.save(update_fields=["computed_by", "computed_at"])
            audit.record_change(
                run,
                actor=actor,
                action="create" if created else "update",
                before=None if created else before,
                fields=["status", *TOTAL_FIELDS],
                reason=_("Payment run computed"),
                region_code=region.code,
            )
    return run


def _store_rows(run: PaymentRun, results: list[RowResult]) -> set[int]:
    """Write the rows that differ from what is stored; return the pks of rows that changed."""
    stored: dict[int, tuple[int, tuple]] = {}
    for pk, elder_id, *values in PaymentRow.objects.filter(run=run).iter_values(
        "pk", "elder_id", *ROW_FIELDS, chunk_size=BATCH
    ):
        stored[elder_id] = (pk, tuple(values))
    to_create: list[tuple] = []
    to_update: list[PaymentRow] = []
    for result in results:
        key = result.stored_values()
        existing = stored.pop(result.elder_id, None)
        if existing is None:
            to_create.append((run.pk, result.elder_id, *key))
        elif existing[1] != key:
            to_update.append(
                PaymentRow(
                    pk=existing[0],
                    run=run,
                    elder_id=result.elder_id,
                    **dict(zip(ROW_FIELDS, key, strict=True)),
                )
            )
    gone = [pk for pk, _values in stored.values()]
    insert_rows(PaymentRow, ["run_id", "elder_id", *ROW_FIELDS], to_create)
    if to_update:
        PaymentRow.objects.bulk_update(to_update, ROW_FIELDS, batch_size=2000)
    for start in range(0, len(gone), BATCH):
        PaymentRow.objects.filter(pk__in=gone[start : start + BATCH]).delete()
    return {row.pk for row in to_update} | ({-2} if to_create or gone else set())


def _store_totals(run: PaymentRun) -> bool:
    """Recount the run's totals from its rows; save only when they differ."""
    rows = PaymentRow.objects.filter(run=run)
    sums = rows.aggregate(
        amount=Sum("amount_fen"), arrears=Sum("arrears_fen"), recovery=Sum("recovery_fen")
    )
    held = rows.filter(is_held=True).aggregate(amount=Sum("amount_fen"), arrears=Sum("arrears_fen"))
    counts: dict[str, int] = dict.fromkeys(RowChange.values, 0)
    for change, count in (
        rows.values("change").annotate(count=Count("pk")).values_list("change", "count")
    ):
        counts[change] = count
    totals = {
        "paid_count": rows.paying().count(),
        "amount_fen": sums["amount"] or 0,
        "arrears_fen": sums["arrears"] or 0,
        "recovery_fen": sums["recovery"] or 0,
        "held_fen": (held["amount"] or 0) + (held["arrears"] or 0),
        "change_counts": counts,
    }
    if all(getattr(run, name) == value for name, value in totals.items()):
        return False
    for name, value in totals.items():
        setattr(run, name, value)
    run.save(update_fields=list(totals))
    return True


def _sync_findings(run: PaymentRun, *, reopen: set[int] = frozenset()) -> int:  # type: ignore[assignment]
    """Make the stored findings those the checks give now; keep reviews of unchanged rows.

    Returns how many findings are open afterwards.
    """
    found = run_checks(run)
    existing = {(f.row_id, f.check_code): f for f in Finding.objects.filter(run=run)}
    to_create = [
        Finding(run=run, row_id=row_pk, check_code=code, detail=detail)
        for (row_pk, code), detail in found.items()
        if (row_pk, code) not in existing
    ]
    Finding.objects.bulk_create(to_create, batch_size=5000)
    stale = [f.pk for key, f in existing.items() if key not in found]
    Finding.objects.filter(pk__in=stale).delete()
    reopened = [
        f.pk
        for key, f in existing.items()
        if key in found and f.row_id in reopen and f.status != FindingStatus.OPEN
    ]
    if reopened:
        Finding.objects.filter(pk__in=reopened).update(
            status=FindingStatus.OPEN, reviewed_by=None, reviewed_at=None, note=""
        )
    _apply_holds(run)
    return Finding.objects.filter(run=run, status=FindingStatus.OPEN).count()


def _apply_holds(run: PaymentRun) -> None:
    """A row is held exactly when one of its findings holds it."""
    held = Finding.objects.filter(run=run, status=FindingStatus.HELD).values("row_id")
    PaymentRow.objects.filter(run=run, is_held=True).exclude(pk__in=held).update(is_held=False)
    PaymentRow.objects.filter(run=run, is_held=False, pk__in=held).update(is_held=True)


def review_finding(finding: Finding, *, hold: bool, note: str, actor) -> Finding:
    """Hold the payment a finding concerns, or confirm it with a note saying why it is right."""
    require(actor, "benefits.review_finding", finding.row.region_code)
    note = (note or "").strip()
    if not hold and not note:
        raise BenefitsError(
            ErrorCode.REASON_REQUIRED,
            _("Say why this payment is right before confirming it."),
            field="note",
        )
    with transaction.atomic():
        run = _lock_run(finding.run)
        _expect(run, RunStatus.COMPUTED, RunStatus.SUBMITTED)
        finding = Finding.objects.select_for_update().get(pk=finding.pk)
        before = audit.snapshot(finding, ["status", "note"])
        finding.status = FindingStatus.HELD if hold else FindingStatus.CONFIRMED
        finding.note = note[:500]
        finding.reviewed_by = actor
        finding.reviewed_at = timezone.now()
        finding.save(update_fields=["status", "note", "reviewed_by", "reviewed_at"])
        _apply_holds(run)
        _store_totals(run)
        audit.record_change(
            finding,
            actor=actor,
            action="update",
            before=before,
            reason=note,
            region_code=finding.row.region_code,
        )
    return finding


def submit_run(run: PaymentRun, *, actor) -> PaymentRun:
    """Send a computed run for approval (a second person approves it)."""
    require(actor, "benefits.compute_run", run.region_id)
    with transaction.atomic():
        run = _lock_run(run)
        if run.status == RunStatus.SUBMITTED:
            return run
        _expect(run, RunStatus.COMPUTED)
        before = audit.snapshot(run, ["status"])
        run.status = RunStatus.SUBMITTED
        run.submitted_by = actor
        run.submitted_at = timezone.now()
        run.save(update_fields=["status", "submitted_by", "submitted_at"])
        audit.record_change(
            run, actor=actor, action="update", before=before, region_code=run.region_id
        )
    return run


def yuan(fen: int) -> str:
    """Fen as yuan with two decimals, without passing through a float (DESIGN.md rule 4)."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole}.{cents:02d}"


def _check_budget(run: PaymentRun) -> None:
    if run.program.is_time:
        # A budget is money; a service-time run credits minutes, paid for at settlement.
        return
    budget = ProgramBudget.objects.filter(program_id=run.program_id, year=run.month.year).first()
    if budget is None:
        return
    spent = sum(
        r.total_fen
        for r in PaymentRun.objects.filter(
            program_id=run.program_id, month__year=run.month.year, status=RunStatus.APPROVED
        )
    )
    remaining = budget.amount_fen - spent
    if run.total_fen > remaining:
        raise BenefitsError(
            ErrorCode.BUDGET_EXCEEDED,
            _(
                "This run pays {total} yuan but only {remaining} yuan of the {year} budget remain."
            ).format(total=yuan(run.total_fen), remaining=yuan(remaining), year=run.month.year),
            field="budget",
        )


def approve_run(run: PaymentRun, *, actor) -> PaymentRun:
    """Approve a submitted run: check it again, spend the budget, write the ledger, freeze it.

    Approving twice approves once: the second call finds the run approved and returns it.
    """
    require(actor, "benefits.approve_run", run.region_id)
    # The checks run again first, in their own transaction, so findings that appeared since
    # the run was computed stay on record for review even though this approval is refused.
    with transaction.atomic():
        locked = _lock_run(run)
        if locked.status == RunStatus.APPROVED:
            return locked
        _expect(locked, RunStatus.SUBMITTED)
        open_count = _sync_findings(locked)
        _store_totals(locked)
    if open_count:
        raise BenefitsError(
            ErrorCode.FINDINGS_OPEN,
            _("{count} supervision findings are not reviewed yet.").format(count=open_count),
            field="findings",
        )
    with transaction.atomic():
        _lock_program(run.program)
        run = _lock_run(run)
        if run.status == RunStatus.APPROVED:
            return run
        _expect(run, RunStatus.SUBMITTED)
        if run.submitted_by_id == actor.pk:
            raise BenefitsError(
                ErrorCode.SAME_PERSON,
                _("The person who submitted a run cannot approve it."),
                field="approved_by",
            )
        if Finding.objects.filter(run=run, status=FindingStatus.OPEN).exists():
            raise BenefitsError(
                ErrorCode.FINDINGS_OPEN,
                _("Some supervision findings are not reviewed yet."),
                field="findings",
            )
        _check_budget(run)
        write_run_ledger(run, actor)
        before = audit.snapshot(run, ["status"])
        run.status = RunStatus.APPROVED
        run.approved_by = actor
        run.approved_at = timezone.now()
        run.save(update_fields=["status", "approved_by", "approved_at"])
        audit.record_change(
            run, actor=actor, action="update", before=before, region_code=run.region_id
        )
    return run


def cancel_run(run: PaymentRun, *, reason: str, actor) -> PaymentRun:
    """Cancel a run that is not approved (its rows stay for the record)."""
    require(actor, "benefits.compute_run", run.region_id)
    reason = (reason or "").strip()
    if not reason:
        raise BenefitsError(
            ErrorCode.REASON_REQUIRED, _("Give the reason for cancelling."), field="reason"
        )
    with transaction.atomic():
        run = _lock_run(run)
        _expect(run, RunStatus.COMPUTED, RunStatus.SUBMITTED)
        before = audit.snapshot(run, ["status", "cancel_reason"])
        run.status = RunStatus.CANCELLED
        run.cancel_reason = reason[:500]
        run.save(update_fields=["status", "cancel_reason"])
        audit.record_change(
            run,
            actor=actor,
            action="update",
            before=before,
            reason=reason,
            region_code=run.region_id,
        )
    return run


__all__ = [
    "approve_run",
    "cancel_run",
    "compute_run",
    "review_finding",
    "submit_run",
]
