"""Plan the open assessment cases of the demo street (胜利街道): a few in every workflow state.

Pure: no Django. The demo's street clerks, district clerk and assessor logins (pinggu1 and
pinggu2, the first two qualified assessors of 利通区's agency) each find work on their pages.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from yiyang.demo.assessments import (
    Plan,
    Step,
    Subject,
    at,
    draw_case,
    publicity_end,
    scored,
    working_day_on_or_before,
)

DEMO_STREET = "640302001"
# (status, how many); every state a page of the workflow shows.
OPEN_STATES = (
    ("requested", 3),
    ("assigned", 3),
    ("in_progress", 3),
    ("submitted", 3),
    ("publicised", 2),
    ("objected", 2),
)
# Lead and second assessor by index among the agency's qualified assessors (0 = pinggu1).
TEAMS = ((0, 1), (1, 0), (0, 2), (2, 1))
OBJECTIONS = (
    "老人近一个月病情加重，评估当天状态较好，认为评估结果偏轻，申请重新评估。",
    "家属认为评估时未充分了解老人夜间需要照料的情况，对等级有异议。",
)


def plan_open_cases(
    definition: dict,
    candidates: list[Subject],
    *,
    seed: int,
    today: date,
    publicity_days: int = 5,
) -> list[Plan]:
    """Return the open cases, drawn from `candidates` (street elders without an assessment)."""
    rng = random.Random(f"yiyang-demo-open-cases:{seed}")
    wanted = sum(count for _status, count in OPEN_STATES)
    chosen = rng.sample(sorted(candidates, key=lambda s: s.id_number), min(wanted, len(candidates)))
    plans: list[Plan] = []
    states = [status for status, count in OPEN_STATES for _ in range(count)]
    for number, (status, subject) in enumerate(zip(states, chosen, strict=False)):
        plans.append(_plan(definition, subject, status, number, rng, today, publicity_days))
    return plans


def _plan(definition, subject: Subject, status: str, number: int, rng, today, publicity_days):
    order = [s for s, _count in OPEN_STATES]
    stage = order.index(status)
    # Later states started earlier: a case waits a few days at each step.
    requested = today - timedelta(days=stage * 2 + rng.randint(1, 3))
    plan = Plan(
        id_number=subject.id_number,
        status=status,
        reason="first",
        source=rng.choice(("community", "elder_or_family")),
        team=TEAMS[number % len(TEAMS)] if stage >= 1 else None,
        requested_at=at(requested, rng.randint(9, 11), rng.randrange(60)),
    )
    steps = [Step("requested", plan.requested_at, "", "requested", "requester")]
    if stage >= 1:
        assigned = requested + timedelta(days=1)
        steps.append(Step("assigned", at(assigned, 15, 10), "requested", "assigned", "district"))
    if stage >= 2:
        case = draw_case(definition, subject, rng)
        assessed = requested + timedelta(days=min(stage, 2))
        plan.assessed_on = assessed
        plan.basic_info = case["basic_info"]
        plan.diagnoses = case["diagnoses"]
        plan.risk_events = case["risk_events"]
        steps.append(Step("started", at(assessed, 9, 5), "assigned", "in_progress", "lead"))
        steps.append(Step("saved", at(assessed, 9, 40), "in_progress", "in_progress", "lead"))
        if stage == 2:
            # Half-way through the form: the first cards answered, the rest still open.
            codes = list(case["answers"])[: rng.randint(8, 18)]
            plan.answers = {code: case["answers"][code] for code in codes}
        else:
            plan.answers = case["answers"]
            plan.result = scored(definition, case)
            plan.submitted_at = at(assessed, 11, 30)
            steps.append(Step("submitted", plan.submitted_at, "in_progress", "submitted", "lead"))
    if stage >= 4:
        published = working_day_on_or_before(today - timedelta(days=1))
        assert plan.assessed_on is not None  # stage 2 set it
        published = max(published, plan.assessed_on + timedelta(days=1))
        plan.published_at = at(published, 10, 0)
        plan.publicity_ends_on = publicity_end(published, publicity_days)
        steps.append(Step("published", plan.published_at, "submitted", "publicised", "district"))
    if status == "objected":
        raised_by = subject.contact_name or f"{subject.name}家属"
        assert plan.published_at is not None  # stage 5 is published first
        raised_at = plan.published_at + timedelta(hours=4)
        plan.objection = (raised_by, OBJECTIONS[number % len(OBJECTIONS)], raised_at)
        steps.append(Step("objected", raised_at, "publicised", "objected", "street"))
    plan.steps = steps
    return plan
