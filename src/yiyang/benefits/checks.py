"""Fund supervision checks (资金监管, seed 000 §(五)) on a payment run's stored rows (no writes).

Each check returns {row pk: detail}. They run when a run is computed and again when it is
approved, so a death recorded or a second region's run computed in between is still caught.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from yiyang.benefits.choices import CheckCode, RunStatus
from yiyang.benefits.compute import rules_of
from yiyang.benefits.models import BankAccount, PaymentRow, PaymentRun

Findings = dict[tuple[int, str], str]


def _paying(run: PaymentRun):
    return PaymentRow.objects.filter(run=run).filter(Q(amount_fen__gt=0) | Q(arrears_fen__gt=0))


def paid_after_death(run: PaymentRun) -> dict[int, str]:
    """Rows paying this month, or a back month, that began after the elder's death."""
    found: dict[int, str] = {}
    rows = _paying(run).filter(elder__date_of_death__isnull=False)
    for pk, amount, died, arrears in rows.iter_values(
        "pk", "amount_fen", "elder__date_of_death", "arrears_detail"
    ):
        months = [date.fromisoformat(line["month"]) for line in arrears]
        if amount:
            months.append(run.month)
        late = sorted(m for m in months if m > died)
        if late:
            found[pk] = f"{died.isoformat()} < {late[0]:%Y-%m}"
    return found


def paid_twice(run: PaymentRun) -> dict[int, str]:
    """Rows whose identity number another live run of the programme pays for the same month."""
    live = PaymentRun.objects.filter(program_id=run.program_id, month=run.month).exclude(
        status=RunStatus.CANCELLED
    )
    if not live.exclude(pk=run.pk).exists():
        # A city-wide run is usually the month's only one: no join of its rows to the registry.
        return {}
    others = (
        PaymentRow.objects.filter(run__program_id=run.program_id, run__month=run.month)
        .exclude(run=run)
        .exclude(run__status=RunStatus.CANCELLED)
        .filter(Q(amount_fen__gt=0) | Q(arrears_fen__gt=0))
        .filter(elder__id_number__in=_paying(run).values("elder__id_number"))
        .values_list("elder__id_number", "run__region__name")
    )
    regions = dict(others)
    if not regions:
        return {}
    return {
        pk: regions[number]
        for pk, number in _paying(run)
        .filter(elder__id_number__in=list(regions))
        .values_list("pk", "elder__id_number")
    }


def above_cap(run: PaymentRun) -> dict[int, str]:
    """Rows whose monthly amount, or one back month, is above the version's cap."""
    cap = rules_of(run.version).cap_fen
    if cap is None:
        return {}
    found: dict[int, str] = {}
    # Only a row above the cap this month, or with back months, can be: the rest stay in SQL.
    rows = _paying(run).filter(Q(amount_fen__gt=cap) | Q(arrears_fen__gt=0))
    for pk, amount, arrears in rows.iter_values("pk", "amount_fen", "arrears_detail"):
        highest = max([amount, *(line["amount_fen"] for line in arrears)])
        if highest > cap:
            found[pk] = f"{highest} > {cap}"
    return found


def no_valid_assessment(run: PaymentRun) -> dict[int, str]:
    """Rows of a programme that needs a valid assessment whose elder has none in the month."""
    rules = rules_of(run.version)
    if not rules.requires_valid_assessment:
        return {}
    day = rules.reference_day(run.month)
    rows = (
        PaymentRow.objects.filter(run=run, amount_fen__gt=0)
        .filter(
            Q(elder__ability_level_valid_until__isnull=True)
            | Q(elder__ability_level_valid_until__lt=day)
        )
        .values_list("pk", "elder__ability_level_valid_until")
    )
    return {pk: until.isoformat() if until else "" for pk, until in rows}


def excluded_program(run: PaymentRun) -> dict[int, str]:
    """Rows whose elder is also paid this month by a programme these rules exclude."""
    codes = rules_of(run.version).exclude_programs
    if not codes:
        return {}
    others = (
        PaymentRow.objects.filter(run__program__code__in=codes, run__month=run.month)
        .exclude(run__status=RunStatus.CANCELLED)
        .filter(amount_fen__gt=0)
        .values_list("elder_id", "run__program__code")
    )
    paid_by = dict(others)
    if not paid_by:
        return {}
    return {
        pk: paid_by[elder_id]
        for pk, elder_id in PaymentRow.objects.filter(
            run=run, amount_fen__gt=0, elder_id__in=list(paid_by)
        ).values_list("pk", "elder_id")
    }


def no_bank_account(run: PaymentRun) -> dict[int, str]:
    """Rows sending money to the bank for an elder with no account on record (a service-time
    programme sends nothing to a bank)."""
    if run.program.is_time:
        return {}
    rows = _paying(run).exclude(
        elder_id__in=BankAccount.objects.filter(
            elder_id__in=_paying(run).values("elder_id")
        ).values("elder_id")
    )
    return dict.fromkeys(rows.values_list("pk", flat=True), "")


CHECKS = {
    CheckCode.PAID_AFTER_DEATH: paid_after_death,
    CheckCode.PAID_TWICE: paid_twice,
    CheckCode.ABOVE_CAP: above_cap,
    CheckCode.NO_VALID_ASSESSMENT: no_valid_assessment,
    CheckCode.EXCLUDED_PROGRAM: excluded_program,
    CheckCode.NO_BANK_ACCOUNT: no_bank_account,
}


def run_checks(run: PaymentRun) -> Findings:
    """Every finding of every check on the run: {(row pk, check code): detail}."""
    findings: Findings = {}
    for code, check in CHECKS.items():
        for pk, detail in check(run).items():
            findings[(pk, str(code))] = detail[:300]
    return findings
