"""The demo city's benefits: programmes with history, bank accounts, applications, payment runs.

Bank accounts are bulk inserted (one ChangeRecord per batch); everything else goes through the
benefits services with the demo logins, so the audit trail, timelines and findings are what a
clerk would have left. Idempotent: programmes, accounts and the demo applications are written
once; a month's run is computed only when it has none, and earlier months are brought to
"approved" (the current month is left computed, for a visitor to submit and approve).
"""

from __future__ import annotations

import zlib
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q

from yiyang.benefits.choices import ApplicantKind, CheckCode, FindingStatus, RunStatus
from yiyang.benefits.eligibility import add_months, month_start
from yiyang.benefits.models import Application, BankAccount, Finding, PaymentRun, Program
from yiyang.benefits.services import (
    apply_for_benefit,
    approve_run,
    compute_run,
    decide_application,
    review_finding,
    submit_run,
)
from yiyang.benefits.services.defaults import install_default_programs
from yiyang.core.models import ChangeRecord, Region, User
from yiyang.demo.places import CITY
from yiyang.registry.choices import Category, ElderStatus
from yiyang.registry.models import Elder

DISTRICT = "640302000000"  # 利通区
STREET = "640302001"  # 胜利街道
COMMUNITY = "640302001001"  # 富平社区, where the demo community worker decides
BANKS = (
    "宁夏黄河农村商业银行",
    "中国农业银行吴忠分行",
    "中国工商银行吴忠分行",
    "中国建设银行吴忠分行",
    "中国邮政储蓄银行吴忠市分行",
)
ACCOUNT_SHARE = 9  # in 10 elders have an account on record
BATCH_SIZE = 5000
# Marks the demo's applications (data, shown as written): their presence means "done".
DEMO_NOTE = "演示数据"
HELD_NOTE = "未登记代发账户，暂缓发放，待社区补录后发放"
# What happens to each demo application: the steps approved, then the last decision.
PLANS = (
    ("pending_community", 0, None),
    ("pending_street", 1, None),
    ("pending_district", 2, None),
    ("approved", 3, None),
    ("approved", 3, None),
    ("refused_street", 1, "家庭人均收入高于低收入标准，不符合补贴条件"),
    ("refused_district", 2, "已享受集中供养，不重复补贴"),
)


def _hash(text: str) -> int:
    return zlib.crc32(text.encode())


def load_bank_accounts() -> int:
    """Give about nine in ten elders without one a (fake, deterministic) bank account."""
    created = 0
    last = 0
    content_type = ContentType.objects.get_for_model(BankAccount)
    while True:
        rows = list(
            Elder.objects.filter(pk__gt=last, bank_account__isnull=True)
            .exclude(status=ElderStatus.MERGED)
            .order_by("pk")
            .values_list("pk", "id_number", "name")[:BATCH_SIZE]
        )
        if not rows:
            return created
        last = rows[-1][0]
        accounts = []
        for pk, number, name in rows:
            digest = _hash(number)
            if digest % 10 >= ACCOUNT_SHARE:
                continue
            accounts.append(
                BankAccount(
                    elder_id=pk,
                    bank_name=BANKS[digest % len(BANKS)],
                    account_number=f"6228{digest:010d}{_hash(number[::-1]) % 100000:05d}",
                    account_holder=name,
                )
            )
        if not accounts:
            continue
        with transaction.atomic():
            BankAccount.objects.bulk_create(accounts, batch_size=BATCH_SIZE)
            ChangeRecord.objects.create(
                actor=None,
                action="demo_city",
                content_type=content_type,
                object_pk=f"{accounts[0].elder_id}-{accounts[-1].elder_id}",
                object_repr=f"{len(accounts)} demo bank accounts",
                region_code=CITY[0],
                changes={"bank_accounts": [None, len(accounts)]},
                reason="yiyang demo_city: synthetic bank accounts, not real ones",
            )
        created += len(accounts)


