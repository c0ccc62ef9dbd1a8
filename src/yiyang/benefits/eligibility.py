"""Eligibility and monthly amounts of a benefit programme, as plain functions (no Django).

A programme version's rules are declarative data (DESIGN.md rule 3) that the city administrator
edits in the UI; `parse_rules` checks them and `decide` applies them to one elder's facts for
one month. Everything the payment run, the policy simulation and the live count say about who
gets how much comes from `decide`, so it is the one place the rules are read.

Conventions (domain-rules.md §5.1):
- Ages are 周岁 on the month's reference day; brackets are inclusive at both ends.
- `start` says when a change of age or category takes effect: "next_month" reads the facts on the
  first day of the month (turning 90 in May pays the 90+ amount from June, as in Linkou);
  "same_month" reads them on the last day (turning 90 in May pays the 90+ amount for May).
- A death or move-out stops payment from the following month, whatever `start` says: the month
  in which it happens is paid.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

START_RULES = ("same_month", "next_month")
UNITS = ("fen", "minute")
# How long a month's voucher credit stays spendable (choices.CreditExpiry; see credits.py).
CREDIT_EXPIRIES = ("never", "month_end", "year_end", "months")
REGION_BASES = ("hukou", "residence")
ABILITY_LEVELS = (0, 1, 2, 3, 4)
MAX_AMOUNT_FEN = 100_000_000  # one million yuan a month: anything above is a typing slip
MAX_MINUTES = 31 * 24 * 60  # a month has no more minutes than this


# --- months -----------------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(month: date, count: int) -> date:
    """The first day of the month `count` months after (or before) `month`."""
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> list[date]:
    """The first days of the months from `first` to `last`, both included."""
    months = []
    month = month_start(first)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def age_on(birth_date: date, day: date) -> int:
    """Age in 周岁 (completed years) on `day`; someone born on 29 February ages on 1 March."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


# --- rules ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bracket:
    """One amount, paid to elders matching all its conditions (an empty condition matches all).

    `amount_fen` is in the programme's unit (`Rules.unit`): fen, or minutes of service time for
    a service-hours programme, whose rules data says `minutes` instead.
    """

    label: str
    amount_fen: int
    age_min: int | None = None
    age_max: int | None = None
    categories_any: frozenset[str] = frozenset()
    ability_levels: frozenset[int] = frozenset()

    @property
    def needs_ability_level(self) -> bool:
        return bool(self.ability_levels)


@dataclass(frozen=True)
class Rules:
    """A programme version's eligibility rules and amounts, checked."""

    brackets: tuple[Bracket, ...]
    start: str = "next_month"
    region_basis: str = "residence"
    region_prefixes: tuple[str, ...] = ()
    age_min: int | None = None
    age_max: int | None = None
    categories_any: frozenset[str] = frozenset()
    categories_none: frozenset[str] = frozenset()
    ability_levels: frozenset[int] = frozenset()
    requires_valid_assessment: bool = False
    exclude_concentrated_support: bool = False
    exclude_programs: frozenset[str] = frozenset()
    cap_fen: int | None = None
    arrears_months: int = 0
    unit: str = "fen"
    credit_expiry: str = "never"
    credit_months: int | None = None

    @property
    def lowest_age(self) -> int | None:
        """The youngest age any elder can be paid at, for narrowing the candidates in SQL."""
        bracket_lows = [b.age_min for b in self.brackets]
        if any(low is None for low in bracket_lows):
            return self.age_min
        lowest = min(low for low in bracket_lows if low is not None)
        return max(lowest, self.age_min) if self.age_min is not None else lowest

    @property
    def uses_categories(self) -> bool:
        return bool(
            self.categories_any
            or self.categories_none
            or any(b.categories_any for b in self.brackets)
        )

    def reference_day(self, month: date) -> date:
        return month_start(month) if self.start == "next_month" else month_end(month)


class RulesInvalid(ValueError):
    """The rules data is not usable; `problems` lists (field path, problem code, detail)."""

    def __init__(self, problems: list[tuple[str, str, str]]) -> None:
        super().__init__("; ".join(f"{path}: {code}" for path, code, _detail in problems))
        self.problems = problems


