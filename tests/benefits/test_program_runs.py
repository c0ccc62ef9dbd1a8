"""Worked cases of payment runs beyond the longevity allowance (issue 4): the nursing subsidy's
assessment check, the budget refusing an approval, the excluded-programme flag, and a new
version changing its own months only."""

from __future__ import annotations

import copy
from datetime import date

import pytest
import time_machine

from tests.conftest import COMMUNITY_A1, DISTRICT
from tests.factories import make_elder
from yiyang.benefits.choices import CheckCode, FindingStatus, RowChange, RunStatus
from yiyang.benefits.errors import BenefitsError, ErrorCode
from yiyang.benefits.models import Finding, LedgerEntry, PaymentRow, PaymentRun
from yiyang.benefits.services import (
    apply_for_benefit,
    approve_run,
    compute_run,
    decide_application,
    draft_version,
    publish_version,
    review_finding,
    set_budget,
    submit_run,
)
from yiyang.registry.models import ElderCategory

pytestmark = pytest.mark.django_db

MARCH, APRIL, MAY, JUNE, JULY = (date(2026, m, 1) for m in (3, 4, 5, 6, 7))


def elder(birth: date, name: str = "张秀兰", **extra):
    return make_elder(
        residence_region_id=COMMUNITY_A1,
        hukou_region_id=COMMUNITY_A1,
        birth=birth,
        name=name,
        **extra,
    )


def entitle(person, program, *actors, applied_on=date(2026, 6, 1)):
    application = apply_for_benefit(
        person, program=program, applicant_kind="clerk", applied_on=applied_on, actor=actors[0]
    )
    for actor in actors:
        application = decide_application(application, approve=True, actor=actor)
    return application


def confirm_findings(run, actor) -> None:
    for finding in Finding.objects.filter(run=run, status=FindingStatus.OPEN):
        review_finding(finding, hold=False, note="checked", actor=actor)


def findings(run) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for elder_id, code in Finding.objects.filter(run=run).values_list(
        "row__elder_id", "check_code"
    ):
        found.setdefault(elder_id, set()).add(code)
    return found


def test_nursing_subsidy_pays_a_lapsed_assessment_by_level_and_flags_it(
    programs, regions, community_worker, street_worker, district_clerk
):
    # given: two entitled elders at level 3; one assessment valid, one lapsed on 31 May
    nursing = programs["nursing_subsidy"]
    valid = elder(
        date(1940, 1, 1), "有效", ability_level=3, ability_level_valid_until=date(2027, 1, 1)
    )
    lapsed = elder(
        date(1940, 1, 1), "过期", ability_level=3, ability_level_valid_until=date(2026, 5, 31)
    )
    for person in (valid, lapsed):
        entitle(person, nursing, community_worker, street_worker, district_clerk)

    # when
    run = compute_run(nursing, region=regions[DISTRICT], month=JUNE, actor=district_clerk)

    # then: both are paid the level-3 amount, and only the lapsed one is flagged
    rows = dict(PaymentRow.objects.filter(run=run).values_list("elder_id", "amount_fen"))
    assert rows == {valid.pk: 60000, lapsed.pk: 60000}
    flagged = findings(run)
    assert CheckCode.NO_VALID_ASSESSMENT in flagged.get(lapsed.pk, set())
    assert CheckCode.NO_VALID_ASSESSMENT not in flagged.get(valid.pk, set())
    detail = Finding.objects.get(
        run=run, row__elder=lapsed, check_code=CheckCode.NO_VALID_ASSESSMENT
    ).detail
    assert detail == "2026-05-31"


def test_nursing_subsidy_needs_a_level_it_pays(
    programs, regions, community_worker, street_worker, district_clerk
):
    nursing = programs["nursing_subsidy"]
    mild = elder(
        date(1940, 1, 1), "轻度", ability_level=1, ability_level_valid_until=date(2027, 1, 1)
    )
    entitle(mild, nursing, community_worker, street_worker, district_clerk)
    run = compute_run(nursing, region=regions[DISTRICT], month=JUNE, actor=district_clerk)
    assert not PaymentRow.objects.filter(run=run, amount_fen__gt=0).exists()


