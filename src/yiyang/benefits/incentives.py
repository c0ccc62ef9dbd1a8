"""Plan the caregiver incentives of seed 001 item 10 as instalments, as plain functions (no Django).

The seed gives the amounts and leaves the instalments open; the parameters live in
`data/incentives.json` and this module ships the project's reading of them (issue 4), which the
incentive page writes out on the screen:

Certification incentive (持证奖补), by skill level 5 → 1: 12,000 / 15,000 / 18,000 / 21,000 /
27,000 yuan, "paid out within 5 years of certification".
- The amount of the first certificate is paid in five equal parts, one on each of the first five
  anniversaries of its date.
- A part is paid only if on its due day the caregiver works on the front line (hired on or
  before that day and not yet left); otherwise it is forfeited. Leaving stops every later part.
- A higher certificate obtained later pays the difference between the two levels' amounts,
  spread equally over the first certificate's parts still to come after the new certificate's
  date (on the same days). A certificate of the same or a lower level pays nothing more, nor
  does an upgrade after the last part. The incentive paid is thus that of the highest level held.

Hiring incentive (入职奖补), for graduates hired within 3 years of graduation, by education:
secondary vocational 30,000, junior college (专科/高职) 40,000, bachelor or above 50,000 yuan.
- Paid in thirds at the end of service years 2, 3 and 4 (the 2nd, 3rd and 4th anniversaries of
  the hire date); a third whose day the caregiver does not reach in service is forfeited.
- Hired more than 3 years after graduating (or before graduating): no hiring incentive.

Amounts are integer fen. Dividing a total leaves a remainder: it goes to the last part, so the
parts always add up to the total. Anniversaries of 29 February fall on 28 February.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

PARAMETERS = Path(__file__).resolve().parent / "data" / "incentives.json"

CERTIFICATION = "certification"
CERTIFICATION_UPGRADE = "certification_upgrade"
HIRING = "hiring"

DUE = "due"  # the day has come in front-line service: paid or payable
FORFEITED = "forfeited"  # the caregiver was not (or is no longer) on the front line that day
FUTURE = "future"

SKILL_LEVELS = (5, 4, 3, 2, 1)  # 五级 (lowest) to 一级 (highest)
EDUCATIONS = ("secondary_vocational", "junior_college", "bachelor")


@dataclass(frozen=True)
class Parameters:
    """The incentive amounts and instalment rules (data/incentives.json)."""

    certification_fen: dict[int, int]
    certification_parts: int
    hiring_fen: dict[str, int]
    hiring_window_years: int
    hiring_service_years: tuple[int, ...]
    is_project_reading: bool = True
    policy_source: str = ""


def load_parameters(path: Path = PARAMETERS) -> Parameters:
    """Read the shipped parameters."""
    return parameters_from(json.loads(path.read_text(encoding="utf-8")))


def parameters_from(data: dict[str, Any]) -> Parameters:
    certification = data["certification"]
    hiring = data["hiring"]
    return Parameters(
        certification_fen={int(k): int(v) for k, v in certification["amounts_fen"].items()},
        certification_parts=int(certification["parts"]),
        hiring_fen={str(k): int(v) for k, v in hiring["amounts_fen"].items()},
        hiring_window_years=int(hiring["window_years"]),
        hiring_service_years=tuple(int(y) for y in hiring["paid_at_service_years"]),
        is_project_reading=bool(data.get("is_project_reading", True)),
        policy_source=str(data.get("policy_source", "")),
    )


@dataclass(frozen=True)
class Certificate:
    """A skill certificate (养老护理员职业技能等级证书): level 5 (lowest) to 1, and its date."""

    level: int
    certified_on: date


@dataclass(frozen=True)
class Caregiver:
    """The facts the incentives read about one caregiver."""

    certificates: tuple[Certificate, ...] = ()
    education: str | None = None
    graduated_on: date | None = None
    hired_on: date | None = None
    left_on: date | None = None


@dataclass(frozen=True)
class Instalment:
    """One part of an incentive: its day, amount, kind, and status as of a day."""

    due_on: date
    amount_fen: int
    kind: str
    status: str
    part: int  # 1-based number of the part within its kind
    level: int | None = None  # the certificate level the part pays for


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def split(total_fen: int, parts: int) -> list[int]:
    """Split `total_fen` into `parts` equal integer parts, the remainder on the last."""
    if parts <= 0:
        return []
    share = total_fen // parts
    return [share] * (parts - 1) + [total_fen - share * (parts - 1)]


def on_front_line(caregiver: Caregiver, day: date) -> bool:
    if caregiver.hired_on is None or caregiver.hired_on > day:
        return False
    return caregiver.left_on is None or caregiver.left_on >= day


def _status(caregiver: Caregiver, day: date, as_of: date) -> str:
    if caregiver.left_on is not None and caregiver.left_on < day:
        return FORFEITED
    if day > as_of:
        return FUTURE
    return DUE if on_front_line(caregiver, day) else FORFEITED


def certification_plan(
    caregiver: Caregiver, *, as_of: date, parameters: Parameters
) -> list[Instalment]:
    """The certification incentive's parts (see the module docstring for the reading)."""
    certificates = sorted(caregiver.certificates, key=lambda c: (c.certified_on, -c.level))
    certificates = [c for c in certificates if c.level in parameters.certification_fen]
    if not certificates:
        return []
    first = certificates[0]
    days = [add_years(first.certified_on, n) for n in range(1, parameters.certification_parts + 1)]
    plan = [
        Instalment(day, amount, CERTIFICATION, _status(caregiver, day, as_of), n, first.level)
        for n, (day, amount) in enumerate(
            zip(days, split(parameters.certification_fen[first.level], len(days)), strict=True),
            start=1,
        )
    ]
    paid_for = parameters.certification_fen[first.level]
    for certificate in certificates[1:]:
        amount = parameters.certification_fen[certificate.level]
        remaining = [day for day in days if day > certificate.certified_on]
        if amount <= paid_for or not remaining:
            continue
        parts = split(amount - paid_for, len(remaining))
        plan.extend(
            Instalment(
                day,
                part,
                CERTIFICATION_UPGRADE,
                _status(caregiver, day, as_of),
                n,
                certificate.level,
            )
            for n, (day, part) in enumerate(zip(remaining, parts, strict=True), start=1)
        )
        paid_for = amount
    return plan


