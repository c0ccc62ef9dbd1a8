"""Two streets full of marker strings, for the access-leak test (tests/test_access_leaks.py).

Every name, number and text of a street's objects is unique to that street, so finding one of
them in the other street's responses proves a leak, whatever the page or format.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time
from io import BytesIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from tests.conftest import STREET_A, STREET_B
from tests.factories import make_elder, make_id_number
from yiyang.assessment.choices import AssessmentReason, AssessmentStatus, ScaleStatus
from yiyang.assessment.models import (
    Assessment,
    AssessmentAgency,
    Assessor,
    AssessorTraining,
    Objection,
    RecheckCase,
    RecheckRound,
    Scale,
)
from yiyang.core.models import Region, User
from yiyang.core.validators.credit_code import credit_check_character, organisation_check_character
from yiyang.core.validators.id_number import mask_id_number
from yiyang.core.validators.phone import mask_phone
from yiyang.registry import services
from yiyang.registry.models import (
    CategoryChange,
    Contact,
    DuplicateCandidate,
    Elder,
    ElderCategory,
    ImportJob,
    TimelineEntry,
)

# A surname both streets share, so a search for it would find both if scoping failed.
COMMON_SURNAME = "欧阳"


@dataclass
class Side:
    """One street: its user, its objects, and the strings that belong to it alone."""

    key: str
    user: User
    street: str
    community: str
    elders: list[Elder] = field(default_factory=list)
    held: ElderCategory | None = None
    change: CategoryChange | None = None
    contact: Contact | None = None
    timeline: TimelineEntry | None = None
    duplicate: DuplicateCandidate | None = None
    import_job: ImportJob | None = None
    # assessment agencies and spot rechecks (slice agencies-rechecks)
    agency: AssessmentAgency | None = None
    assessor: Assessor | None = None
    recheck_round: RecheckRound | None = None
    recheck_case: RecheckCase | None = None
    # the assessment workflow (slice workflow): an objected result of the second elder
    assessment: Assessment | None = None
    objection: Objection | None = None
    # benefits: an application, a bank account and the street's computed payment run
    application: Any = None
    bank_account: Any = None
    payment_run: Any = None
    # institutions: a filed institution of the street's community and its new filing
    institution: Any = None
    filing: Any = None
    bed: Any = None
    free_bed: Any = None
    residency: Any = None
    medical_agreement: Any = None
    grade_assessment: Any = None
    care_facility: Any = None
    # telecare: an SOS button of the first elder and the alarm it raised, acknowledged
    device: Any = None
    alarm: Any = None
    home_care_bed: Any = None
    # home services: the street's provider, its caregiver and a flagged, checked-out visit
    provider: Any = None
    caregiver_record: Any = None
    service_order: Any = None
    settlement: Any = None
    # complaints: a hotline complaint about the visit, its case resolved
    provider_case: Any = None
    # her round's change: a plan notice to the caregiver
    plan_notice: Any = None
    markers: list[str] = field(default_factory=list)

    @property
    def elder(self) -> Elder:
        return self.elders[0]

    @property
    def region_codes(self) -> set[str]:
        return {self.street, self.community}

    def owns_region(self, code: str) -> bool:
        return code.startswith(self.street[:9])


def _side(key: str, mark: str, user: User, street: str, digit: str) -> Side:
    """Build one street: a marker community, two elders, and one of every object kind."""
    community_code = street[:9] + "099"
    community_name = f"{mark}标社区"
    Region.objects.create(code=community_code, name=community_name, level=5, parent_id=street)
    side = Side(key=key, user=user, street=street, community=community_code)
    for number in (1, 2):
        id_number = make_id_number(
            date(1941 + number, 2, 3), male=True, sequence=int(f"{digit}0{number}")
        )
        phone = f"139{digit * 4}{digit}{digit}0{number}"
        elder = make_elder(
            residence_region_id=community_code,
            name=f"{COMMON_SURNAME}{mark}{number}号",
            birth=date(1941 + number, 2, 3),
            male=True,
            id_number=id_number,
            phone_primary=phone,
            address=f"{mark}街{number}号院",
        )
        side.elders.append(elder)
        side.markers += [
            elder.name,
            id_number,
            mask_id_number(id_number),
            phone,
            mask_phone(phone),
            elder.address,
        ]
    side.markers += [community_name]
    elder = side.elder
    side.held = services.grant_category(
        elder,
        category="living_alone",
        valid_from=date(2024, 1, 1),
        source=f"{mark}走访记录",
        actor=user,
    )
    side.change = services.propose_category_change(
        elder,
        kind="grant",
        category="dibao",
        effective_date=date(2025, 1, 1),
        source=f"{mark}低保审批表",
        document_number=f"{mark}民〔2025〕7号",
        actor=user,
    )
    contact_phone = f"137{digit * 4}{digit}{digit}77"
    side.contact = services.set_contacts(
        elder,
        [
            {
                "kind": "guardian",
                "name": f"{mark}监护人",
                "relation": "child",
                "phone": contact_phone,
            }
        ],
        actor=user,
    )[0]
    side.timeline = services.add_timeline_entry(
        elder, kind="registry.note", actor=user, data={"source": f"{mark}时间线"}
    )
    # Opened once already, so the "recently viewed" lists have a row before the walk.
    services.note_viewed(elder, user=user)
    first, second = sorted(side.elders, key=lambda e: e.pk)
    side.duplicate = DuplicateCandidate.objects.create(
        elder_a=first, elder_b=second, reason="name_phone"
    )
    job = ImportJob(
        created_by=user,
        region_code=street,
        original_name=f"{mark}导入名单.xlsx",
        file_sha256=digit * 64,
        status="done",
        rows_total=3,
        rows_done=3,
        created_count=2,
        rejected_count=1,
        problems=[
            {"row": 3, "column": "身份证号", "field": "id_number", "message": f"{mark}行错误"}
        ],
    )
    job.file.save(f"{mark}.csv", ContentFile("姓名,身份证号\n".encode()), save=False)
    book = openpyxl.Workbook()
    book.active.append(["姓名", "身份证号", "错误"])
    book.active.append([f"{mark}报告行", "-", f"{mark}行错误"])
    report = BytesIO()
    book.save(report)
    job.report_file.save(f"{mark}-report.xlsx", ContentFile(report.getvalue()), save=False)
    job.save()
    side.import_job = job
    side.markers += [
        f"{mark}走访记录",
        f"{mark}低保审批表",
        f"{mark}民〔2025〕7号",
        f"{mark}监护人",
        contact_phone,
        mask_phone(contact_phone),
        f"{mark}时间线",
        f"{mark}导入名单",
        f"{mark}行错误",
        f"{mark}报告行",
    ]
    side.markers += [reverse("registry:elder_detail", kwargs={"pk": e.pk}) for e in side.elders]
    return side


def walk_credit_code(organisation: str) -> str:
    """A valid unified social credit code (GB 32100) around an 8-character organisation code."""
    first17 = "91640302" + organisation + organisation_check_character(organisation)
    return first17 + credit_check_character(first17)


def walk_scale() -> Scale:
    """The shipped GB/T 42195-2022 scale, published (shared by every slice's world objects)."""
    import yiyang.assessment

    path = Path(yiyang.assessment.__file__).parent / "data" / "gbt_42195_2022.json"
    definition = json.loads(path.read_text(encoding="utf-8"))
    scale, _created = Scale.objects.get_or_create(
        code=definition["code"],
        version=1,
        defaults={
            "name": definition["name"],
            "status": ScaleStatus.PUBLISHED,
            "source": definition["source"],
            "definition": definition,
        },
    )
    return scale


def _add_agency_and_recheck(side: Side, mark: str, digit: str) -> None:
    """A street's own agency (region: the street), two assessors with training, and a recheck
    round of the street with one case: a final assessment of its elder and its recheck."""
    code = walk_credit_code(f"MA7{digit}WK{digit}P")
    agency = AssessmentAgency.objects.create(
        name=f"{mark}评估站", credit_code=code, region_id=side.street, address=f"{mark}评估站地址"
    )
    lead, second = (
        Assessor.objects.create(
            agency=agency,
            name=f"{mark}评估员{number}",
            certificate_number=f"{mark}证{number}",
            certified_on=date(2024, 1, 1),
        )
        for number in (1, 2)
    )
    AssessorTraining.objects.create(
        assessor=lead, topic=f"{mark}培训课", taken_on=date(2025, 6, 1), hours=8, exam_score=90
    )
    original = Assessment.objects.create(
        elder=side.elder,
        scale=walk_scale(),
        reason=AssessmentReason.FIRST,
        request_source="community",
        status=AssessmentStatus.FINAL,
        agency=agency,
        lead_assessor=lead,
        second_assessor=second,
        initial_level=2,
        level=2,
        finalised_at=datetime(2026, 8, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
        valid_until=date(2027, 8, 2),
    )
    recheck = Assessment.objects.create(
        elder=side.elder,
        scale=original.scale,
        reason=AssessmentReason.RECHECK,
        request_source="automatic",
    )
    recheck_round = RecheckRound.objects.create(
        region_id=side.street,
        year=2026,
        quarter=3,
        share="0.050",
        seed=int(digit) * 1000 + 7,
        population_size=1,
        drawn_by=side.user,
    )
    side.agency, side.assessor, side.recheck_round = agency, lead, recheck_round
    side.recheck_case = RecheckCase.objects.create(
        round=recheck_round, original=original, recheck=recheck
    )
    side.markers += [
        agency.name,
        code,
        f"{mark}评估站地址",
        lead.name,
        second.name,
        f"{mark}证1",
        f"{mark}培训课",
    ]


def _add_objected_assessment(side: Side, mark: str) -> None:
    """The street's second elder assessed by its agency's assessors, published, and objected to
    (an open objection), with marker strings in the note, basic information and objection."""
    lead, second = side.agency.assessors.order_by("pk")[:2]
    assessment = Assessment.objects.create(
        elder=side.elders[1],
        scale=walk_scale(),
        reason=AssessmentReason.FIRST,
        request_source="community",
        status=AssessmentStatus.OBJECTED,
        request_note=f"{mark}评估申请说明",
        agency=side.agency,
        lead_assessor=lead,
        second_assessor=second,
        basic_info={"A.3.1": f"{mark}信息提供者"},
        answers={"B.1.1": 3},
        dimension_scores={"B.1": 24, "B.2": 12, "B.3": 20, "B.4": 11},
        total=67,
        initial_level=1,
        level=1,
        level_reasons=[{"rule": "total_band", "total": 67, "level": 1}],
        publicity_ends_on=date(2026, 11, 27),
    )
    side.assessment = assessment
    side.objection = Objection.objects.create(
        assessment=assessment,
        raised_by_name=f"{mark}异议人",
        reason=f"{mark}异议理由",
        recorded_by=side.user,
    )
    side.markers += [
        f"{mark}评估申请说明",
        f"{mark}信息提供者",
        f"{mark}异议人",
        f"{mark}异议理由",
    ]


def _add_benefits(side: Side, mark: str, digit: str) -> None:
    """A care-subsidy application of the street's first elder, her bank account, and the
    street's longevity-allowance run for this month (both elders are over 80, hukou there)."""
    from yiyang.benefits import services as benefits
    from yiyang.benefits.models import Program

    Elder.objects.filter(pk__in=[e.pk for e in side.elders]).update(hukou_region_id=side.community)
    programs = {p.code: p for p in Program.objects.all()}
    side.application = benefits.apply_for_benefit(
        side.elder,
        program=programs["care_service_subsidy"],
        applicant_kind="family",
        applicant_name=f"{mark}申请人",
        note=f"{mark}补贴申请说明",
        actor=side.user,
    )
    account = f"62284800{digit * 10}"
    side.bank_account = benefits.record_bank_account(
        side.elder,
        bank_name="吴忠农商银行",
        account_number=account,
        account_holder=f"{mark}户名",
        actor=side.user,
    )
    side.payment_run = benefits.compute_run(
        programs["longevity_allowance"],
        region=Region.objects.get(code=side.street),
        month=timezone.localdate(),
        actor=side.user,
    )
    side.markers += [f"{mark}申请人", f"{mark}补贴申请说明", account, f"{mark}户名"]


def _add_institution(side: Side, mark: str, digit: str) -> None:
    """An institution of the street's marker community, filed by the street's worker."""
    from yiyang.institutions import services as institutions

    side.filing = institutions.file_new_institution(
        data={
            "name": f"{mark}标颐养院",
            "credit_code": walk_credit_code(f"MB{digit}00001"),
            "ownership": "private",
            "legal_form": "social_organisation",
            "kind": "care_home",
            "region_code": side.community,
            "address": f"{mark}标路 1 号",
            "contact_name": f"{mark}院长",
            "contact_phone": f"1390000{digit}{digit}{digit}{digit}",
        },
        filed_on=date(2026, 9, 30),
        actor=side.user,
    )
    side.institution = side.filing.institution
    side.markers += [f"{mark}标颐养院", f"{mark}标路 1 号", f"{mark}院长"]
    # Operating, with a room of two beds; the street's second elder lives in the first.
    from yiyang.institutions.models import Bed, Institution, Residency, Room

    Institution.objects.filter(pk=side.institution.pk).update(status="operating")
    room = Room.objects.create(
        institution=side.institution, building=f"{mark}标楼", floor=1, number="101"
    )
    side.bed = Bed.objects.create(room=room, code="1", kind="nursing", state="occupied")
    side.free_bed = Bed.objects.create(room=room, code="2", kind="ordinary")
    side.residency = Residency.objects.create(
        institution=side.institution,
        elder=side.elders[1],
        bed=side.bed,
        started_on=date(2026, 10, 8),
        contract_number=f"{mark}标合同",
        fee_level_fen=250000,
        payer="family",
    )
    from yiyang.institutions.models import MedicalAgreement

    side.medical_agreement = MedicalAgreement.objects.create(
        institution=side.institution,
        medical_institution=f"{mark}标医院",
        scope="巡诊",
        starts_on=date(2026, 1, 1),
        green_channel=True,
    )
    side.markers += [f"{mark}标楼", f"{mark}标合同", f"{mark}标医院"]
    # A grade assessment with a marker note, and a community facility with marker services.
    from yiyang.institutions.models import Facility, GradeAssessment, GradeScheme

    scheme, _created = GradeScheme.objects.get_or_create(
        effective_from=date(2019, 1, 1),
        defaults={"name": "walk", "sections": [], "thresholds": []},
    )
    side.grade_assessment = GradeAssessment.objects.create(
        institution=side.institution,
        scheme=scheme,
        assessed_on=date(2026, 10, 20),
        prerequisites_met=True,
        scores={},
        section_totals={},
        total=0,
        note=f"{mark}标评定",
    )
    side.care_facility = Facility.objects.create(
        name=f"{mark}标照料中心",
        kind="day_care",
        region_id=side.community,
        address=f"{mark}标街 2 号",
        services=[f"{mark}标助餐"],
    )
    side.markers += [f"{mark}标评定", f"{mark}标照料中心", f"{mark}标助餐"]


def _add_telecare(side: Side, mark: str, digit: str) -> None:
    """An SOS button at the first elder's home, its alarm acknowledged by the street's
    operator, with a call to a marker contact."""
    from yiyang.core.roles import Role
    from yiyang.telecare import services as telecare
    from yiyang.telecare.messages import sign, signing_key

    telecare.install_default_rules()  # idempotent: a transactional test may have flushed them
    operator = User.objects.create(
        username=f"walk_operator_{digit}", role=Role.ALARM_OPERATOR, region_id=side.street
    )
    secret = f"walk-secret-{digit}"
    side.device, _secret = telecare.provision_device(
        side.elder,
        kind="sos_button",
        serial=f"WALKSOS{digit}{digit}{digit}",
        installed_on=date(2026, 1, 5),
        secret=secret,
        actor=side.user,
    )
    body = json.dumps(
        {"device": side.device.serial, "seq": 1, "kind": "sos", "ts": timezone.now().isoformat()}
    ).encode()
    side.alarm = telecare.ingest_message(body, sign(body, signing_key(secret))).alarms[0]
    telecare.acknowledge_alarm(side.alarm, actor=operator)
    telecare.record_call(
        side.alarm, actor=operator, called=f"{mark}呼叫对象", result="answered", note=f"{mark}通话"
    )
    plan_phone = f"136{digit * 4}{digit}{digit}55"
    telecare.set_response_plan(
        side.elder,
        home_access=f"{mark}钥匙盒",
        conditions=f"{mark}病史",
        contacts=[telecare.PlanContactData(role="neighbour", name=f"{mark}邻居", phone=plan_phone)],
        actor=side.user,
    )
    side.home_care_bed = telecare.set_up_bed(
        side.elder,
        provider_name=f"{mark}护理站",
        contract_number=f"{mark}合同1号",
        contract_start=date(2026, 1, 1),
        contract_end=date(2026, 12, 31),
        actor=side.user,
    )
    telecare.plan_month(
        side.home_care_bed,
        month=date(2026, 11, 1),
        owed_visits=8,
        services=f"{mark}助浴",
        actor=side.user,
    )
    side.markers += [
        f"{mark}护理站",
        f"{mark}合同1号",
        f"{mark}助浴",
        side.device.serial,
        f"{mark}呼叫对象",
        f"{mark}通话",
        f"{mark}钥匙盒",
        f"{mark}病史",
        f"{mark}邻居",
        plan_phone,
    ]


def _add_homecare(side: Side, mark: str, digit: str) -> None:
    """A provider registered in and serving the street, its certified caregiver, and a visit to
    the street's first elder, checked out far from home and waiting for review."""
    from yiyang.homecare.models import (
        Employment,
        OrderEvent,
        Provider,
        ServiceItem,
        ServiceOrder,
        VisitFlag,
    )
    from yiyang.workforce.models import Caregiver, Certificate

    item, _created = ServiceItem.objects.get_or_create(
        code="walk_clean",
        defaults={"name": "助洁", "category": "cleaning", "unit": "visit", "standard_minutes": 60},
    )
    code = walk_credit_code(f"MA7{digit}HC{digit}Q")
    provider = Provider.objects.create(
        name=f"{mark}服务社",
        credit_code=code,
        kind="company",
        region_id=side.street,
        contract_starts_on=date(2026, 1, 1),
        contract_ends_on=date(2026, 12, 31),
        contact_name=f"{mark}联系人",
        contact_phone=f"135{digit * 8}",
    )
    provider.service_areas.set([side.street])
    id_number = make_id_number(date(1980, 6, 7), male=False, sequence=int(f"{digit}50"))
    phone = f"136{digit * 4}{digit}{digit}55"
    caregiver = Caregiver.objects.create(
        name=f"{mark}护理员",
        id_number=id_number,
        birth_date=date(1980, 6, 7),
        phone=phone,
        region_id=side.street,
    )
    Employment.objects.create(caregiver=caregiver, provider=provider, started_on=date(2026, 1, 1))
    Certificate.objects.create(
        caregiver=caregiver,
        kind="skill",
        skill_level=4,
        number=f"{mark}护证",
        issued_on=date(2025, 1, 1),
    )
    start = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    order = ServiceOrder.objects.create(
        elder=side.elder,
        provider=provider,
        item=item,
        source="clerk",
        planned_start=start,
        planned_minutes=60,
        address=side.elder.address,
        needs_note=f"{mark}服务需求",
        status="checked_out",
        caregiver=caregiver,
        checked_in_at=start,
        checked_out_at=start.replace(hour=10),
        actual_minutes=60,
        visit_note=f"{mark}服务记录",
        review_status="pending",
        created_by=side.user,
    )
    OrderEvent.objects.create(
        order=order, event_type="checked_out", old_status="checked_in", new_status="checked_out"
    )
    VisitFlag.objects.create(order=order, kind="far_from_home", detail={"metres": 900})
    from yiyang.homecare.models import Settlement, SettlementLine

    side.settlement = Settlement.objects.create(
        provider=provider, month=date(2026, 10, 1), prepared_by=side.user, payable_fen=12345
    )
    SettlementLine.objects.create(
        settlement=side.settlement, order=order, is_paid=False, rejection_reason=f"{mark}不予结算"
    )
    side.markers.append(f"{mark}不予结算")
    from yiyang.homecare.models import CarePlan

    CarePlan.objects.create(
        elder=side.elder,
        provider=provider,
        item=item,
        weekdays=[1, 3, 5],
        start_time=time(9, 0),
        planned_minutes=60,
        starts_on=date(2026, 11, 1),
        needs_note=f"{mark}照护计划",
        created_by=side.user,
    )
    side.markers.append(f"{mark}照护计划")
    side.provider, side.caregiver_record, side.service_order = provider, caregiver, order
    from yiyang.homecare.models import PlanNotice

    side.plan_notice = PlanNotice.objects.create(
        caregiver=caregiver,
        provider=provider,
        day=start.date(),
        cause="assigned",
        lines=[
            {"kind": "added", "order": order.pk, "elder": f"{mark}通知", "item": "x", "start": 540}
        ],
    )
    side.markers.append(f"{mark}通知")
    _add_complaint(side, mark, digit)
    side.markers += [
        provider.name,
        code,
        f"{mark}联系人",
        caregiver.name,
        id_number,
        mask_id_number(id_number),
        phone,
        mask_phone(phone),
        f"{mark}护证",
        f"{mark}服务需求",
        f"{mark}服务记录",
    ]


def _add_complaint(side: Side, mark: str, digit: str) -> None:
    """A hotline complaint about the street's visit and its case, resolved (so a reopening
    from the other street would change it), with a step on its timeline."""
    from yiyang.homecare.models import CaseEvent, Complaint, ProviderCase

    order = side.service_order
    phone = f"137{digit * 4}{digit}{digit}66"
    complaint = Complaint.objects.create(
        provider=order.provider,
        order=order,
        elder=side.elder,
        region_id=side.elder.residence_region_id,
        complainant_kind="family",
        complainant_name=f"{mark}投诉人",
        phone=phone,
        channel="hotline",
        category="attitude",
        text=f"{mark}投诉内容",
        filed_by=side.user,
    )
    side.provider_case = ProviderCase.objects.create(
        provider=order.provider,
        order=order,
        source="complaint",
        complaint=complaint,
        region_id=side.elder.residence_region_id,
        reason=f"{mark}投诉内容",
        status="resolved",
        acknowledge_working_days=1,
        resolve_working_days=5,
        acknowledged_at=timezone.now(),
        outcome="upheld",
        resolution=f"{mark}处理结果",
        resolved_at=timezone.now(),
    )
    CaseEvent.objects.create(case=side.provider_case, event_type="resolved", note=f"{mark}处理结果")
    side.markers += [
        f"{mark}投诉人",
        f"{mark}投诉内容",
        f"{mark}处理结果",
        phone,
        mask_phone(phone),
    ]


def build_world(street_worker: User, other_street_worker: User) -> dict[str, Side]:
    """Street A (甲) and street B (乙), each with its own worker and objects."""
    world = {
        "a": _side("a", "甲", street_worker, STREET_A, "1"),
        "b": _side("b", "乙", other_street_worker, STREET_B, "2"),
    }
    _add_agency_and_recheck(world["a"], "甲", "1")
    _add_agency_and_recheck(world["b"], "乙", "2")
    _add_objected_assessment(world["a"], "甲")
    _add_objected_assessment(world["b"], "乙")
    from yiyang.benefits.services.defaults import install_default_programs

    install_default_programs(Region.objects.get(code="640300000000"))
    _add_benefits(world["a"], "甲", "1")
    _add_benefits(world["b"], "乙", "2")
    _add_institution(world["a"], "甲", "1")
    _add_institution(world["b"], "乙", "2")
    _add_telecare(world["a"], "甲", "1")
    _add_telecare(world["b"], "乙", "2")
    _add_homecare(world["a"], "甲", "1")
    _add_homecare(world["b"], "乙", "2")
    _add_statistics(world)
    return world


def _add_statistics(world: dict[str, Side]) -> None:
    """Each street's hand-reported figure (its source a marker) and the month's snapshots."""
    from yiyang.stats.defaults import install_default_indicators
    from yiyang.stats.models import Indicator, ManualReport
    from yiyang.stats.services import snapshot_month

    install_default_indicators()  # a live-server test may have emptied the migration's rows
    indicator = Indicator.objects.get(code="monthly_visit_rate")
    month = timezone.localdate().replace(day=1)
    for side, mark, value in ((world["a"], "甲", 91), (world["b"], "乙", 87)):
        source = f"{mark}探访台账"
        ManualReport.objects.create(
            indicator=indicator,
            region_id=side.street,
            month=month,
            value=value,
            source=source,
            reported_by=side.user,
        )
        side.markers.append(source)
    snapshot_month(month)