def test_an_approval_beyond_the_remaining_budget_is_refused_and_writes_no_ledger(
    programs, regions, city_admin, district_clerk, district_checker
):
    # given: two 85-year-olds (100 yuan each); a 2026 budget of 300 yuan; March approved
    allowance = programs["longevity_allowance"]
    elder(date(1941, 1, 1), "甲")
    elder(date(1941, 2, 2), "乙")
    set_budget(allowance, year=2026, amount_fen=30000, actor=city_admin)
    march = compute_run(allowance, region=regions[DISTRICT], month=MARCH, actor=district_clerk)
    confirm_findings(march, district_clerk)
    approve_run(submit_run(march, actor=district_clerk), actor=district_checker)
    ledger = LedgerEntry.objects.count()
    april = compute_run(allowance, region=regions[DISTRICT], month=APRIL, actor=district_clerk)
    confirm_findings(april, district_clerk)
    submit_run(april, actor=district_clerk)

    # when: April (200 yuan) is approved with 100 yuan left
    with pytest.raises(BenefitsError) as caught:
        approve_run(april, actor=district_checker)

    # then: refused naming the remaining money, nothing written
    assert caught.value.code == ErrorCode.BUDGET_EXCEEDED
    assert "100.00" in caught.value.message
    assert "200.00" in caught.value.message
    assert LedgerEntry.objects.count() == ledger == 2
    april.refresh_from_db()
    assert april.status == RunStatus.SUBMITTED


def test_a_row_also_paid_by_an_excluded_programme_is_flagged_at_approval(
    programs, regions, city_admin, community_worker, street_worker, district_clerk, district_checker
):
    # given: from June the meal subsidy excludes elders paid the care service subsidy; one
    # elder on 低保 is entitled to both
    meal, care = programs["meal_subsidy"], programs["care_service_subsidy"]
    rules = copy.deepcopy(meal.versions.get(number=1).rules)
    rules["exclude_programs"] = ["care_service_subsidy"]
    publish_version(
        draft_version(meal, rules=rules, effective_from=JUNE, actor=city_admin), actor=city_admin
    )
    both = elder(date(1950, 1, 1), "两份")
    ElderCategory.objects.create(
        elder=both, category="dibao", valid_from=date(2020, 1, 1), source="test"
    )
    entitle(both, meal, community_worker, street_worker)
    entitle(both, care, community_worker, street_worker, district_clerk)

    # when: the meal run is computed before the care run exists, then the care run
    meal_run = compute_run(meal, region=regions[DISTRICT], month=JUNE, actor=district_clerk)
    assert PaymentRow.objects.get(run=meal_run, elder=both).amount_fen == 10000
    care_run = compute_run(care, region=regions[DISTRICT], month=JUNE, actor=district_clerk)
    assert PaymentRow.objects.get(run=care_run, elder=both).amount_fen == 30000

    # then: approving the meal run checks it again and flags the row paid by both
    confirm_findings(meal_run, district_clerk)
    submit_run(meal_run, actor=district_clerk)
    with pytest.raises(BenefitsError) as caught:
        approve_run(meal_run, actor=district_checker)
    assert caught.value.code == ErrorCode.FINDINGS_OPEN
    flagged = Finding.objects.get(run=meal_run, row__elder=both, status=FindingStatus.OPEN)
    assert flagged.check_code == CheckCode.EXCLUDED_PROGRAM
    assert not LedgerEntry.objects.filter(program=meal).exists()


def test_a_programme_excluding_a_paid_one_does_not_pay(
    programs, regions, city_admin, community_worker, street_worker, district_clerk
):
    # given: the meal run is computed first; then a care version excluding meals is published
    meal, care = programs["meal_subsidy"], programs["care_service_subsidy"]
    both = elder(date(1950, 1, 1), "两份")
    ElderCategory.objects.create(
        elder=both, category="dibao", valid_from=date(2020, 1, 1), source="test"
    )
    entitle(both, meal, community_worker, street_worker)
    entitle(both, care, community_worker, street_worker, district_clerk)
    meal_run = compute_run(meal, region=regions[DISTRICT], month=JUNE, actor=district_clerk)
    rules = copy.deepcopy(care.versions.get(number=1).rules)
    rules["exclude_programs"] = ["meal_subsidy"]
    publish_version(
        draft_version(care, rules=rules, effective_from=JUNE, actor=city_admin), actor=city_admin
    )

    # when: the care run is computed while the meal run pays her
    care_run = compute_run(care, region=regions[DISTRICT], month=JUNE, actor=district_clerk)

    # then: the care subsidy does not pay her (the meal run pays her this month)
    assert not PaymentRow.objects.filter(run=care_run, elder=both, amount_fen__gt=0).exists()
    assert PaymentRow.objects.get(run=meal_run, elder=both).amount_fen == 10000


