"""Worked cases of applications (issue 4): the care service subsidy through community, street
and district; wrong-level steps refused; refusals with reasons on the timeline; the entitlement
from the application month; late approvals back-paid; a death stopping the entitlement."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from tests.conftest import COMMUNITY_A1, DISTRICT
from tests.factories import make_elder
from yiyang.benefits.choices import (
    ApplicationStatus,
    EntitlementStatus,
    FindingStatus,
    StepDecision,
    StopReason,
)
from yiyang.benefits.compute import MonthComputation
from yiyang.benefits.errors import BenefitsError, ErrorCode
from yiyang.benefits.models import (
    Application,
    ApplicationStep,
    Entitlement,
    Finding,
    PaymentRow,
)
from yiyang.benefits.services import (
    apply_for_benefit,
    approve_run,
    compute_run,
    decide_application,
    draft_version,
    publish_version,
    review_finding,
    submit_run,
)
from yiyang.core.errors import PermissionDeniedError
from yiyang.core.models import ChangeRecord
from yiyang.registry.models import ElderCategory, TimelineEntry
from yiyang.registry.services import record_death
from yiyang.registry.timeline import describe

pytestmark = pytest.mark.django_db

MARCH, APRIL, MAY, JUNE, JULY = (date(2026, m, 1) for m in (3, 4, 5, 6, 7))


@pytest.fixture
def poor_elder(regions):
    """A 70-year-old of 富平社区 on 低保 since 2020."""
    person = make_elder(
        residence_region_id=COMMUNITY_A1,
        hukou_region_id=COMMUNITY_A1,
        birth=date(1956, 2, 2),
        name="刘低保",
    )
    ElderCategory.objects.create(
        elder=person, category="dibao", valid_from=date(2020, 1, 1), source="test"
    )
    return person


def apply(person, program, actor, applied_on=date(2026, 6, 2)) -> Application:
    return apply_for_benefit(
        person, program=program, applicant_kind="clerk", applied_on=applied_on, actor=actor
    )


def approve_through(application, *actors) -> Application:
    for actor in actors:
        application = decide_application(application, approve=True, actor=actor)
    return application


def test_the_three_steps_are_decided_by_community_street_and_district(
    programs, poor_elder, community_worker, street_worker, district_clerk
):
    # given: an application by the community
    application = apply(poor_elder, programs["care_service_subsidy"], community_worker)
    assert application.current_level == "community"

    # when / then: each level passes it to the next, and the district grants it
    application = decide_application(application, approve=True, actor=community_worker)
    assert (application.status, application.current_level) == (ApplicationStatus.PENDING, "street")
    application = decide_application(application, approve=True, actor=street_worker)
    assert application.current_level == "district"
    application = decide_application(application, approve=True, actor=district_clerk)
    assert (application.status, application.current_level) == (ApplicationStatus.APPROVED, "")
    assert list(
        ApplicationStep.objects.filter(application=application)
        .order_by("pk")
        .values_list("level", "decision", "actor__username")
    ) == [
        ("community", StepDecision.APPROVED, "community_worker"),
        ("street", StepDecision.APPROVED, "street_worker"),
        ("district", StepDecision.APPROVED, "district_clerk"),
    ]
    # the entitlement runs from the application month
    entitlement = Entitlement.objects.get(elder=poor_elder)
    assert (entitlement.start_month, entitlement.end_month, entitlement.status) == (
        JUNE,
        None,
        EntitlementStatus.ACTIVE,
    )


@pytest.mark.parametrize("wrong", ["street_worker", "district_clerk"])
def test_a_step_by_the_wrong_level_is_refused_and_changes_nothing(
    programs, poor_elder, community_worker, wrong, request
):
    # given: an application waiting for the community
    application = apply(poor_elder, programs["care_service_subsidy"], community_worker)
    audits = ChangeRecord.objects.count()
    timeline = TimelineEntry.objects.count()

    # when: the street or the district tries to decide the community's step
    with pytest.raises(PermissionDeniedError):
        decide_application(application, approve=True, actor=request.getfixturevalue(wrong))

    # then: nothing changed
    application.refresh_from_db()
    assert (application.status, application.current_level) == (
        ApplicationStatus.PENDING,
        "community",
    )
    assert ApplicationStep.objects.count() == 0
    assert ChangeRecord.objects.count() == audits
    assert TimelineEntry.objects.count() == timeline


def test_a_community_worker_cannot_decide_the_streets_step(programs, poor_elder, community_worker):
    application = approve_through(
        apply(poor_elder, programs["care_service_subsidy"], community_worker), community_worker
    )
    with pytest.raises(PermissionDeniedError):
        decide_application(application, approve=True, actor=community_worker)
    assert ApplicationStep.objects.count() == 1
    assert not Entitlement.objects.exists()


def test_a_refusal_needs_a_reason_and_appears_on_the_timeline(
    programs, poor_elder, community_worker, street_worker
):
    # given: an application at the street
    application = approve_through(
        apply(poor_elder, programs["care_service_subsidy"], community_worker), community_worker
    )

    # when: refused without a reason, then with one
    with pytest.raises(BenefitsError) as caught:
        decide_application(application, approve=False, reason="  ", actor=street_worker)
    assert (caught.value.code, caught.value.field) == (ErrorCode.REASON_REQUIRED, "reason")
    assert ApplicationStep.objects.count() == 1
    application = decide_application(
        application, approve=False, reason="家庭收入超过低保标准", actor=street_worker
    )

    # then: refused, no entitlement, and the timeline says why
    assert (application.status, application.refusal_reason) == (
        ApplicationStatus.REFUSED,
        "家庭收入超过低保标准",
    )
    assert not Entitlement.objects.exists()
    sentences = [
        describe(entry)
        for entry in TimelineEntry.objects.filter(
            elder=poor_elder, kind__startswith="benefits."
        ).order_by("pk")
    ]
    assert len(sentences) == 3
    assert "家庭收入超过低保标准" in sentences[-1]
    assert "养老服务补贴" in sentences[-1]
    # a refused application cannot be decided again
    with pytest.raises(BenefitsError) as again:
        decide_application(application, approve=True, actor=street_worker)
    assert again.value.code == ErrorCode.APPLICATION_WRONG_STATUS


def test_a_late_approval_pays_arrears_for_each_month_in_junes_run(
    programs, regions, poor_elder, community_worker, street_worker, district_clerk, city_admin
):
    # given: applied on 10 March; from May the 低保 amount rises to 350 yuan
    program = programs["care_service_subsidy"]
    rules = copy.deepcopy(program.versions.get(number=1).rules)
    rules["brackets"][0]["amount_fen"] = 35000
    rules["cap_fen"] = 35000
    publish_version(
        draft_version(program, rules=rules, effective_from=MAY, actor=city_admin),
        actor=city_admin,
    )
    application = apply(poor_elder, program, community_worker, applied_on=date(2026, 3, 10))

    # when: approved in June, and June is run
    approve_through(application, community_worker, street_worker, district_clerk)
    run = compute_run(program, region=regions[DISTRICT], month=JUNE, actor=district_clerk)

    # then: June pays 350, and March–May are back-paid each at its own month's amount
    row = PaymentRow.objects.get(run=run, elder=poor_elder)
    assert row.amount_fen == 35000
    assert row.arrears_detail == [
        {"month": "2026-03-01", "amount_fen": 30000},
        {"month": "2026-04-01", "amount_fen": 30000},
        {"month": "2026-05-01", "amount_fen": 35000},
    ]
    assert row.arrears_fen == 95000


def test_a_death_recorded_stops_the_entitlement_after_its_month(
    programs, regions, poor_elder, community_worker, street_worker, district_clerk
):
    # given: an entitlement from March (approved in June)
    program = programs["care_service_subsidy"]
    application = apply(poor_elder, program, community_worker, applied_on=date(2026, 3, 10))
    approve_through(application, community_worker, street_worker, district_clerk)

    # when: the death on 20 May is recorded
    record_death(poor_elder, date_of_death=date(2026, 5, 20), source="派出所", actor=street_worker)

    # then: the entitlement stops with May, and June's run back-pays March–May only
    entitlement = Entitlement.objects.get(elder=poor_elder)
    assert (entitlement.status, entitlement.end_month, entitlement.stop_reason) == (
        EntitlementStatus.STOPPED,
        MAY,
        StopReason.DECEASED,
    )
    run = compute_run(program, region=regions[DISTRICT], month=JUNE, actor=district_clerk)
    row = PaymentRow.objects.get(run=run, elder=poor_elder)
    assert row.amount_fen == 0
    assert [item["month"] for item in row.arrears_detail] == [
        "2026-03-01",
        "2026-04-01",
        "2026-05-01",
    ]
    july = MonthComputation(program, DISTRICT, JULY, version=program.version_for(JULY))
    assert {d.reason for row, d in july.decisions() if row[0] == poor_elder.pk} <= {
        "no_entitlement",
        "deceased",
    }


def test_months_approved_without_her_are_back_paid_and_a_late_death_recovered(
    programs, regions, poor_elder, community_worker, street_worker, district_clerk, district_checker
):
    # given: applied in March; March and April run and approved without her
    program = programs["care_service_subsidy"]
    district = regions[DISTRICT]
    application = apply(poor_elder, program, community_worker, applied_on=date(2026, 3, 10))
    for month in (MARCH, APRIL):
        run = compute_run(program, region=district, month=month, actor=district_clerk)
        approve_run(submit_run(run, actor=district_clerk), actor=district_checker)

    # when: approved, May is run and approved; then a death on 20 April is recorded in June
    approve_through(application, community_worker, street_worker, district_clerk)
    may = compute_run(program, region=district, month=MAY, actor=district_clerk)
    may_row = PaymentRow.objects.get(run=may, elder=poor_elder)
    for finding in Finding.objects.filter(run=may, status=FindingStatus.OPEN):
        review_finding(finding, hold=False, note="checked", actor=district_clerk)
    approve_run(submit_run(may, actor=district_clerk), actor=district_checker)
    record_death(poor_elder, date_of_death=date(2026, 4, 20), source="派出所", actor=street_worker)
    june = compute_run(program, region=district, month=JUNE, actor=district_clerk)

    # then: May paid May and back-paid March and April; June recovers May (after the death)
    assert (may_row.amount_fen, may_row.arrears_fen) == (30000, 60000)
    assert [item["month"] for item in may_row.arrears_detail] == ["2026-03-01", "2026-04-01"]
    row = PaymentRow.objects.get(run=june, elder=poor_elder)
    assert (row.amount_fen, row.previous_fen, row.arrears_fen) == (0, 30000, 0)
    assert row.recovery_detail == [{"month": "2026-05-01", "amount_fen": 30000}]
    assert row.change == "stopped"
