"""Simulate a draft version before publishing it, and count who rules not yet saved would pay.

Read only (issue 4, "policy simulation"): the draft and the version in force for a month are
both computed by `compute.MonthComputation` over the elders the user may see, and compared
elder by elder. Nothing is stored. The month's amount is compared; arrears and recoveries
depend on earlier months' versions and are the same under both, so they are left out.

For programmes that need an application, the simulation covers the elders with an entitlement
covering the month and those with an application under review (as if it were approved), so a
city administrator sees what a rule change means for the people already asking.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from yiyang.benefits.choices import ApplicationStatus
from yiyang.benefits.compute import BATCH, MonthComputation
from yiyang.benefits.eligibility import Decision, add_months, month_end, month_start
from yiyang.benefits.models import Application, Program, ProgramVersion
from yiyang.benefits.services import check_rules
from yiyang.core.models import Region
from yiyang.core.scoping import require
from yiyang.registry.choices import ElderStatus
from yiyang.registry.models import Elder, ElderCategory

NO_CATEGORY = "none"
GAIN, LOSE, CHANGE = "gain", "lose", "change"


class _Simulated(MonthComputation):
    """A month computation whose application programmes also count pending applicants."""

    def _pending(self) -> QuerySet[Application]:
        return Application.objects.filter(
            program=self.program, status=ApplicationStatus.PENDING, start_month__lte=self.month
        )

    def candidates(self) -> QuerySet[Elder]:
        queryset = super().candidates()
        if not self.program.needs_application:
            return queryset
        pending = (
            self.scope.exclude(status=ElderStatus.MERGED)
            .filter(**{self.basis_lookup: self.prefix})
            .filter(pk__in=self._pending().values("elder_id"))
        )
        return queryset | pending

    def _entitled_months(self, pks: list[int]) -> dict[int, list[tuple[date, date | None]]]:
        periods = super()._entitled_months(pks)
        if self.program.needs_application:
            for elder_id, start in (
                self._pending().filter(elder_id__in=pks).values_list("elder_id", "start_month")
            ):
                periods[elder_id].append((start, None))
        return periods


def _amounts(computation: MonthComputation | None) -> Iterator[tuple[int, str, Decision]]:
    if computation is None:
        return
    basis = 3 if computation.basis_field == "hukou_region_id" else 2
    for row, decision in computation.decisions():
        yield row[0], row[basis] or row[2], decision


@dataclass
class Tally:
    """People and money of one slice (all, a district, a category) before and after."""

    people_before: int = 0
    people_after: int = 0
    before_fen: int = 0
    after_fen: int = 0
    gain: int = 0
    lose: int = 0
    change: int = 0

    def add(self, old: int, new: int) -> None:
        self.people_before += old > 0
        self.people_after += new > 0
        self.before_fen += old
        self.after_fen += new
        if old == 0 and new > 0:
            self.gain += 1
        elif old > 0 and new == 0:
            self.lose += 1
        elif old != new:
            self.change += 1

    @property
    def difference_fen(self) -> int:
        return self.after_fen - self.before_fen

    @property
    def before_year_fen(self) -> int:
        return self.before_fen * 12

    @property
    def after_year_fen(self) -> int:
        return self.after_fen * 12

    @property
    def difference_year_fen(self) -> int:
        return self.difference_fen * 12


@dataclass
class Difference:
    """One elder whose month amount the draft changes."""

    elder_id: int
    name: str
    id_number_masked: str
    region_code: str
    old_fen: int
    new_fen: int
    effect: str  # gain, lose, change
    reason: str  # the draft's reason code
    old_bracket: str
    new_bracket: str
    old_reason: str


@dataclass
class Simulation:
    """What publishing `draft` would change in `month` for the user's elders."""

    program: Program
    draft: ProgramVersion
    current: ProgramVersion | None
    month: date
    region_code: str
    total: Tally = field(default_factory=Tally)
    districts: list[tuple[str, str, Tally]] = field(default_factory=list)
    categories: list[tuple[str, Tally]] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)


def scope_region(user, program: Program) -> str:
    """The region to compute: the user's, or the funding region for a superuser (or a user
    above the funding region)."""
    funding = program.funding_region_id
    if user.is_superuser or not user.region_id:
        return funding
    from yiyang.core.validators.region_code import code_prefix

    if funding.startswith(code_prefix(user.region_id)):
        return funding
    return user.region_id


def _held(pks: list[int], month: date) -> dict[int, set[str]]:
    """The categories each elder holds at any time in the month."""
    held: dict[int, set[str]] = defaultdict(set)
    first, last = month_start(month), month_end(month)
    for start in range(0, len(pks), BATCH):
        rows = (
            ElderCategory.objects.filter(elder_id__in=pks[start : start + BATCH])
            .filter(valid_from__lte=last)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first))
            .values_list("elder_id", "category")
        )
        for elder_id, category in rows:
            held[elder_id].add(category)
    return held


