"""Compute one month of one programme for one region: the rows of a payment run (no writes).

The payment run service stores what this returns; the policy simulation and the live count
call it with a draft version and never store anything. Facts come from the registry (birth
date, regions, death and move-out, categories held, the latest assessment's level) and from
this module's own tables (entitlements, the ledger, other programmes' runs).

Elders are read in batches walking primary-key ranges, not offsets (issue 4, "safe bulk work").

Back months: a row that was not paid last month ("new") is examined for earlier unpaid months,
back to the entitlement's start (a late approval) or, for programmes paid from the registry, as
many months as the version's `arrears_months` allows; never before the programme's first month
on the platform. Overpayments (a month paid after the elder's death or move-out) become
recovery lines.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db import models
from django.db.models import Q, Sum

from yiyang.benefits.choices import RowChange, RunStatus
from yiyang.benefits.eligibility import (
    Decision,
    Facts,
    Rules,
    add_months,
    decide,
    month_start,
    parse_rules,
)
from yiyang.benefits.models import (
    Entitlement,
    LedgerEntry,
    PaymentRow,
    Program,
    ProgramVersion,
)
from yiyang.core.validators.region_code import code_prefix
from yiyang.registry.choices import Category, ElderStatus
from yiyang.registry.models import Elder, ElderCategory
from yiyang.registry.models.elder import years_before

BATCH = 20_000

# Other modules tell which elders live under concentrated support (集中供养) in a month: each
# source takes (month, elder pks) and returns the pks that do. The institutions module adds one.
concentrated_support_sources: list[Callable[[date, list[int]], set[int]]] = []

_ELDER_FIELDS = (
    "pk",
    "birth_date",
    "residence_region_id",
    "hukou_region_id",
    "date_of_death",
    "moved_out_on",
    "ability_level",
    "ability_level_valid_until",
)


# PaymentRow's computed columns, in the order of `RowResult.stored_values`.
ROW_FIELDS = [
    "region_code",
    "amount_fen",
    "previous_fen",
    "arrears_fen",
    "recovery_fen",
    "arrears_detail",
    "recovery_detail",
    "change",
    "reason",
    "bracket",
]


@dataclass
class RowResult:
    """One computed row of a payment run."""

    elder_id: int
    region_code: str
    amount_fen: int
    previous_fen: int
    change: str
    reason: str
    bracket: str = ""
    arrears: list[tuple[date, int]] = field(default_factory=list)
    recovery: list[tuple[date, int]] = field(default_factory=list)

    @property
    def arrears_fen(self) -> int:
        return sum(amount for _month, amount in self.arrears)

    @property
    def recovery_fen(self) -> int:
        return sum(amount for _month, amount in self.recovery)

    def stored_values(self) -> tuple:
        """The row's PaymentRow values, in the order of `ROW_FIELDS`."""
        return (
            self.region_code,
            self.amount_fen,
            self.previous_fen,
            self.arrears_fen,
            self.recovery_fen,
            [{"month": m.isoformat(), "amount_fen": a} for m, a in self.arrears],
            [{"month": m.isoformat(), "amount_fen": a} for m, a in self.recovery],
            self.change,
            self.reason,
            self.bracket,
        )


def rules_of(version: ProgramVersion) -> Rules:
    """Parse a stored version's rules (published versions were checked when saved)."""
    return parse_rules(
        version.rules,
        unit=version.program.unit,
        known_categories=Category.values,
        known_programs=Program.objects.values_list("code", flat=True),
    )


def _facts(row: tuple, categories: frozenset[str], receiving: frozenset[str], cs: bool) -> Facts:
    _pk, birth, residence, hukou, death, moved, level, valid_until = row
    return Facts(
        birth_date=birth,
        residence_region=residence,
        hukou_region=hukou,
        date_of_death=death,
        moved_out_on=moved,
        categories=categories,
        ability_level=level,
        ability_valid_until=valid_until,
        in_concentrated_support=cs,
        receiving=receiving,
    )