def parse_rules(
    data: Mapping[str, Any],
    *,
    known_categories: Iterable[str] = (),
    known_programs: Iterable[str] = (),
    unit: str = "fen",
) -> Rules:
    """Check the rules data of a version and return it as `Rules`, or raise `RulesInvalid`.

    `unit` is the programme's: a service-time programme gives each bracket's `minutes` and
    its cap as `cap_minutes`; a money programme `amount_fen` and `cap_fen`. The other unit's
    keys are refused (`wrong_unit`), so a version cannot mix them.

    Problem codes: required, not_integer, negative, too_large, range_reversed, unknown_choice,
    unknown_category, unknown_program, not_list, empty, wrong_unit.
    """
    is_time = unit == "minute"
    amount_key, other_key = ("minutes", "amount_fen") if is_time else ("amount_fen", "minutes")
    cap_key, other_cap = ("cap_minutes", "cap_fen") if is_time else ("cap_fen", "cap_minutes")
    upper_amount = MAX_MINUTES if is_time else MAX_AMOUNT_FEN
    problems: list[tuple[str, str, str]] = []
    categories = set(known_categories)
    programs = set(known_programs)

    def integer(path: str, value: Any, *, allow_none: bool = True, upper: int | None = None):
        if value is None or value == "":
            if not allow_none:
                problems.append((path, "required", ""))
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append((path, "not_integer", str(value)))
            return None
        if value < 0:
            problems.append((path, "negative", str(value)))
            return None
        if upper is not None and value > upper:
            problems.append((path, "too_large", str(value)))
            return None
        return value

    def choice(path: str, value: Any, allowed: tuple[str, ...], default: str) -> str:
        if value in (None, ""):
            return default
        if value not in allowed:
            problems.append((path, "unknown_choice", str(value)))
            return default
        return str(value)

    def string_list(path: str, value: Any, known: set[str] | None, code: str) -> frozenset[str]:
        if value in (None, ""):
            return frozenset()
        if not isinstance(value, list | tuple):
            problems.append((path, "not_list", str(value)))
            return frozenset()
        items = [str(item) for item in value]
        if known:
            for item in items:
                if item not in known:
                    problems.append((path, code, item))
        return frozenset(items)

    def levels(path: str, value: Any) -> frozenset[int]:
        if value in (None, ""):
            return frozenset()
        if not isinstance(value, list | tuple):
            problems.append((path, "not_list", str(value)))
            return frozenset()
        good = set()
        for item in value:
            if isinstance(item, bool) or item not in ABILITY_LEVELS:
                problems.append((path, "unknown_choice", str(item)))
            else:
                good.add(int(item))
        return frozenset(good)

    def age_range(prefix: str, source: Mapping[str, Any]) -> tuple[int | None, int | None]:
        low = integer(f"{prefix}age_min", source.get("age_min"), upper=150)
        high = integer(f"{prefix}age_max", source.get("age_max"), upper=150)
        if low is not None and high is not None and low > high:
            problems.append((f"{prefix}age_max", "range_reversed", f"{low}>{high}"))
        return low, high

    age_min, age_max = age_range("", data)
    raw_brackets = data.get("brackets")
    brackets: list[Bracket] = []
    if not isinstance(raw_brackets, list) or not raw_brackets:
        problems.append(("brackets", "empty", ""))
    else:
        for index, raw in enumerate(raw_brackets):
            prefix = f"brackets.{index}."
            if not isinstance(raw, Mapping):
                problems.append((f"brackets.{index}", "not_list", str(raw)))
                continue
            low, high = age_range(prefix, raw)
            if other_key in raw:
                problems.append((f"{prefix}{other_key}", "wrong_unit", amount_key))
            amount = integer(
                f"{prefix}{amount_key}", raw.get(amount_key), allow_none=False, upper=upper_amount
            )
            brackets.append(
                Bracket(
                    label=str(raw.get("label") or "").strip(),
                    amount_fen=amount or 0,
                    age_min=low,
                    age_max=high,
                    categories_any=string_list(
                        f"{prefix}categories_any",
                        raw.get("categories_any"),
                        categories,
                        "unknown_category",
                    ),
                    ability_levels=levels(f"{prefix}ability_levels", raw.get("ability_levels")),
                )
            )
    prefixes = data.get("region_prefixes") or []
    if not isinstance(prefixes, list) or not all(
        isinstance(p, str) and p.isdigit() and 2 <= len(p) <= 12 for p in prefixes
    ):
        problems.append(("region_prefixes", "unknown_choice", str(prefixes)))
        prefixes = []
    if other_cap in data:
        problems.append((other_cap, "wrong_unit", cap_key))
    expiry = choice("credit_expiry", data.get("credit_expiry"), CREDIT_EXPIRIES, "never")
    credit_months = integer("credit_months", data.get("credit_months"), upper=120)
    if expiry == "months" and not credit_months:
        problems.append(("credit_months", "required", ""))
    rules = Rules(
        brackets=tuple(brackets),
        start=choice("start", data.get("start"), START_RULES, "next_month"),
        region_basis=choice("region_basis", data.get("region_basis"), REGION_BASES, "residence"),
        region_prefixes=tuple(prefixes),
        age_min=age_min,
        age_max=age_max,
        categories_any=string_list(
            "categories_any", data.get("categories_any"), categories, "unknown_category"
        ),
        categories_none=string_list(
            "categories_none", data.get("categories_none"), categories, "unknown_category"
        ),
        ability_levels=levels("ability_levels", data.get("ability_levels")),
        requires_valid_assessment=bool(data.get("requires_valid_assessment", False)),
        exclude_concentrated_support=bool(data.get("exclude_concentrated_support", False)),
        exclude_programs=string_list(
            "exclude_programs", data.get("exclude_programs"), programs, "unknown_program"
        ),
        cap_fen=integer(cap_key, data.get(cap_key), upper=upper_amount),
        arrears_months=integer("arrears_months", data.get("arrears_months"), upper=120) or 0,
        unit="minute" if is_time else "fen",
        credit_expiry=expiry,
        credit_months=credit_months if expiry == "months" else None,
    )
    if problems:
        raise RulesInvalid(problems)
    return rules


