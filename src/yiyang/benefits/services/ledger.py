"""The ledger (台账): what each month paid each elder of a programme (DESIGN.md rule 4).

Entries are never edited; an approved run writes its payments, arrears and recoveries, and a
clerk's correction is a new entry with its reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.benefits.choices import LedgerKind
from yiyang.benefits.compute import BATCH
from yiyang.benefits.eligibility import month_start
from yiyang.benefits.errors import BenefitsError, ErrorCode
from yiyang.benefits.models import LedgerEntry, PaymentRow, PaymentRun, Program
from yiyang.core import audit
from yiyang.core.bulk import insert_rows
from yiyang.core.scoping import require


def write_run_ledger(run: PaymentRun, actor) -> None:
    """Write an approved run's ledger entries: this month's payment and each back month's
    arrears unless the row is held, and each recovery (negative). Called inside approve_run.

    A service-time programme's run counts minutes: its entries carry them in `minutes`, with
    `amount_fen` zero, so no sum of money ever takes in a minute."""
    now = timezone.now()
    actor_id = actor.pk if actor is not None else None
    is_time = run.program.is_time

    def value(amount: int) -> tuple[int, int]:
        return (0, amount) if is_time else (amount, 0)

    def entries() -> Iterator[tuple]:
        rows = PaymentRow.objects.filter(run=run).iter_values(
            "elder_id",
            "region_code",
            "amount_fen",
            "arrears_detail",
            "recovery_detail",
            "is_held",
            chunk_size=BATCH,
        )
        for elder_id, region, amount, arrears, recovery, is_held in rows:
            common = (elder_id, run.program_id, run.pk, region, actor_id, now)
            if not is_held:
                if amount:
                    yield (*common, run.month, LedgerKind.PAYMENT.value, *value(amount))
                for line in arrears:
                    yield (
                        *common,
                        date.fromisoformat(line["month"]),
                        LedgerKind.ARREARS.value,
                        *value(line["amount_fen"]),
                    )
            for line in recovery:
                yield (
                    *common,
                    date.fromisoformat(line["month"]),
                    LedgerKind.RECOVERY.value,
                    *value(-line["amount_fen"]),
                )

    fields = [
        "elder_id",
        "program_id",
        "run_id",
        "region_code",
        "created_by_id",
        "created_at",
        "period_month",
        "kind",
        "amount_fen",
        "minutes",
    ]
    insert_rows(LedgerEntry, fields, entries())


def record_correction(
    program: Program,
    *,
    elder,
    month: date,
    amount_fen: int = 0,
    minutes: int = 0,
    note: str,
    actor,
) -> LedgerEntry:
    """Add a correction to the ledger (a new entry, never an edit: DESIGN.md rule 4), in the
    programme's unit: `minutes` for a service-time programme, `amount_fen` otherwise."""
    require(actor, "benefits.record_correction", elder.residence_region_id)
    note = (note or "").strip()
    if not note:
        raise BenefitsError(
            ErrorCode.REASON_REQUIRED, _("Give the reason for the correction."), field="note"
        )
    wrong = amount_fen if program.is_time else minutes
    if not (minutes if program.is_time else amount_fen) or wrong:
        raise BenefitsError(
            ErrorCode.AMOUNT_INVALID, _("A correction needs an amount."), field="amount"
        )
    with transaction.atomic():
        entry = LedgerEntry.objects.create(
            elder=elder,
            program=program,
            period_month=month_start(month),
            kind=LedgerKind.CORRECTION,
            amount_fen=0 if program.is_time else amount_fen,
            minutes=minutes if program.is_time else 0,
            region_code=elder.residence_region_id,
            note=note[:500],
            created_by=actor,
        )
        audit.record_change(
            entry,
            actor=actor,
            action="create",
            fields=["elder", "program", "period_month", "kind", "amount_fen", "minutes"],
            reason=note,
            region_code=elder.residence_region_id,
        )
    return entry