class MonthComputation:
    """The rows of `program` for `month` in `region`, under `version` (the one in force unless
    given), for the elders `elders` allows (all of the region unless given)."""

    def __init__(
        self,
        program: Program,
        region_code: str,
        month: date,
        *,
        version: ProgramVersion,
        elders: models.QuerySet[Elder] | None = None,
    ) -> None:
        self.program = program
        self.month = month_start(month)
        self.prefix = code_prefix(region_code)
        self.version = version
        self.rules = rules_of(version)
        self.basis_field = (
            "hukou_region_id" if self.rules.region_basis == "hukou" else "residence_region_id"
        )
        # The region's 12-digit code is its primary key: this prefix match needs no join.
        self.basis_lookup = self.basis_field.removesuffix("_id") + "__code__startswith"
        self.scope = elders if elders is not None else Elder.objects.all()
        self._versions: dict[date, tuple[ProgramVersion, Rules] | None] = {}

    # --- candidates ---------------------------------------------------------------------

    def candidates(self) -> models.QuerySet[Elder]:
        """A superset of the elders the rules can pay this month, narrowed in SQL."""
        rules = self.rules
        first = self.month
        queryset = self.scope.exclude(status=ElderStatus.MERGED).filter(
            **{self.basis_lookup: self.prefix}
        )
        if self.program.needs_application:
            # Entitled elders, dead or alive: a late approval back-pays months before a death.
            return queryset.filter(
                pk__in=Entitlement.objects.filter(program=self.program)
                .filter(start_month__lte=first)
                .filter(Q(end_month__isnull=True) | Q(end_month__gte=self._earliest_month()))
                .values("elder_id")
            )
        queryset = queryset.filter(Q(date_of_death__isnull=True) | Q(date_of_death__gte=first))
        queryset = queryset.filter(Q(moved_out_on__isnull=True) | Q(moved_out_on__gte=first))
        lowest = rules.lowest_age
        if lowest is not None:
            queryset = queryset.filter(
                birth_date__lte=years_before(rules.reference_day(first), lowest)
            )
        if rules.categories_any:
            day = rules.reference_day(first)
            queryset = queryset.filter(
                pk__in=ElderCategory.objects.filter(
                    category__in=rules.categories_any, valid_from__lte=day
                )
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
                .values("elder_id")
            )
        return queryset

    def _earliest_month(self) -> date:
        return self.program.ledger_start_month

    def _batches(self, queryset: models.QuerySet[Elder]) -> Iterator[list[tuple]]:
        last = 0
        while True:
            batch = list(
                queryset.filter(pk__gt=last).order_by("pk").values_list(*_ELDER_FIELDS)[:BATCH]
            )
            if not batch:
                return
            yield batch
            last = batch[-1][0]

    # --- facts --------------------------------------------------------------------------

    def _categories(self, low: int, high: int, day: date) -> dict[int, frozenset[str]]:
        if not self.rules.uses_categories:
            return {}
        held: dict[int, set[str]] = defaultdict(set)
        rows = (
            ElderCategory.objects.filter(elder_id__gte=low, elder_id__lte=high, valid_from__lte=day)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
            .values_list("elder_id", "category")
        )
        for elder_id, category in rows:
            held[elder_id].add(category)
        return {pk: frozenset(values) for pk, values in held.items()}

    def _receiving(self, month: date) -> dict[int, frozenset[str]]:
        """Which excluding programmes pay each elder this month (their live runs, else last
        month's ledger when such a programme has no run for the month yet)."""
        codes = self.rules.exclude_programs
        if not codes:
            return {}
        receiving: dict[int, set[str]] = defaultdict(set)
        for program in Program.objects.filter(code__in=codes):
            rows = PaymentRow.objects.filter(
                run__program=program, run__month=month, amount_fen__gt=0
            ).exclude(run__status=RunStatus.CANCELLED)
            if program.payment_runs.filter(month=month).exclude(status="cancelled").exists():
                pairs: Iterable[int] = rows.values_list("elder_id", flat=True)
            else:
                pairs = (
                    LedgerEntry.objects.paid()
                    .filter(program=program, period_month=add_months(month, -1))
                    .values("elder_id")
                    .annotate(net=Sum(program.ledger_field))
                    .filter(net__gt=0)
                    .values_list("elder_id", flat=True)
                )
            for elder_id in pairs:
                receiving[elder_id].add(program.code)
        return {pk: frozenset(values) for pk, values in receiving.items()}

    def _concentrated(self, month: date, pks: list[int]) -> set[int]:
        if not self.rules.exclude_concentrated_support:
            return set()
        found: set[int] = set()
        for source in concentrated_support_sources:
            found |= source(month, pks)
        return found

    def _entitled_months(self, pks: list[int]) -> dict[int, list[tuple[date, date | None]]]:
        periods: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
        if not self.program.needs_application:
            return periods
        rows = Entitlement.objects.filter(program=self.program, elder_id__in=pks).values_list(
            "elder_id", "start_month", "end_month"
        )
        for elder_id, start, end in rows:
            periods[elder_id].append((start, end))
        return periods

    @staticmethod
    def _covered(periods: list[tuple[date, date | None]], month: date) -> bool:
        return any(start <= month and (end is None or end >= month) for start, end in periods)

    # --- the month ----------------------------------------------------------------------

    def previous_payments(self) -> dict[int, int]:
        """What last month's ledger paid each elder of the region (net of corrections)."""
        previous = add_months(self.month, -1)
        rows = (
            LedgerEntry.objects.paid()
            .filter(
                program=self.program, period_month=previous, region_code__startswith=self.prefix
            )
            .values("elder_id")
            .annotate(net=Sum(self.program.ledger_field))
            .values_list("elder_id", "net")
        )
        return {pk: net for pk, net in rows if net}

    def decisions(self) -> Iterator[tuple[tuple, Decision]]:
        """Every candidate's facts row and the decision for this month."""
        receiving = self._receiving(self.month)
        day = self.rules.reference_day(self.month)
        for batch in self._batches(self.candidates()):
            pks = [row[0] for row in batch]
            categories = self._categories(pks[0], pks[-1], day)
            concentrated = self._concentrated(self.month, pks)
            entitled = self._entitled_months(pks)
            for row in batch:
                pk = row[0]
                if self.program.needs_application and not self._covered(entitled[pk], self.month):
                    yield row, Decision(0, "no_entitlement")
                    continue
                facts = _facts(
                    row,
                    categories.get(pk, frozenset()),
                    receiving.get(pk, frozenset()),
                    pk in concentrated,
                )
                yield row, decide(self.rules, facts, self.month, region_prefix=self.prefix)

    def rows(self) -> list[RowResult]:
        """The run's rows: everybody paid this month or last, and every arrears or recovery."""
        previous = self.previous_payments()
        results: dict[int, RowResult] = {}
        facts_rows: dict[int, tuple] = {}
        for row, decision in self.decisions():
            pk = row[0]
            facts_rows[pk] = row
            results[pk] = self._result(row, decision, previous.get(pk, 0))
        missing = [pk for pk in previous if pk not in results]
        for start in range(0, len(missing), BATCH):
            chunk = missing[start : start + BATCH]
            for row in Elder.objects.filter(pk__in=chunk).values_list(*_ELDER_FIELDS):
                facts_rows[row[0]] = row
                decision = self._stopped_decision(row)
                results[row[0]] = self._result(row, decision, previous[row[0]])
        self._add_arrears(results, facts_rows)
        self._add_recoveries(results)
        return [
            result
            for result in sorted(results.values(), key=lambda r: r.elder_id)
            if result.amount_fen or result.previous_fen or result.arrears or result.recovery
        ]

    def _stopped_decision(self, row: tuple) -> Decision:
        """Why an elder paid last month is not among this month's candidates."""
        if self.program.needs_application:
            periods = self._entitled_months([row[0]])[row[0]]
            if not self._covered(periods, self.month):
                return Decision(0, "no_entitlement")
        day = self.rules.reference_day(self.month)
        categories = self._categories(row[0], row[0], day).get(row[0], frozenset())
        facts = _facts(row, categories, frozenset(), False)
        return decide(self.rules, facts, self.month, region_prefix=self.prefix)

    def _result(self, row: tuple, decision: Decision, previous: int) -> RowResult:
        amount = decision.amount_fen
        if previous and not amount:
            change = RowChange.STOPPED
        elif amount and not previous:
            change = RowChange.NEW
        elif amount != previous:
            change = RowChange.CHANGED
        else:
            change = RowChange.CONTINUED
        region = row[3] if self.basis_field == "hukou_region_id" else row[2]
        return RowResult(
            elder_id=row[0],
            region_code=region or row[2],
            amount_fen=amount,
            previous_fen=previous,
            change=str(change),
            reason=decision.reason,
            bracket=decision.bracket,
        )

    # --- back months --------------------------------------------------------------------

    def _rules_for(self, month: date) -> tuple[ProgramVersion, Rules] | None:
        if month not in self._versions:
            version = self.program.version_for(month)
            self._versions[month] = (version, rules_of(version)) if version else None
        return self._versions[month]

    def _lookback_start(self) -> date:
        if self.program.needs_application:
            return self.program.ledger_start_month
        return max(
            self.program.ledger_start_month, add_months(self.month, -self.rules.arrears_months)
        )

    def _add_arrears(self, results: dict[int, RowResult], facts_rows: dict[int, tuple]) -> None:
        """Back-pay the unpaid months of rows not paid last month (late approvals, late
        registration), each month under the version in force then."""
        start = self._lookback_start()
        if start >= self.month:
            return
        new = [pk for pk, result in results.items() if not result.previous_fen]
        for index in range(0, len(new), BATCH):
            chunk = new[index : index + BATCH]
            entitled = self._entitled_months(chunk)
            paid: dict[tuple[int, date], int] = defaultdict(int)
            for elder_id, month, net in (
                LedgerEntry.objects.paid()
                .filter(
                    program=self.program,
                    elder_id__in=chunk,
                    period_month__gte=start,
                    period_month__lt=self.month,
                )
                .values("elder_id", "period_month")
                .annotate(net=Sum(self.program.ledger_field))
                .values_list("elder_id", "period_month", "net")
            ):
                paid[(elder_id, month)] = net
            held: dict[int, list[tuple[str, date, date | None]]] = defaultdict(list)
            if self.rules.uses_categories or any(
                v and v[1].uses_categories for v in self._versions.values()
            ):
                for elder_id, category, valid_from, valid_to in ElderCategory.objects.filter(
                    elder_id__in=chunk
                ).values_list("elder_id", "category", "valid_from", "valid_to"):
                    held[elder_id].append((category, valid_from, valid_to))
            for pk in chunk:
                periods = entitled.get(pk, [])
                month = start
                while month < self.month:
                    if self.program.needs_application and not self._covered(periods, month):
                        month = add_months(month, 1)
                        continue
                    due = self._due(facts_rows[pk], held.get(pk, []), month)
                    gap = due - paid.get((pk, month), 0)
                    if gap > 0:
                        results[pk].arrears.append((month, gap))
                    month = add_months(month, 1)

    def _due(self, row: tuple, held: list[tuple[str, date, date | None]], month: date) -> int:
        in_force = self._rules_for(month)
        if in_force is None:
            return 0
        _version, rules = in_force
        day = rules.reference_day(month)
        categories = frozenset(
            category
            for category, valid_from, valid_to in held
            if valid_from <= day and (valid_to is None or valid_to >= day)
        )
        facts = _facts(row, categories, frozenset(), False)
        return decide(rules, facts, month, region_prefix=self.prefix).amount_fen

    def _add_recoveries(self, results: dict[int, RowResult]) -> None:
        """Turn months paid after a death or move-out into recovery lines; a recovery already in the ledger nets the month to zero, so it is found once."""
        stopped = Elder.objects.filter(**{self.basis_lookup: self.prefix}).filter(
            Q(date_of_death__isnull=False) | Q(moved_out_on__isnull=False)
        )
        entries = (
            LedgerEntry.objects.paid()
            .filter(
                program=self.program,
                period_month__lt=self.month,
                region_code__startswith=self.prefix,
                elder__in=stopped,
            )
            .filter(
                Q(elder__date_of_death__lt=models.F("period_month"))
                | Q(elder__moved_out_on__lt=models.F("period_month"))
            )
        )
        overpaid = (
            entries.values("elder_id", "period_month")
            .annotate(net=Sum(self.program.ledger_field))
            .filter(net__gt=0)
            .values_list("elder_id", "period_month", "net", "region_code", "elder__date_of_death")
            .order_by("elder_id", "period_month")
        )
        for elder_id, month, net, region_code, died in overpaid:
            result = results.get(elder_id)
            if result is None:
                result = results[elder_id] = RowResult(
                    elder_id=elder_id,
                    region_code=region_code,
                    amount_fen=0,
                    previous_fen=0,
                    change=str(RowChange.RECOVERY),
                    reason="deceased" if died else "moved_out",
                )
            result.recovery.append((month, net))
