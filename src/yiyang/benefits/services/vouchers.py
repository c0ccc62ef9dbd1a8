"""Service vouchers (服务券、服务时长) spent on home services: what an elder holds in a voucher
programme, the ledger entries that draw on it (issue 5: settlement against the balance), and
the expiry of unspent credit when a month is closed.

A voucher programme's payment runs credit the ledger every month like any programme, in money
or, for a service-time programme, in minutes (`Program.unit`; the ledger's `minutes` column). A
verified visit spends from it. What an elder may spend on a visit is every credit of the
visit's month and before that has not expired (`credits.py`: the version in force in the
credit's month says how long it lasts), less everything spent so far. Spending is written as
ledger entries of kind `service_use` (negative when drawn, positive when a draft statement is
prepared again and draws less): never an edit (DESIGN.md rule 4). Each entry names the
statement that drew it (`reference`), so preparing it again writes only the difference.
Closing a month writes what lapsed as `expiry` entries, the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.benefits import credits
from yiyang.benefits.choices import LedgerKind, ProgramKind
from yiyang.benefits.eligibility import month_end, month_start
from yiyang.benefits.errors import BenefitsError, ErrorCode
from yiyang.benefits.models import Entitlement, LedgerEntry, Program
from yiyang.core import audit
from yiyang.core.scoping import region_prefix, require

EXPIRY_REFERENCE = "benefits.expiry"


@dataclass(frozen=True)
class ServiceUse:
    """One elder's spending from one voucher programme for one month (negative draws): fen
    from a money programme, minutes from a service-time one (the other stays zero)."""

    elder_id: int
    program_id: int
    month: date
    amount_fen: int
    region_code: str
    minutes: int = 0


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


class _Expiries:
    """The expiry day of each (programme, credit month), from the version in force then."""

    def __init__(self) -> None:
        self._programs: dict[int, Program] = {}
        self._days: dict[tuple[int, date], date | None] = {}

    def __call__(self, program_id: int, month: date) -> date | None:
        key = (program_id, month)
        if key not in self._days:
            program = self._programs.get(program_id)
            if program is None:
                program = self._programs[program_id] = Program.objects.get(pk=program_id)
            version = program.version_for(month)
            rules = version.rules if version is not None else {}
            self._days[key] = credits.credit_expires_on(
                month, rules.get("credit_expiry") or "never", rules.get("credit_months")
            )
        return self._days[key]

    def is_time(self, program_id: int) -> bool:
        if program_id not in self._programs:
            self._programs[program_id] = Program.objects.get(pk=program_id)
        return self._programs[program_id].is_time


def voucher_holdings(
    elder_ids: Iterable[int], *, month: date | None = None, exclude_reference: str = ""
) -> dict[int, dict[int, credits.Holding]]:
    """Return {elder pk: {programme pk: Holding}} of the elders holding a voucher.

    An elder holds a voucher programme when an entitlement to it covers `month` (any month
    when None) or the ledger has entries of it; such an elder appears even with nothing left.
    Entries written under `exclude_reference` are left out (the statement being prepared
    again). The holdings are rebuilt from the whole ledger, later months' spending included,
    so a statement prepared out of order never spends a credit twice.
    """
    elder_ids = list(elder_ids)
    held: set[tuple[int, int]] = set()
    entitlements = Entitlement.objects.filter(  # scoped: the calling service checked access
        elder_id__in=elder_ids, program__kind=ProgramKind.SERVICE_VOUCHER
    )
    if month is not None:
        # A stopped entitlement still covers the months up to its last one.
        entitlements = entitlements.covering(month_start(month))
    held.update(entitlements.values_list("elder_id", "program_id"))
    credited: dict[tuple[int, int], dict[date, int]] = defaultdict(dict)
    spent: dict[tuple[int, int], dict[date, int]] = defaultdict(dict)
    rows = (
        LedgerEntry.objects.filter(  # scoped: as above
            elder_id__in=elder_ids, program__kind=ProgramKind.SERVICE_VOUCHER
        )
        .exclude(kind=LedgerKind.EXPIRY)
        .exclude(reference__gt="", reference=exclude_reference)
        .values_list("elder_id", "program_id", "period_month", "kind")
        .annotate(fen=Sum("amount_fen"), minutes=Sum("minutes"))
        .order_by()
    )
    for elder_id, program_id, period, kind, fen, minutes in rows:
        key = (elder_id, program_id)
        held.add(key)
        quantity = (fen or 0) + (minutes or 0)  # one of them is zero in every entry
        if kind == LedgerKind.SERVICE_USE:
            spent[key][period] = spent[key].get(period, 0) - quantity
        else:
            credited[key][period] = credited[key].get(period, 0) + quantity
    expiries = _Expiries()
    holdings: dict[int, dict[int, credits.Holding]] = defaultdict(dict)
    for elder_id, program_id in sorted(held):
        key = (elder_id, program_id)
        months = set(credited[key])
        holdings[elder_id][program_id] = credits.replay(
            program_id,
            is_time=expiries.is_time(program_id),
            credits=credited[key],
            spent=spent[key],
            expiries={m: expiries(program_id, m) for m in months},
        )
    return dict(holdings)


def voucher_balances(
    elder_ids: Iterable[int], *, month: date, exclude_reference: str = ""
) -> dict[int, dict[int, int]]:
    """Return {elder pk: {programme pk: what can be spent in `month`}} (fen or minutes, as
    the programme counts) of the elders holding a voucher."""
    last = month_end(month)
    return {
        elder_id: {pk: holding.available_on(last) for pk, holding in programs.items()}
        for elder_id, programs in voucher_holdings(
            elder_ids, month=month, exclude_reference=exclude_reference
        ).items()
    }


def drawn_under(reference: str) -> dict[tuple[int, int, date], tuple[int, int]]:
    """What the statement `reference` has spent so far: {(elder, programme, month): (fen,
    minutes)}."""
    rows = (
        LedgerEntry.objects.filter(kind=LedgerKind.SERVICE_USE, reference=reference)  # scoped
        .values_list("elder_id", "program_id", "period_month")
        .annotate(fen=Sum("amount_fen"), minutes=Sum("minutes"))
        .order_by()
    )
    return {(elder, program, month): (fen, minutes) for elder, program, month, fen, minutes in rows}


def record_service_use(uses: Iterable[ServiceUse], *, reference: str, actor) -> list[LedgerEntry]:
    """Bring the ledger to `uses` for the statement `reference`: write, per elder, programme and
    month, the difference between what the statement should have drawn and what it has.

    Called inside the transaction of the service that settles the visits (homecare's
    `prepare_settlement`), after `hold_voucher_programs`; that service has checked its own
    permission and records its own audit entry. A second call with the same uses writes nothing.
    """
    wanted: dict[tuple[int, int, date], tuple[int, int]] = defaultdict(lambda: (0, 0))
    regions: dict[int, str] = {}
    for use in uses:
        key = (use.elder_id, use.program_id, month_start(use.month))
        fen, minutes = wanted[key]
        wanted[key] = (fen + use.amount_fen, minutes + use.minutes)
        regions[use.elder_id] = use.region_code
    have = drawn_under(reference)
    now = timezone.now()
    entries = []
    for key in sorted(set(wanted) | set(have)):
        elder_id, program_id, month = key
        want_fen, want_minutes = wanted.get(key, (0, 0))
        have_fen, have_minutes = have.get(key, (0, 0))
        # One programme counts in one unit, so at most one of the two differences is non-zero.
        for fen, minutes in ((want_fen - have_fen, 0), (0, want_minutes - have_minutes)):
            if fen or minutes:
                entries.append(
                    LedgerEntry(
                        elder_id=elder_id,
                        program_id=program_id,
                        period_month=month,
                        kind=LedgerKind.SERVICE_USE,
                        amount_fen=fen,
                        minutes=minutes,
                        region_code=regions.get(elder_id, ""),
                        reference=reference,
                        note=reference,
                        created_by=actor if getattr(actor, "pk", None) else None,
                        created_at=now,
                    )
                )
    return LedgerEntry.objects.bulk_create(entries)


def close_voucher_month(month: date, *, actor) -> list[LedgerEntry]:
    """Close `month` for the voucher programmes: write as `expiry` entries what is left of
    every credit that expired on or before its last day (a new entry, never an edit).

    Idempotent: each credit month's expiry entries are brought to what is left of it, so a
    second close writes nothing, and a close after a late statement spent from a credit that
    had been expired writes the difference back. `actor` None is the monthly task; a person
    needs `benefits.approve_run`, and closes the ledger of her region only.
    """
    prefix = ""
    if actor is not None:
        require(actor, "benefits.approve_run")
        prefix = region_prefix(actor, "benefits.approve_run") or ""
    first = month_start(month)
    if first >= timezone.localdate().replace(day=1):
        raise BenefitsError(
            ErrorCode.MONTH_INVALID, _("Only a finished month can be closed."), field="month"
        )
    last = month_end(first)
    with transaction.atomic():
        hold_voucher_programs()
        entries = LedgerEntry.objects.filter(  # scoped: the prefix below
            program__kind=ProgramKind.SERVICE_VOUCHER, region_code__startswith=prefix
        )
        elder_ids = sorted(set(entries.values_list("elder_id", flat=True)))
        holdings = voucher_holdings(elder_ids)
        regions = dict(
            entries.order_by("elder_id", "period_month").values_list("elder_id", "region_code")
        )
        recorded: dict[tuple[int, int, date], int] = {}
        for elder_id, program_id, period, fen, minutes in (
            entries.filter(kind=LedgerKind.EXPIRY)
            .values_list("elder_id", "program_id", "period_month")
            .annotate(fen=Sum("amount_fen"), minutes=Sum("minutes"))
            .order_by()
        ):
            recorded[(elder_id, program_id, period)] = (fen or 0) + (minutes or 0)
        now = timezone.now()
        written = []
        for elder_id, programs in sorted(holdings.items()):
            for program_id, holding in sorted(programs.items()):
                lapsed = credits.expired_by(holding, last)
                keys = {
                    (elder_id, program_id, lot.month)
                    for lot in holding.lots
                    if lot.expires_on is not None and lot.expires_on <= last
                }
                keys |= {key for key in recorded if key[:2] == (elder_id, program_id)}
                for key in sorted(keys):
                    difference = -lapsed.get(key[2], 0) - recorded.get(key, 0)
                    if not difference:
                        continue
                    written.append(
                        LedgerEntry(
                            elder_id=elder_id,
                            program_id=program_id,
                            period_month=key[2],
                            kind=LedgerKind.EXPIRY,
                            amount_fen=0 if holding.is_time else difference,
                            minutes=difference if holding.is_time else 0,
                            region_code=regions.get(elder_id, ""),
                            reference=EXPIRY_REFERENCE,
                            note=_("Closed {month}").format(month=f"{first:%Y-%m}"),
                            created_by=actor,
                            created_at=now,
                        )
                    )
        LedgerEntry.objects.bulk_create(written)
        if written:
            audit.record_change(
                written[0],
                actor=actor,
                action="create",
                fields=["kind", "period_month"],
                reason=f"close voucher month {first:%Y-%m}: {len(written)} expiry entries",
                region_code=prefix,
            )
    return written


def elder_vouchers(elder, *, day: date) -> list[dict]:
    """What the elder holds in each voucher programme on `day`, for the elder's benefits page:
    what can be spent, and each unspent credit with the day it expires (soonest first), and
    what has lapsed so far (recorded by closed months)."""
    holdings = voucher_holdings([elder.pk]).get(elder.pk, {})
    if not holdings:
        return []
    programs = Program.objects.in_bulk(list(holdings))
    lapsed = dict(
        LedgerEntry.objects.filter(  # scoped: the page reads the elder through get_for
            elder=elder, kind=LedgerKind.EXPIRY
        )
        .values_list("program_id")
        .annotate(total=Sum("amount_fen") + Sum("minutes"))
        .order_by()
    )
    first = month_start(day)
    summary = []
    for program_id, holding in sorted(holdings.items()):
        lots = sorted(
            (
                lot
                for lot in holding.lots
                if lot.remaining > 0
                and lot.month <= first
                and credits.is_spendable(lot.expires_on, day)
            ),
            key=credits.Lot.order_key,
        )
        summary.append(
            {
                "program": programs[program_id],
                "is_time": holding.is_time,
                "available": holding.available_on(day),
                "lots": lots,
                "lapsed": -(lapsed.get(program_id) or 0),
            }
        )
    return summary