# --- facts and decisions ----------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """What the rules read about one elder for one month (gathered by the payment run)."""

    birth_date: date
    residence_region: str
    hukou_region: str | None = None
    date_of_death: date | None = None
    moved_out_on: date | None = None
    categories: frozenset[str] = frozenset()
    # The level of the latest final assessment, lapsed or not, and the day it lapses: an elder
    # keeps a level-based amount when the bureau is late to reassess, and the supervision check
    # lists those rows (requires_valid_assessment).
    ability_level: int | None = None
    ability_valid_until: date | None = None
    in_concentrated_support: bool = False
    receiving: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Decision:
    amount_fen: int
    reason: str
    bracket: str = ""

    @property
    def is_paid(self) -> bool:
        return self.amount_fen > 0


def _refused(reason: str) -> Decision:
    return Decision(0, reason)


def has_valid_assessment(facts: Facts, day: date) -> bool:
    return (
        facts.ability_level is not None
        and facts.ability_valid_until is not None
        and facts.ability_valid_until >= day
    )


def _in_age(age: int, low: int | None, high: int | None) -> str | None:
    if low is not None and age < low:
        return "too_young"
    if high is not None and age > high:
        return "too_old"
    return None


def decide(rules: Rules, facts: Facts, month: date, *, region_prefix: str = "") -> Decision:
    """Return what `rules` pay the elder of `facts` for `month`, and why (a reason code).

    `region_prefix` is the payment run's region: the elder's hukou or residence (as the rules
    say) must lie in it, and in one of the rules' own region prefixes when they name any.
    """
    first = month_start(month)
    if facts.date_of_death is not None and facts.date_of_death < first:
        return _refused("deceased")
    if facts.moved_out_on is not None and facts.moved_out_on < first:
        return _refused("moved_out")
    region = facts.hukou_region if rules.region_basis == "hukou" else facts.residence_region
    if not region or not region.startswith(region_prefix):
        return _refused("outside_region")
    if rules.region_prefixes and not any(region.startswith(p) for p in rules.region_prefixes):
        return _refused("outside_region")
    day = rules.reference_day(month)
    age = age_on(facts.birth_date, day)
    problem = _in_age(age, rules.age_min, rules.age_max)
    if problem:
        return _refused(problem)
    if rules.categories_any and not (rules.categories_any & facts.categories):
        return _refused("missing_category")
    if rules.categories_none & facts.categories:
        return _refused("excluded_category")
    if rules.ability_levels:
        if facts.ability_level is None:
            return _refused("no_assessment")
        if facts.ability_level not in rules.ability_levels:
            return _refused("ability_level")
    if rules.exclude_concentrated_support and facts.in_concentrated_support:
        return _refused("concentrated_support")
    if rules.exclude_programs & facts.receiving:
        return _refused("excluded_program")
    first_problem = "no_bracket"
    for bracket in rules.brackets:
        problem = _in_age(age, bracket.age_min, bracket.age_max)
        if problem is None and bracket.categories_any:
            problem = None if bracket.categories_any & facts.categories else "missing_category"
        if problem is None and bracket.ability_levels:
            if facts.ability_level is None:
                problem = "no_assessment"
            elif facts.ability_level not in bracket.ability_levels:
                problem = "ability_level"
        if problem is None:
            return Decision(bracket.amount_fen, "eligible", bracket.label)
        if first_problem == "no_bracket":
            first_problem = problem
    return _refused(first_problem)