def _applicants(program: Program, count: int, today: date) -> list[Elder]:
    """Active elders of 富平社区 with no application for `program`, those the rules would pay
    first (a category for the care subsidy, a disability level for the nursing subsidy)."""
    base = (
        Elder.objects.filter(residence_region_id=COMMUNITY, status=ElderStatus.ACTIVE)
        .exclude(benefit_applications__program=program)
        .order_by("id_number")
    )
    if program.code == "care_service_hours":
        # seed 002: scattered 三无 (特困) elders, and 低保 elders aged 80 or more
        eighty = today.replace(year=today.year - 80)
        eligible = base.filter(
            Q(categories__category=Category.EXTREME_POVERTY)
            | Q(categories__category=Category.DIBAO, birth_date__lte=eighty)
        )
    elif program.code == "care_service_subsidy":
        eligible = base.filter(
            categories__category__in=[
                Category.EXTREME_POVERTY,
                Category.DIBAO,
                Category.NEAR_DIBAO,
                Category.LOW_INCOME,
            ]
        )
    else:
        eligible = base.filter(ability_level__gte=2, ability_level_valid_until__gte=today)
    chosen = list(dict.fromkeys(eligible))[:count]
    if program.code == "care_service_hours":
        return chosen  # hours only for those the seed names: a small demo may have none
    if len(chosen) < count:
        chosen += [e for e in base[: count * 2] if e not in chosen][: count - len(chosen)]
    return chosen


def load_applications(users: dict[str, User], today: date) -> int:
    """Applications for the care and nursing subsidies and the service-time voucher in 胜利街道,
    one in each state."""
    if Application.objects.filter(note=DEMO_NOTE).exists():
        return 0
    deciders = [users["fuping"], users["shengli2"], users["litong"]]
    created = 0
    for code in ("care_service_subsidy", "nursing_subsidy", "care_service_hours"):
        program = Program.objects.get(code=code)
        for index, (elder, (_state, approvals, refusal)) in enumerate(
            zip(_applicants(program, len(PLANS), today), PLANS, strict=False)
        ):
            applicant = users["fuping"] if index % 2 else users["shengli"]
            application = apply_for_benefit(
                elder,
                program=program,
                applicant_kind=(ApplicantKind.FAMILY, ApplicantKind.ELDER)[index % 2],
                applicant_name=elder.name if index % 2 else "",
                applied_on=max(program.ledger_start_month, today - timedelta(days=20 + 9 * index)),
                note=DEMO_NOTE,
                actor=applicant,
            )
            for step in range(approvals):
                application = decide_application(application, approve=True, actor=deciders[step])
            if refusal:
                decide_application(
                    application, approve=False, reason=refusal, actor=deciders[approvals]
                )
            created += 1
    return created


def _review(run: PaymentRun, actor: User, *, leave_open: int = 0) -> None:
    """Hold the payments the checks flagged (no bank account, …), but `leave_open` of them."""
    findings = list(
        Finding.objects.filter(run=run, status=FindingStatus.OPEN).order_by("row__elder_id")
    )
    for finding in findings[leave_open:]:
        note = HELD_NOTE if finding.check_code == CheckCode.NO_BANK_ACCOUNT else "核实中，暂缓发放"
        review_finding(finding, hold=True, note=note, actor=actor)


def load_runs(code: str, users: dict[str, User], today: date) -> int:
    """One programme's runs of 利通区 from the programme's first month: earlier months computed
    and submitted by `litong`, approved by `litong2`; this month computed only."""
    program = Program.objects.get(code=code)
    district = Region.objects.get(code=DISTRICT)
    clerk, checker = users["litong"], users["litong2"]
    current = month_start(today)
    month = program.ledger_start_month
    computed = 0
    while month <= current:
        run = (
            PaymentRun.objects.live().filter(program=program, region=district, month=month).first()
        )
        if run is None:
            run = compute_run(program, region=district, month=month, actor=clerk)
            computed += 1
        if month < current and run.status != RunStatus.APPROVED:
            _review(run, clerk)
            run = submit_run(run, actor=clerk)
            approve_run(run, actor=checker)
        elif month == current and computed:
            _review(run, clerk, leave_open=2)
        month = add_months(month, 1)
    return computed


def load_benefits(*, today: date, users: dict[str, User]) -> dict[str, int]:
    """Write the demo's benefits (see the module docstring); returns what was created."""
    city = Region.objects.get(code=CITY[0])
    start = add_months(month_start(today), -3)
    programs = install_default_programs(city, start=start)
    accounts = load_bank_accounts()
    applications = load_applications(users, today)
    # The longevity allowance, and the service-time voucher (minutes, no bank file) whose
    # approved months give its entitled elders hours to spend on home services.
    runs = sum(
        load_runs(code, users, today) for code in ("longevity_allowance", "care_service_hours")
    )
    return {"programs": programs, "accounts": accounts, "applications": applications, "runs": runs}