def test_a_version_from_july_changes_july_but_not_junes_approved_rows(
    programs, regions, city_admin, district_clerk, district_checker
):
    # given: June approved with an 85-year-old at 100 yuan
    allowance = programs["longevity_allowance"]
    person = elder(date(1941, 1, 1))
    june = compute_run(allowance, region=regions[DISTRICT], month=JUNE, actor=district_clerk)
    confirm_findings(june, district_clerk)
    approve_run(submit_run(june, actor=district_clerk), actor=district_checker)
    june_rows = list(PaymentRow.objects.filter(run=june).values())

    # when: a version paying 150 yuan to 80–89 takes effect from July
    rules = copy.deepcopy(allowance.versions.get(number=1).rules)
    rules["brackets"][0]["amount_fen"] = 15000
    rules["cap_fen"] = 80000
    version = draft_version(allowance, rules=rules, effective_from=JULY, actor=city_admin)
    publish_version(version, actor=city_admin)
    with time_machine.travel(date(2026, 7, 15), tick=False):
        july = compute_run(allowance, region=regions[DISTRICT], month=JULY, actor=district_clerk)

    # then: July pays 150 (changed from 100), June is untouched
    row = PaymentRow.objects.get(run=july, elder=person)
    assert (row.amount_fen, row.previous_fen, row.change) == (15000, 10000, RowChange.CHANGED)
    assert row.arrears_detail == []
    assert list(PaymentRow.objects.filter(run=june).values()) == june_rows
    assert PaymentRun.objects.get(pk=june.pk).status == RunStatus.APPROVED
    assert list(
        LedgerEntry.objects.filter(elder=person, period_month=JUNE).values_list("amount_fen")
    ) == [(10000,)]


def test_a_version_cannot_start_in_an_approved_month(
    programs, regions, city_admin, district_clerk, district_checker
):
    allowance = programs["longevity_allowance"]
    elder(date(1941, 1, 1))
    june = compute_run(allowance, region=regions[DISTRICT], month=JUNE, actor=district_clerk)
    confirm_findings(june, district_clerk)
    approve_run(submit_run(june, actor=district_clerk), actor=district_checker)
    rules = copy.deepcopy(allowance.versions.get(number=1).rules)
    draft = draft_version(allowance, rules=rules, effective_from=JUNE, actor=city_admin)
    with pytest.raises(BenefitsError) as caught:
        publish_version(draft, actor=city_admin)
    assert caught.value.field == "effective_from"


def test_a_month_spent_on_services_still_counts_as_paid_for_the_next_run(
    programs, regions, district_clerk, district_checker
):
    # given: March paid 100 yuan, then 60 yuan of March spent on home services (homecare's
    # settlement writes service-use entries through benefits' vouchers service)
    from yiyang.benefits.services.vouchers import ServiceUse, record_service_use

    allowance = programs["longevity_allowance"]
    person = elder(date(1941, 1, 1), "甲")
    march = compute_run(allowance, region=regions[DISTRICT], month=MARCH, actor=district_clerk)
    confirm_findings(march, district_clerk)
    approve_run(submit_run(march, actor=district_clerk), actor=district_checker)
    record_service_use(
        [ServiceUse(person.pk, allowance.pk, MARCH, -6000, COMMUNITY_A1)],
        reference="test:1",
        actor=district_clerk,
    )

    # when: April is computed
    april = compute_run(allowance, region=regions[DISTRICT], month=APRIL, actor=district_clerk)

    # then: March still reads as paid in full: no change, no arrears
    row = PaymentRow.objects.get(run=april, elder=person)
    assert (row.change, row.previous_fen, row.arrears_fen) == (RowChange.CONTINUED, 10000, 0)