def simulate_version(draft: ProgramVersion, *, month: date, user) -> Simulation:
    """Compare `draft` with the version in force in `month`, elder by elder, for the elders
    `user` may see (needs benefits.manage_programs)."""
    program = draft.program
    require(user, "benefits.manage_programs", program.funding_region_id)
    month = month_start(month)
    check_rules(draft.rules, unit=program.unit)
    region = scope_region(user, program)
    elders = Elder.objects.visible_to(user)
    current = program.version_for(month)
    before: dict[int, tuple[str, Decision]] = {}
    after: dict[int, tuple[str, Decision]] = {}
    if current is not None:
        in_force = _Simulated(program, region, month, version=current, elders=elders)
        before = {pk: (code, d) for pk, code, d in _amounts(in_force) if d.amount_fen}
    drafted = _Simulated(program, region, month, version=draft, elders=elders)
    after = {pk: (code, d) for pk, code, d in _amounts(drafted)}

    result = Simulation(
        program=program, draft=draft, current=current, month=month, region_code=region
    )
    pks = sorted(set(before) | {pk for pk, (_c, d) in after.items() if d.amount_fen})
    held = _held(pks, month)
    districts: dict[str, Tally] = defaultdict(Tally)
    categories: dict[str, Tally] = defaultdict(Tally)
    changed: list[int] = []
    refused = Decision(0, "")
    for pk in pks:
        code_old, decision_old = before.get(pk, ("", refused))
        code_new, decision_new = after.get(pk, ("", Decision(0, "no_bracket")))
        old, new = decision_old.amount_fen, decision_new.amount_fen
        code = code_new or code_old
        result.total.add(old, new)
        districts[code[:6]].add(old, new)
        for category in held.get(pk) or {NO_CATEGORY}:
            categories[category].add(old, new)
        if old != new:
            changed.append(pk)
    names = dict(
        Region.objects.filter(code__in=[d.ljust(12, "0") for d in districts]).values_list(
            "code", "name"
        )
    )
    result.districts = [
        (district, names.get(district.ljust(12, "0"), district), tally)
        for district, tally in sorted(districts.items())
    ]
    result.categories = sorted(
        categories.items(), key=lambda item: (item[0] == NO_CATEGORY, item[0])
    )
    people: dict[int, Elder] = {}
    for start in range(0, len(changed), BATCH):
        people.update(
            elders.filter(pk__in=changed[start : start + BATCH])
            .only("pk", "name", "id_number", "residence_region_id")
            .in_bulk()
        )
    for pk in changed:
        person = people[pk]
        code_old, decision_old = before.get(pk, ("", refused))
        code_new, decision_new = after.get(pk, ("", Decision(0, "no_bracket")))
        old, new = decision_old.amount_fen, decision_new.amount_fen
        result.differences.append(
            Difference(
                elder_id=pk,
                name=person.name,
                id_number_masked=person.id_number_masked,
                region_code=code_new or code_old,
                old_fen=old,
                new_fen=new,
                effect=GAIN if not old else LOSE if not new else CHANGE,
                reason=decision_new.reason,
                old_bracket=decision_old.bracket,
                new_bracket=decision_new.bracket,
                old_reason=decision_old.reason,
            )
        )
    order = {GAIN: 0, LOSE: 1, CHANGE: 2}
    result.differences.sort(key=lambda d: (order[d.effect], d.region_code, d.name, d.elder_id))
    return result


@dataclass(frozen=True)
class LiveCount:
    """Who rules not yet saved would pay in a month, in the user's scope."""

    month: date
    people: int
    amount_fen: int


def count_qualifying(program: Program, rules: dict[str, Any], *, month: date, user) -> LiveCount:
    """Count the elders `user` may see whom `rules` would pay in `month`, and the money.

    The rules are checked first (`check_rules`): a problem raises BenefitsError naming its
    field. Nothing is stored; the unsaved version exists only for the computation.
    """
    require(user, "benefits.manage_programs", program.funding_region_id)
    check_rules(rules, unit=program.unit)
    month = month_start(month)
    version = ProgramVersion(program=program, number=0, effective_from=month, rules=rules)
    computation = _Simulated(
        program,
        scope_region(user, program),
        month,
        version=version,
        elders=Elder.objects.visible_to(user),
    )
    people = amount = 0
    for _pk, _code, decision in _amounts(computation):
        if decision.amount_fen:
            people += 1
            amount += decision.amount_fen
    return LiveCount(month=month, people=people, amount_fen=amount)


def parse_month(text: str | None, default: date) -> date:
    """Read YYYY-MM (or a full date); anything else gives `default`'s month."""
    if text:
        try:
            year, month = (int(part) for part in text.strip()[:7].split("-"))
            return date(year, month, 1)
        except ValueError:
            pass
    return month_start(default)


def next_month(day: date) -> date:
    return add_months(month_start(day), 1)
