"""Service vouchers (服务券、服务时长) spent on home services: what an elder holds in a voucher
programme and the ledger entries that draw on it (issue 5: settlement against the balance).

A voucher programme's payment runs credit the ledger every month like any programme; a verified
visit spends from it. The balance an elder may spend on a visit of month M is every credit for
M and the months before it (unspent vouchers carry over) less everything spent so far. Spending
is written as ledger entries of kind `service_use` (negative when drawn, positive when a draft
statement is prepared again and draws less): never an edit (DESIGN.md rule 4). Each entry names
the statement that drew it (`reference`), so preparing it again writes only the difference.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, Sum
from django.utils import timezone

from yiyang.benefits.choices import LedgerKind, ProgramKind
from yiyang.benefits.eligibility import month_start
from yiyang.benefits.models import Entitlement, LedgerEntry, Program


@dataclass(frozen=True)
class ServiceUse:
    """One elder's spending from one voucher programme for one month (fen; negative draws)."""

    elder_id: int
    program_id: int
    month: date
    amount_fen: int
    region_code: str


def hold_voucher_programs() -> list[Program]:
    """Lock the voucher programmes' rows (ordered by pk) for the caller's transaction.

    Two statements drawing on one elder's balance, or a payment run crediting it, then run one
    after the other: neither reads a balance the other is about to change (payment runs lock
    the programme row too).
    """
    return list(
        Program.objects.select_for_update(no_key=True)
        .filter(kind=ProgramKind.SERVICE_VOUCHER)
        .order_by("pk")
    )


def voucher_balances(
    elder_ids: Iterable[int], *, month: date, exclude_reference: str = ""
) -> dict[int, dict[int, int]]:
    """Return {elder pk: {programme pk: balance in fen}} of the elders holding a voucher.

    An elder holds a voucher programme when an entitlement to it covers `month` or the ledger
    has entries of it; such an elder appears even at a zero balance. Entries written under
    `exclude_reference` are left out (the statement being prepared again).
    """
    first = month_start(month)
    elder_ids = list(elder_ids)
    balances: dict[int, dict[int, int]] = defaultdict(dict)
    for elder_id, program_id in (
        # A stopped entitlement still covers the months up to its last one.
        Entitlement.objects.covering(first)  # scoped: the settling service checked access
        .filter(elder_id__in=elder_ids, program__kind=ProgramKind.SERVICE_VOUCHER)
        .values_list("elder_id", "program_id")
    ):
        balances[elder_id][program_id] = 0
    rows = (
        LedgerEntry.objects.filter(  # scoped: as above
            elder_id__in=elder_ids, program__kind=ProgramKind.SERVICE_VOUCHER
        )
        .filter(Q(kind=LedgerKind.SERVICE_USE) | Q(period_month__lte=first))
        .exclude(reference__gt="", reference=exclude_reference)
        .values_list("elder_id", "program_id")
        .annotate(total=Sum("amount_fen"))
        .order_by()
    )
    for elder_id, program_id, total in rows:
        balances[elder_id][program_id] = balances[elder_id].get(program_id, 0) + total
    return dict(balances)


def drawn_under(reference: str) -> dict[tuple[int, int, date], int]:
    """What the statement `reference` has spent so far: {(elder, programme, month): fen}."""
    rows = (
        LedgerEntry.objects.filter(kind=LedgerKind.SERVICE_USE, reference=reference)  # scoped
        .values_list("elder_id", "program_id", "period_month")
        .annotate(total=Sum("amount_fen"))
        .order_by()
    )
    return {(elder, program, month): total for elder, program, month, total in rows}


def record_service_use(uses: Iterable[ServiceUse], *, reference: str, actor) -> list[LedgerEntry]:
    """Bring the ledger to `uses` for the statement `reference`: write, per elder, programme and
    month, the difference between what the statement should have drawn and what it has.

    Called inside the transaction of the service that settles the visits (homecare's
    `prepare_settlement`), after `hold_voucher_programs`; that service has checked its own
    permission and records its own audit entry. A second call with the same uses writes nothing.
    """
    wanted: dict[tuple[int, int, date], int] = defaultdict(int)
    regions: dict[int, str] = {}
    for use in uses:
        wanted[(use.elder_id, use.program_id, month_start(use.month))] += use.amount_fen
        regions[use.elder_id] = use.region_code
    have = drawn_under(reference)
    now = timezone.now()
    entries = [
        LedgerEntry(
            elder_id=elder_id,
            program_id=program_id,
            period_month=month,
            kind=LedgerKind.SERVICE_USE,
            amount_fen=wanted.get(key, 0) - have.get(key, 0),
            region_code=regions.get(elder_id, ""),
            reference=reference,
            note=reference,
            created_by=actor if getattr(actor, "pk", None) else None,
            created_at=now,
        )
        for key in sorted(set(wanted) | set(have))
        for elder_id, program_id, month in [key]
        if wanted.get(key, 0) != have.get(key, 0)
    ]
    return LedgerEntry.objects.bulk_create(entries)