def hiring_eligible(caregiver: Caregiver, parameters: Parameters) -> bool:
    """Hired within the window after graduating, with an education the incentive pays."""
    if caregiver.education not in parameters.hiring_fen:
        return False
    if caregiver.graduated_on is None or caregiver.hired_on is None:
        return False
    if caregiver.hired_on < caregiver.graduated_on:
        return False
    return caregiver.hired_on <= add_years(caregiver.graduated_on, parameters.hiring_window_years)


def hiring_plan(caregiver: Caregiver, *, as_of: date, parameters: Parameters) -> list[Instalment]:
    """The hiring incentive's thirds (see the module docstring for the reading)."""
    if not hiring_eligible(caregiver, parameters):
        return []
    assert caregiver.hired_on is not None
    assert caregiver.education is not None
    years = parameters.hiring_service_years
    parts = split(parameters.hiring_fen[caregiver.education], len(years))
    plan = []
    for n, (year, amount) in enumerate(zip(years, parts, strict=True), start=1):
        day = add_years(caregiver.hired_on, year)
        plan.append(Instalment(day, amount, HIRING, _status(caregiver, day, as_of), n))
    return plan


def plan_incentives(
    caregiver: Caregiver, *, as_of: date, parameters: Parameters | None = None
) -> list[Instalment]:
    """Every instalment of both incentives for one caregiver, by day."""
    parameters = parameters or load_parameters()
    plan = certification_plan(caregiver, as_of=as_of, parameters=parameters)
    plan += hiring_plan(caregiver, as_of=as_of, parameters=parameters)
    return sorted(plan, key=lambda i: (i.due_on, i.kind, i.part))


def totals_by_year(plan: list[Instalment]) -> list[tuple[int, dict[str, int]]]:
    """Fen per calendar year and status (due, forfeited, future), years in order."""
    years: dict[int, dict[str, int]] = defaultdict(lambda: {DUE: 0, FORFEITED: 0, FUTURE: 0})
    for instalment in plan:
        years[instalment.due_on.year][instalment.status] += instalment.amount_fen
    return sorted(years.items())


def totals(plan: list[Instalment]) -> dict[str, int]:
    """Fen by status over the whole plan."""
    result = {DUE: 0, FORFEITED: 0, FUTURE: 0}
    for instalment in plan:
        result[instalment.status] += instalment.amount_fen
    return result
