"""Plan the demo city's ability assessments (GB/T 42195-2022): who is assessed, their answers.

Pure: no Django. Each elder's plan depends only on the seed, the elder and the loading day (a
random stream of its own, seeded by the identity number), so it does not matter in which
order or how many elders are planned. Answers are drawn so that ability declines with age and
with the dementia and severe-disability categories, then scored with the real `score` on the
scale's definition: total, levels and reasons are what the workflow would have stored.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from yiyang.assessment.scoring import ScoreResult, score
from yiyang.core.calendar import CalendarUnknown, add_working_days, is_working_day
from yiyang.demo.generator import REFERENCE_DATE

TZ = ZoneInfo("Asia/Shanghai")
# Initial-level shares (0 … 4, GB/T 42195 C.3) by lowest age of the band; rough, for a demo.
LEVEL_SHARES: tuple[tuple[int, tuple[float, ...]], ...] = (
    (90, (3, 25, 30, 24, 18)),
    (80, (10, 40, 27, 14, 9)),
    (70, (25, 50, 16, 6, 3)),
    (60, (50, 42, 6, 1.5, 0.5)),
)
# 重度残疾 covers the blind and the deaf too, so not every one is dependent in daily life.
SEVERE_DISABILITY_SHARES: tuple[float, ...] = (4, 20, 30, 27, 19)
DEMENTIA_SHARES = (0, 30, 36, 22, 12)  # before the diagnosis raises it one level (C.4 b)
# Chance of being assessed by age band; a dementia or severe-disability elder nearly always is.
ASSESSED_SHARE = ((90, 0.6), (80, 0.45), (70, 0.26), (60, 0.13))
NEEDS_CARE = ("dementia", "severe_disability")
# Which abilities go first: bathing and stairs before eating; weights per item code prefix.
BODY_WEIGHTS = {"B.1": 1.0, "B.2": 1.3, "B.3": 0.35, "B.4": 0.8}
ITEM_WEIGHTS = {"B.1.3": 2.2, "B.2.4": 2.4, "B.2.3": 1.4, "B.1.1": 0.5, "B.3.9": 0.1, "B.4.1": 0.7}
MIND_WEIGHTS = {"B.1": 0.7, "B.2": 0.6, "B.3": 3.0, "B.4": 1.4}
DEMENTIA_CODES = (("F03", "痴呆"), ("F00", "阿尔茨海默病性痴呆"), ("F01", "血管性痴呆"))
OTHER_DIAGNOSES = (
    ("I10", "高血压", 0.45),
    ("E11", "糖尿病", 0.16),
    ("I25", "冠心病", 0.14),
    ("J44", "慢性阻塞性肺疾病", 0.06),
    ("M17", "膝关节病", 0.10),
)
EDUCATION = ("文盲", "小学", "初中", "高中/技校/中专", "大学专科及以上")
EDUCATION_WEIGHTS = (25, 38, 22, 11, 4)
INSURANCE = ("城乡居民基本医疗保险", "城乡居民基本医疗保险", "城镇职工基本医疗保险")
LIVING = {
    "alone": "独居",
    "empty_nest": "与配偶居住",
    "with_children": "与子女居住",
    "other": "与其他亲属居住",
}


@dataclass(frozen=True)
class Subject:
    """What planning needs of an elder (read from the registry)."""

    id_number: str
    name: str
    gender: str
    birth_date: date
    region_code: str
    living_arrangement: str
    categories: frozenset[str]
    contact_name: str = ""
    contact_phone: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Step:
    """One AssessmentEvent: what happened, when, and who did it (a role the loader resolves:
    "requester", "district", "lead", "street" or "" for the daily job)."""

    event_type: str
    at: datetime
    old_status: str
    new_status: str
    actor: str = ""


@dataclass
class Plan:
    """One assessment to write, with its answers and result already scored."""

    id_number: str
    status: str
    reason: str
    source: str
    team: tuple[int, int] | None  # indexes into the agency's qualified assessors
    requested_at: datetime
    answers: dict[str, int] = field(default_factory=dict)
    basic_info: dict[str, Any] = field(default_factory=dict)
    diagnoses: list[dict[str, Any]] = field(default_factory=list)
    risk_events: dict[str, int] = field(default_factory=dict)
    result: ScoreResult | None = None
    assessed_on: date | None = None
    submitted_at: datetime | None = None
    published_at: datetime | None = None
    publicity_ends_on: date | None = None
    finalised_at: datetime | None = None
    steps: list[Step] = field(default_factory=list)
    objection: tuple[str, str, datetime] | None = None  # raised by, reason, when


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def rng_for(seed: int, subject: Subject) -> random.Random:
    # A string seed is hashed the same way on every run and platform (unlike hash()).
    return random.Random(f"yiyang-demo-assessment:{seed}:{subject.id_number}")


def is_assessed(subject: Subject, rng: random.Random) -> bool:
    """About a quarter of elders: more of the old, most with dementia or severe disability.

    Ages count from the generator's REFERENCE_DATE, so who is assessed does not change with
    the loading day (a re-run on another day adds nobody).
    """
    if subject.categories & set(NEEDS_CARE):
        return rng.random() < 0.8
    age = age_on(subject.birth_date, REFERENCE_DATE)
    share = next(share for low, share in ASSESSED_SHARE if age >= low)
    return rng.random() < share


def working_day_on_or_before(day: date) -> date:
    try:
        while not is_working_day(day):
            day -= timedelta(days=1)
    except CalendarUnknown:
        while day.weekday() >= 5:
            day -= timedelta(days=1)
    return day


def publicity_end(published: date, working_days: int) -> date:
    """The last day objections are taken (the workflow's rule), on weekdays if the statutory
    calendar does not know the year."""
    try:
        return add_working_days(published, working_days)
    except CalendarUnknown:
        day, counted = published, 0
        while counted < working_days:
            day += timedelta(days=1)
            counted += day.weekday() < 5
        return day


# --- answers ---------------------------------------------------------------------------------


def _weights(definition: dict, mind: bool) -> dict[str, float]:
    """How likely each item is to lose the next point: by ability, and by its range, so a
    0-1 item (攻击行为, 抑郁症状) is not zeroed as fast as a 0-4 one."""
    body = MIND_WEIGHTS if mind else BODY_WEIGHTS
    return {
        item["code"]: body[item["code"][:3]]
        * ITEM_WEIGHTS.get(item["code"], 1.0)
        * max(option["score"] for option in item["options"])
        / 4
        for dimension in definition["dimensions"]
        for item in dimension["items"]
    }


def draw_answers(definition: dict, deficit: int, rng: random.Random, *, mind: bool) -> dict:
    """Answers scoring `deficit` points below the maximum, lost where ageing takes them first."""
    tops = {
        item["code"]: max(option["score"] for option in item["options"])
        for dimension in definition["dimensions"]
        for item in dimension["items"]
    }
    answers = dict(tops)
    weights = _weights(definition, mind)
    left = min(deficit, sum(tops.values()))
    while left > 0:
        codes = [code for code, value in answers.items() if value > 0]
        code = rng.choices(codes, weights=[weights[c] for c in codes])[0]
        step = min(left, answers[code], rng.choice((1, 1, 2)))
        answers[code] -= step
        left -= step
    return answers


def _initial_level(subject: Subject, rng: random.Random) -> int:
    shares: tuple[float, ...]
    if "severe_disability" in subject.categories:
        shares = SEVERE_DISABILITY_SHARES
    elif "dementia" in subject.categories:
        shares = DEMENTIA_SHARES
    else:
        age = age_on(subject.birth_date, REFERENCE_DATE)
        shares = next(shares for low, shares in LEVEL_SHARES if age >= low)
    return rng.choices(range(5), weights=shares)[0]


def draw_case(definition: dict, subject: Subject, rng: random.Random) -> dict:
    """Draw a complete, believable Annex A and B for the elder (answers, diagnoses, events)."""
    level = _initial_level(subject, rng)
    band = next(b for b in definition["levels"] if b["level"] == level)
    total = rng.randint(band["min_total"], band["max_total"])
    top = int(definition.get("total_max") or 90)
    dementia = "dementia" in subject.categories
    answers = draw_answers(definition, top - total, rng, mind=dementia)
    diagnoses = []
    if dementia:
        code, name = rng.choice(DEMENTIA_CODES)
        diagnoses.append({"icd10": code, "name": name, "psychiatric_specialist": False})
    if "severe_disability" in subject.categories and rng.random() < 0.5:
        diagnoses.append({"icd10": "I63", "name": "脑梗死", "psychiatric_specialist": False})
    for code, name, chance in OTHER_DIAGNOSES:
        if rng.random() < chance:
            diagnoses.append({"icd10": code, "name": name, "psychiatric_specialist": False})
    risk_events: dict[str, int] = {}
    if rng.random() < 0.06 + 0.04 * level:
        risk_events["fall"] = rng.choice((1, 1, 1, 1, 1, 2))
    if dementia and rng.random() < 0.15:
        risk_events["wandering"] = 1
    return {
        "answers": answers,
        "diagnoses": diagnoses,
        "risk_events": risk_events,
        "basic_info": _basic_info(subject, answers, level, dementia, rng),
    }


def _basic_info(subject: Subject, answers: dict, level: int, dementia: bool, rng) -> dict:
    male, alone = subject.gender == "male", subject.living_arrangement == "alone"
    height = rng.randint(160, 176) if male else rng.randint(148, 163)
    info: dict[str, Any] = {
        "A.2.6": height,
        "A.2.7": max(35, round((height - 100) * rng.uniform(0.8, 1.1))),
        "A.2.8": "有" if rng.random() < 0.4 else "无",
        "A.2.10": rng.choices(EDUCATION, EDUCATION_WEIGHTS)[0],
        "A.2.11": [LIVING.get(subject.living_arrangement, "与其他亲属居住")],
        "A.2.12": "丧偶" if alone else rng.choice(("已婚", "已婚", "丧偶")),
        "A.2.13": [rng.choice(INSURANCE)],
        "A.2.15": [rng.choice(("退休金/养老金", "子女补贴", "国家普惠型补贴"))],
        "A.5.1": "Ⅰ期" if level == 4 and rng.random() < 0.3 else "无",
        "A.5.8": "有" if answers.get("B.1.1", 4) <= 1 else "无",
    }
    if (level >= 3 or dementia) and subject.contact_name:
        info["A.3.1"], info["A.3.2"] = subject.contact_name, "子女"
        info["A.3.3"] = subject.contact_phone
    else:
        info["A.3.1"], info["A.3.2"] = subject.name, "本人"
        if subject.phone:
            info["A.3.3"] = subject.phone
    return info


def scored(definition: dict, case: dict) -> ScoreResult:
    return score(
        definition, case["answers"], diagnoses=case["diagnoses"], risk_events=case["risk_events"]
    )


# --- the final assessments -------------------------------------------------------------------


def plan_final(
    definition: dict,
    subject: Subject,
    *,
    seed: int,
    today: date,
    team_size: int,
    publicity_days: int = 5,
) -> Plan | None:
    """Return the final assessment of an assessed elder (None for the others).

    Published 15 to 330 days ago, final the day after its publicity ended; the result is the
    real score of the drawn answers.
    """
    rng = rng_for(seed, subject)
    if team_size < 2 or not is_assessed(subject, rng):
        return None
    case = draw_case(definition, subject, rng)
    published = working_day_on_or_before(today - timedelta(days=rng.randint(15, 330)))
    ends = publicity_end(published, publicity_days)
    submitted = published - timedelta(days=rng.randint(1, 3))
    assessed = submitted - timedelta(days=rng.choice((0, 0, 1)))
    assigned = assessed - timedelta(days=rng.randint(2, 7))
    requested = assigned - timedelta(days=rng.randint(1, 3))
    lead, second = rng.sample(range(team_size), 2)
    reason = "immediate" if rng.random() < 0.08 else "first"
    source = rng.choices(("community", "elder_or_family", "institution"), (55, 40, 5))[0]
    requested_at = at(requested, rng.randint(8, 11), rng.randrange(60))
    submitted_at = at(submitted, rng.randint(14, 17), rng.randrange(60))
    published_at = at(published, rng.randint(9, 11), rng.randrange(60))
    # The daily job makes it final in the night after the publicity's last day.
    finalised_at = at(ends + timedelta(days=1), 2, 0)
    steps = [
        Step("requested", requested_at, "", "requested", "requester"),
        Step("assigned", at(assigned, 15, rng.randrange(60)), "requested", "assigned", "district"),
        Step("started", at(assessed, 9, rng.randrange(60)), "assigned", "in_progress", "lead"),
        Step("saved", at(assessed, 10, rng.randrange(60)), "in_progress", "in_progress", "lead"),
        Step("submitted", submitted_at, "in_progress", "submitted", "lead"),
        Step("published", published_at, "submitted", "publicised", "district"),
        Step("finalised", finalised_at, "publicised", "final"),
    ]
    return Plan(
        id_number=subject.id_number,
        status="final",
        reason=reason,
        source=source,
        team=(lead, second),
        requested_at=requested_at,
        assessed_on=assessed,
        submitted_at=submitted_at,
        published_at=published_at,
        publicity_ends_on=ends,
        finalised_at=finalised_at,
        result=scored(definition, case),
        steps=steps,
        **case,
    )
