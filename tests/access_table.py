"""The access table of the leak walk (tests/test_access_leaks.py): how to call every URL and API
operation for an object of either street, and which tables the walk watches for changes.

A new URL or operation gets its entry here; the walk fails until it has one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from tests.access_world import COMMON_SURNAME, Side
from yiyang.assessment.models import (
    Assessment,
    AssessmentAgency,
    AssessmentEvent,
    Assessor,
    AssessorTraining,
    Objection,
    RecheckCase,
    RecheckRound,
    Scale,
)
from yiyang.benefits.models import (
    Application,
    BankAccount,
    Entitlement,
    Finding,
    LedgerEntry,
    PaymentRow,
    PaymentRun,
)
from yiyang.core.models import AccessRecord, ApiToken, ChangeRecord, Region, SpecialDay, User
from yiyang.homecare.models import (
    CarePlan,
    CaseEvent,
    Complaint,
    ElderAbsence,
    Employment,
    OrderEvent,
    PlanNotice,
    Provider,
    ProviderCase,
    ServiceOrder,
    Settlement,
    SettlementLine,
    VisitFlag,
)
from yiyang.institutions.models import (
    Bed,
    Facility,
    Filing,
    FilingDocument,
    FilingEvent,
    GradeAssessment,
    Institution,
    MedicalAgreement,
    Residency,
    ResidencyLeave,
    Room,
)
from yiyang.registry.models import (
    CategoryChange,
    Contact,
    DuplicateCandidate,
    Elder,
    ElderCategory,
    ImportJob,
    TimelineEntry,
)
from yiyang.servicemap.models import CirclePolicy
from yiyang.stats.models import BreakdownSnapshot, IndicatorSnapshot, ManualReport, Target
from yiyang.telecare.models import (
    Alarm,
    AlarmEvent,
    BedMonthPlan,
    Device,
    HomeCareBed,
    PlanContact,
    ResponsePlan,
)
from yiyang.workforce.models import Caregiver, Certificate, TrainingRecord

API_PREFIX = "/api/v1"

World = dict[str, Side]
Kwargs = Callable[[Side], dict[str, Any]]
Data = Callable[[Side, Side], dict[str, Any]]  # (viewer, other) -> query or body


@dataclass(frozen=True)
class Entry:
    """How to call one URL or API operation for the walk.

    kwargs:  the URL's parameters for an object of a side (None: the URL takes none).
    queries: GET query strings to try (searches and filters that would match both streets).
    write:   the body of a write: sent with the other side's object (or, for a URL without
             parameters, aimed at the other side's region); must change nothing.
    read_by_post: the POST answers data (an export): its body is checked for markers too.
    public:  reachable without logging in, and showing no personal data.
    multipart: the API write takes a form upload, not JSON.
    shared:  the object belongs to no region (a scale): both streets call the same object, so
             there is no "other street's object" to refuse; its page must still show nothing
             of the other street, and a write by a street worker must change nothing.
    """

    kwargs: Kwargs | None = None
    queries: tuple[Data, ...] = ()
    write: Data | None = None
    get: bool = True
    read_by_post: bool = False
    public: bool = False
    multipart: bool = False
    shared: bool = False


def elder(side: Side) -> dict[str, Any]:
    return {"pk": side.elder.pk}


def change(side: Side) -> dict[str, Any]:
    return {"pk": side.change.pk}


def import_job(side: Side) -> dict[str, Any]:
    return {"pk": side.import_job.pk}


def duplicate(side: Side) -> dict[str, Any]:
    return {"pk": side.duplicate.pk}


def held(side: Side) -> dict[str, Any]:
    return {"pk": side.elder.pk, "held_pk": side.held.pk}


def searches(*extra: Data) -> tuple[Data, ...]:
    """The searches every list gets: the shared surname, and the other street's own numbers."""
    return (
        lambda me, other: {"q": COMMON_SURNAME},
        lambda me, other: {"q": other.elder.id_number},
        lambda me, other: {"q": other.elder.id_number[-4:]},
        lambda me, other: {"q": other.elder.phone_primary},
        lambda me, other: {"q": other.elder.name},
        *extra,
    )


def nothing(me: Side, other: Side) -> dict[str, Any]:
    return {}


def REPORTED_FIGURE(me: Side, other: Side) -> dict[str, Any]:  # noqa: N802 (a body, like the others)
    from yiyang.stats.models import Indicator

    return {
        "indicator": Indicator.objects.get(code="monthly_visit_rate").pk,
        "region": other.street,
        "month": "2026-11",
        "value": "1",
        "source": "walk",
    }


def TARGET_OF_OTHER_STREET(me: Side, other: Side) -> dict[str, Any]:  # noqa: N802 (a body)
    from yiyang.stats.models import Indicator

    return {
        "indicator": Indicator.objects.get(code="nursing_bed_share").pk,
        "region": other.street,
        "year": "2026",
        "value": "70",
    }


def own_street(me: Side, other: Side) -> dict[str, Any]:
    return {"region": me.street}


def own_community(me: Side, other: Side) -> dict[str, Any]:
    return {"region": me.community}


def by_community(me: Side, other: Side) -> dict[str, Any]:
    return {"level": 5}


def by_district(me: Side, other: Side) -> dict[str, Any]:
    return {"level": 3}


ELDER_FORM: Data = lambda me, other: {  # noqa: E731
    "name": "欧阳新人",
    "id_number": "640302194203041236",
    "residence_region": other.community,
    "living_arrangement": "other",
    "reason": "walk",
}
DEATH: Data = lambda me, other: {"date_of_death": "2025-01-02", "source": "walk"}  # noqa: E731
MOVE_OUT: Data = lambda me, other: {"moved_out_on": "2025-01-02", "source": "walk"}  # noqa: E731
CATEGORY: Data = lambda me, other: {  # noqa: E731
    "category": "empty_nest",
    "valid_from": "2025-01-02",
    "valid_to": "2025-02-02",
    "source": "walk",
}
PROPOSAL: Data = lambda me, other: {  # noqa: E731
    "kind": "grant",
    "category": "low_income",
    "effective_date": "2025-01-02",
    "source": "walk",
}
DECISION: Data = lambda me, other: {"decision": "approve", "approve": True, "note": "walk"}  # noqa: E731
CONTACTS: Data = lambda me, other: {  # noqa: E731
    "contacts-TOTAL_FORMS": "1",
    "contacts-INITIAL_FORMS": "0",
    "contacts-0-kind": "guardian",
    "contacts-0-name": "走查",
    "contacts-0-relation": "child",
    "contacts-0-phone": "13800000000",
}
REVEAL: Data = lambda me, other: {  # noqa: E731
    "field": "id_number",
    "fields": ["id_number", "phone_primary"],
    "purpose": "walk",
}
MERGE: Data = lambda me, other: {"action": "merge_into_a", "note": "walk"}  # noqa: E731
FIND: Data = lambda me, other: {"walk": "1"}  # noqa: E731


def upload(me: Side, other: Side) -> dict[str, Any]:
    """A list whose row lives in the other street's community."""
    text = f"姓名,身份证号,社区\n欧阳新人,640302194203041236,{other.community}\n"
    return {"file": SimpleUploadedFile("walk.csv", text.encode()), "dry_run": "false"}


EXPORT: Data = lambda me, other: {  # noqa: E731
    "q": COMMON_SURNAME,
    "include_full_numbers": "on",
    "purpose": "walk",
}


def agency(side: Side) -> dict[str, Any]:
    return {"pk": side.agency.pk}


def assessor(side: Side) -> dict[str, Any]:
    return {"pk": side.assessor.pk}


def recheck_round(side: Side) -> dict[str, Any]:
    return {"pk": side.recheck_round.pk}


def recheck_case(side: Side) -> dict[str, Any]:
    return {"pk": side.recheck_case.pk}


AGENCY_FORM: Data = lambda me, other: {  # noqa: E731
    "name": "走查评估站",
    "credit_code": "91350100M000100Y43",
    "region": other.street,
    "address": "walk",
}
ASSESSOR_FORM: Data = lambda me, other: {  # noqa: E731
    "name": "走查评估员",
    "certificate_number": "walk",
    "certified_on": "2025-01-02",
    "username": "walk_assessor",
}
TRAINING: Data = lambda me, other: {  # noqa: E731
    "topic": "walk",
    "taken_on": "2025-01-02",
    "hours": "2",
    "passed": "on",
}
DRAW: Data = lambda me, other: {"region": other.street, "year": 2026, "quarter": 2, "seed": 1}  # noqa: E731
ASSIGN: Data = lambda me, other: {  # noqa: E731
    "agency": other.agency.pk,
    "lead": other.assessor.pk,
    "second": other.assessor.pk,
}
REASON: Data = lambda me, other: {"reason": "walk"}  # noqa: E731


def assessment(side: Side) -> dict[str, Any]:
    return {"pk": side.assessment.pk}


def objection(side: Side) -> dict[str, Any]:
    return {"pk": side.assessment.pk, "objection_pk": side.objection.pk}


REQUEST: Data = lambda me, other: {  # noqa: E731
    "elder": other.elder.pk,
    "elder_pk": other.elder.pk,
    "reason": "first",
    "source": "community",
}
TEAM: Data = lambda me, other: {  # noqa: E731
    "agency": other.agency.pk,
    "lead": other.assessor.pk,
    "second": other.assessor.pk,
    "agency_pk": other.agency.pk,
    "lead_pk": other.assessor.pk,
    "second_pk": other.assessor.pk,
}
REVIEW: Data = lambda me, other: {"decision": "approve", "approve": True, "note": "walk"}  # noqa: E731
OBJECTION: Data = lambda me, other: {"raised_by_name": "walk", "reason": "walk"}  # noqa: E731
OBJECTION_DECISION: Data = lambda me, other: {"decision": "dismiss", "uphold": False}  # noqa: E731
NOTE: Data = lambda me, other: {"note": "walk"}  # noqa: E731
ANSWERS: Data = lambda me, other: {"answer-B.1.1": "4", "answers": {"B.1.1": 4}}  # noqa: E731


def published_gbt(side: Side) -> dict[str, Any]:
    """The same scale for both sides: scales belong to no region."""
    return {"pk": Scale.objects.get(code="GB/T 42195-2022", status="published").pk}


def benefit_version(side: Side) -> dict[str, Any]:
    """A programme version (city-funded, no region of a street): the same for both sides."""
    from yiyang.benefits.models import ProgramVersion

    version = ProgramVersion.objects.order_by("pk").first()
    return {"pk": version.pk if version else 999_999}  # int URLs take no -1


def benefit_program(side: Side) -> dict[str, Any]:
    from yiyang.benefits.models import Program

    program = Program.objects.order_by("pk").first()
    return {"pk": program.pk if program else 999_999}


def _program_pk(code: str) -> int:
    from yiyang.benefits.models import Program

    program = Program.objects.filter(code=code).first()
    return program.pk if program else 999_999


def benefit_application(side: Side) -> dict[str, Any]:
    """The side's benefit application (added to the world by the benefits pages)."""
    application = getattr(side, "application", None)
    return {"pk": application.pk if application else 999_999}


def payment_run(side: Side) -> dict[str, Any]:
    """The side's street payment run (added to the world by the benefits pages)."""
    run = getattr(side, "payment_run", None)
    return {"pk": run.pk if run else 999_999}


def payment_finding(side: Side) -> dict[str, Any]:
    """A supervision finding of the side's payment run (its rows lie in the side's street)."""
    run = getattr(side, "payment_run", None)
    finding = run.findings.order_by("pk").first() if run else None
    return {"pk": finding.pk if finding else 999_999}


BENEFIT_APPLY: Data = lambda me, other: {  # noqa: E731
    "elder_pk": other.elder.pk,
    "program_pk": _program_pk("meal_subsidy"),
    "applicant_kind": "clerk",
    "note": "walk",
}
BENEFIT_RUN: Data = lambda me, other: {  # noqa: E731
    "program_pk": _program_pk("longevity_allowance"),
    "region_code": other.street,
    "month": "2026-11",
}
BENEFIT_VERSION: Data = lambda me, other: {  # noqa: E731
    "rules": {"age_min": 60, "brackets": [{"label": "walk", "amount_fen": 100}]},
    "effective_from": "2027-01-01",
    "note": "walk",
}

VERSION_FORM: Data = lambda me, other: {  # noqa: E731
    "effective_from": "2027-01",
    "rules": '{"age_min": 60, "brackets": [{"label": "walk", "amount_fen": 100}]}',
    "note": "walk",
}
APPLICATION_FORM: Data = lambda me, other: {  # noqa: E731
    "elder": other.elder.pk,
    "program": _program_pk("meal_subsidy"),
    "applicant_kind": "clerk",
    "applied_on": "2026-11-20",
}
BANK_ACCOUNT: Data = lambda me, other: {  # noqa: E731
    "bank_name": "走查银行",
    "account_number": "6228480099999999999",
    "account_holder": "walk",
}


def telecare_device(side: Side) -> dict[str, Any]:
    device = getattr(side, "device", None)
    return {"pk": device.pk if device else 999_999}


def telecare_alarm(side: Side) -> dict[str, Any]:
    alarm = getattr(side, "alarm", None)
    return {"pk": alarm.pk if alarm else 999_999}


DEVICE_IN: Data = lambda me, other: {  # noqa: E731
    "elder_pk": other.elder.pk,
    "elder": other.elder.pk,
    "kind": "gas",
    "serial": "WALKGAS1",
    "installed_on": "2026-01-05",
    "heartbeat_seconds": 300,
}


def home_care_bed(side: Side) -> dict[str, Any]:
    bed = side.home_care_bed
    return {"pk": bed.pk if bed else 999_999}


BED_IN: Data = lambda me, other: {  # noqa: E731
    "elder_pk": other.elders[1].pk,
    "provider_name": "walk",
    "contract_number": "walk",
    "contract_start": "2026-01-01",
    "contract_end": "2026-12-31",
}
BED_PLAN: Data = lambda me, other: {"month": "2026-12", "owed_visits": 3}  # noqa: E731
PLAN: Data = lambda me, other: {  # noqa: E731
    "home_access": "walk",
    "conditions": "walk",
    "contacts": [{"role": "family", "name": "walk", "phone": "13900000000"}],
}
CALL: Data = lambda me, other: {"called": "walk", "result": "busy"}  # noqa: E731
DISPATCH: Data = lambda me, other: {"target": "family", "note": "walk"}  # noqa: E731
RESOLVE: Data = lambda me, other: {"outcome": "false_alarm", "note": "walk"}  # noqa: E731
ARRIVAL: Data = lambda me, other: {"responder": "walk"}  # noqa: E731
PLAN_FORM: Data = lambda me, other: {  # noqa: E731
    "home_access": "walk",
    "conditions": "walk",
    "contacts-TOTAL_FORMS": "1",
    "contacts-INITIAL_FORMS": "0",
    "contacts-0-ORDER": "1",
    "contacts-0-role": "family",
    "contacts-0-name": "walk",
    "contacts-0-phone": "13900000000",
}
BED_FORM: Data = lambda me, other: {  # noqa: E731
    "provider_name": "walk",
    "contract_number": "walk",
    "contract_start": "2026-01-01",
    "contract_end": "2026-12-31",
}
RULE_FORM: Data = lambda me, other: {  # noqa: E731
    "elder": other.elder.pk,
    "severity": "2",
    "is_enabled": "on",
    "threshold": "5",
    "window_start_hour": "8",
    "window_end_hour": "20",
    "effective_from": "2030-01-01",
}

RUN_FORM: Data = lambda me, other: {  # noqa: E731
    "program": _program_pk("longevity_allowance"),
    "region": other.street,
    "month": "2026-11",
}

LIVE_RULES: Data = lambda me, other: {  # noqa: E731
    "rules": '{"age_min": 60, "brackets": [{"label": "walk", "amount_fen": 100}]}',
}


def unverified_ltc(side: Side) -> dict[str, Any]:
    return {"pk": Scale.objects.get(code="LTC-2021", version=1).pk}


CONFIRM: Data = lambda me, other: {"source": "走查"}  # noqa: E731
NEW_VERSION: Data = lambda me, other: {"definition": "{}"}  # noqa: E731


def SCORE(me: Side, other: Side) -> dict[str, Any]:  # noqa: N802
    """Every GB/T 42195 item at its top score, two falls and a dementia diagnosis."""
    definition = Scale.objects.get(code="GB/T 42195-2022", status="published").definition
    answers = {
        item["code"]: max(option["score"] for option in item["options"])
        for dimension in definition["dimensions"]
        for item in dimension["items"]
    }
    return {
        "scale": "GB/T 42195-2022",
        "answers": answers,
        "diagnoses": [{"icd10": "F00"}],
        "risk_events_30d": {"fall": 2},
    }


def institution(side: Side) -> dict[str, Any]:
    return {"pk": side.institution.pk if side.institution else 999_999}


def institution_filing(side: Side) -> dict[str, Any]:
    return {"pk": side.filing.pk if side.filing else 999_999}


INSTITUTION_BODY: Data = lambda me, other: {  # noqa: E731
    "name": "walk",
    "credit_code": "91640302MB9000011X",
    "ownership": "private",
    "legal_form": "company",
    "kind": "care_home",
    "region_code": other.community,
    "address": "walk",
    "contact_name": "walk",
    "contact_phone": "13900000000",
    "filed_on": "2026-09-30",
}
INSTITUTION_FORM: Data = lambda me, other: {  # noqa: E731
    **{k: v for k, v in INSTITUTION_BODY(me, other).items() if k != "region_code"},
    "region": other.community,
}
MEDICAL_AGREEMENT: Data = lambda me, other: {  # noqa: E731
    "medical_institution": "walk",
    "scope": "walk",
    "starts_on": "2026-10-01",
}
INSTITUTION_FILING: Data = lambda me, other: {  # noqa: E731
    "kind": "change",
    "filed_on": "2026-10-09",
    "note": "walk",
}
INSTITUTION_CHECK: Data = lambda me, other: {  # noqa: E731
    "checked_on": "2026-10-09",
    "result": "rectify",
    "note": "walk",
}


def institution_bed(side: Side) -> dict[str, Any]:
    return {"pk": side.free_bed.pk if side.free_bed else 999_999}


def residency(side: Side) -> dict[str, Any]:
    return {"pk": side.residency.pk if side.residency else 999_999}


ROOM_BODY: Data = lambda me, other: {  # noqa: E731
    "building": "walk",
    "floor": 1,
    "number": "909",
    "beds": [{"code": "1", "kind": "ordinary"}],
}
ADMISSION: Data = lambda me, other: {  # noqa: E731
    "elder_id_number": other.elder.id_number,
    "admitted_on": "2026-11-02",
    "contract_number": "walk",
    "fee_level_fen": 1,
    "payer": "self",
}
TRANSFER: Data = lambda me, other: {"bed_pk": other.free_bed.pk, "on": "2026-11-02"}  # noqa: E731
DISCHARGE: Data = lambda me, other: {"on": "2026-11-02"}  # noqa: E731
BED_STATE: Data = lambda me, other: {"state": "reserved"}  # noqa: E731
BED_KIND: Data = lambda me, other: {"kind": "dementia"}  # noqa: E731
ROOM_FORM: Data = lambda me, other: {  # noqa: E731
    "building": "walk",
    "floor": 1,
    "number": "909",
    "bed_count": 1,
    "kind": "ordinary",
}
ADMISSION_FORM: Data = lambda me, other: {  # noqa: E731
    **{k: v for k, v in ADMISSION(me, other).items() if k != "fee_level_fen"},
    "fee_yuan": "1",
}
LEAVE: Data = lambda me, other: {  # noqa: E731
    "kind": "hospital",
    "started_on": "2026-11-02",
    "expected_return_on": "2026-11-09",
}
RETURN: Data = lambda me, other: {"returned_on": "2026-11-03"}  # noqa: E731
AGREEMENT_END: Data = lambda me, other: {"ends_on": "2026-11-02"}  # noqa: E731
GRADE_BODY: Data = lambda me, other: {  # noqa: E731
    "assessed_on": "2026-11-02",
    "prerequisites_met": True,
    "scores": {},
}
GRADE_FORM: Data = lambda me, other: {"assessed_on": "2026-11-02", "prerequisites_met": "on"}  # noqa: E731
FACILITY_FORM: Data = lambda me, other: {"services": "walk", "opening_hours": "walk"}  # noqa: E731
FACILITY_PATCH: Data = lambda me, other: {"opening_hours": "walk"}  # noqa: E731


def residency_leave(side: Side) -> dict[str, Any]:
    return {"pk": side.residency.pk if side.residency else 999_999, "action": "leave"}


def medical_agreement(side: Side) -> dict[str, Any]:
    return {"pk": side.medical_agreement.pk if side.medical_agreement else 999_999}


def care_facility(side: Side) -> dict[str, Any]:
    return {"pk": side.care_facility.pk if side.care_facility else 999_999}


def filing_document(me: Side, other: Side) -> dict[str, Any]:
    return {"code": "premises", "file": SimpleUploadedFile("walk.pdf", b"%PDF walk")}


def calendar_year(side: Side) -> dict[str, Any]:
    """A seeded, published year of the statutory calendar (the same for both streets)."""
    return {"year": 2026}


def calendar_day(side: Side) -> dict[str, Any]:
    """A seeded special day: 2026's National Day."""
    return {"pk": SpecialDay.objects.get(day=date(2026, 10, 1)).pk}


CALENDAR_YEAR_FORM: Data = lambda me, other: {  # noqa: E731
    "year": "2027",
    "source_document": "walk",
    "notice_date": "",
}
CALENDAR_DAYS_FORM: Data = lambda me, other: {  # noqa: E731
    "first": "2026-12-31",
    "last": "",
    "kind": "holiday",
    "name": "walk",
}
WORKING_DAYS: Data = lambda me, other: {"start": "2025-09-26", "days": "20"}  # noqa: E731


# Every URL name (pages) and every "METHOD /api/v1/path" (API operations). Keep it complete:
# the first test fails on any URL or operation missing here.
ACCESS: dict[str, Entry] = {
    # --- public -------------------------------------------------------------------------------
    "core:login": Entry(public=True),
    "core:logout": Entry(public=True, get=False),
    "set_language": Entry(public=True, get=False),
    "api:openapi-json": Entry(public=True),
    "api:openapi-view": Entry(public=True),
    "api:api-root": Entry(public=True),
    # The public care-home list: operating institutions and free beds, no personal data.
    "institutions:public_list": Entry(public=True),
    # --- core pages ---------------------------------------------------------------------------
    "core:home": Entry(queries=(nothing,)),
    # The statutory calendar is national and holds nothing personal: every signed-in user reads
    # it, only the city writes it, so a street worker's writes answer 403 and change nothing.
    "core:calendar_years": Entry(queries=(nothing,), write=CALENDAR_YEAR_FORM),
    "core:calendar_year": Entry(kwargs=calendar_year, write=CALENDAR_DAYS_FORM, shared=True),
    "core:calendar_publish": Entry(kwargs=calendar_year, get=False, write=nothing, shared=True),
    "core:calendar_day_remove": Entry(kwargs=calendar_day, get=False, write=nothing, shared=True),
    "GET /api/v1/calendar/add-working-days": Entry(queries=(WORKING_DAYS,)),
    "GET /api/v1/calendar/years/": Entry(queries=(nothing,)),
    "GET /api/v1/calendar/years/{year}": Entry(kwargs=calendar_year, shared=True),
    # --- institutions (issue 6): a street's institutions and filings; checks need the district.
    "GET /api/v1/institutions/": Entry(
        queries=(
            nothing,
            lambda me, other: {"q": "标颐养院"},
            lambda me, other: {"status": "filed"},
        )
    ),
    "POST /api/v1/institutions/": Entry(write=INSTITUTION_BODY),
    "GET /api/v1/institutions/{pk}": Entry(kwargs=institution),
    "POST /api/v1/institutions/{pk}/filings": Entry(kwargs=institution, write=INSTITUTION_FILING),
    "GET /api/v1/institution-filings/": Entry(
        queries=(nothing, lambda me, other: {"overdue": "true"})
    ),
    "GET /api/v1/institution-filings/{pk}": Entry(kwargs=institution_filing),
    "POST /api/v1/institution-filings/{pk}/documents": Entry(
        kwargs=institution_filing, write=filing_document, multipart=True
    ),
    "POST /api/v1/institution-filings/{pk}/check": Entry(
        kwargs=institution_filing, write=INSTITUTION_CHECK
    ),
    "institutions:institution_list": Entry(queries=(nothing, lambda me, other: {"overdue": "1"})),
    "institutions:institution_create": Entry(queries=(nothing,), write=INSTITUTION_FORM),
    "institutions:institution_detail": Entry(kwargs=institution),
    "institutions:filing_document": Entry(
        kwargs=institution_filing, get=False, write=filing_document, multipart=True
    ),
    "institutions:filing_check": Entry(
        kwargs=institution_filing, get=False, write=INSTITUTION_CHECK
    ),
    "GET /api/v1/institutions/{pk}/medical-agreements": Entry(kwargs=institution),
    "POST /api/v1/institutions/{pk}/medical-agreements": Entry(
        kwargs=institution, write=MEDICAL_AGREEMENT
    ),
    "GET /api/v1/institutions/{pk}/beds": Entry(kwargs=institution),
    "POST /api/v1/institutions/{pk}/rooms": Entry(kwargs=institution, write=ROOM_BODY),
    "POST /api/v1/institution-beds/{pk}/state": Entry(kwargs=institution_bed, write=BED_STATE),
    "POST /api/v1/institution-beds/{pk}/admit": Entry(kwargs=institution_bed, write=ADMISSION),
    "GET /api/v1/institution-residents/": Entry(
        queries=(nothing, lambda me, other: {"history": "true"})
    ),
    "POST /api/v1/institution-residents/{pk}/transfer": Entry(kwargs=residency, write=TRANSFER),
    "POST /api/v1/institution-residents/{pk}/discharge": Entry(kwargs=residency, write=DISCHARGE),
    "POST /api/v1/institution-residents/{pk}/leave": Entry(kwargs=residency, write=LEAVE),
    "POST /api/v1/institution-residents/{pk}/return": Entry(kwargs=residency, write=RETURN),
    "POST /api/v1/institution-medical-agreements/{pk}/end": Entry(
        kwargs=medical_agreement, write=AGREEMENT_END
    ),
    "GET /api/v1/institutions/{pk}/grade-assessments": Entry(kwargs=institution),
    "POST /api/v1/institutions/{pk}/grade-assessments": Entry(kwargs=institution, write=GRADE_BODY),
    "GET /api/v1/facilities/": Entry(queries=(nothing, lambda me, other: {"kind": "day_care"})),
    "GET /api/v1/facilities/{pk}": Entry(kwargs=care_facility),
    "PATCH /api/v1/facilities/{pk}": Entry(kwargs=care_facility, write=FACILITY_PATCH),
    # The institution's own pages: bed board, residents, agreements, grades; facilities.
    "institutions:bed_board": Entry(kwargs=institution),
    "institutions:room_create": Entry(kwargs=institution, get=False, write=ROOM_FORM),
    "institutions:bed_detail": Entry(kwargs=institution_bed, write=ADMISSION_FORM),
    "institutions:bed_state": Entry(kwargs=institution_bed, get=False, write=BED_STATE),
    "institutions:bed_kind": Entry(kwargs=institution_bed, get=False, write=BED_KIND),
    "institutions:resident_list": Entry(
        kwargs=institution, queries=(nothing, lambda me, other: {"history": "1"})
    ),
    "institutions:residency_detail": Entry(kwargs=residency),
    "institutions:residency_action": Entry(kwargs=residency_leave, get=False, write=LEAVE),
    "institutions:agreement_list": Entry(kwargs=institution, write=MEDICAL_AGREEMENT),
    "institutions:agreement_end": Entry(kwargs=medical_agreement, get=False, write=AGREEMENT_END),
    "institutions:grade_list": Entry(kwargs=institution),
    "institutions:grade_create": Entry(kwargs=institution, write=GRADE_FORM),
    "institutions:facility_list": Entry(queries=(nothing,)),
    "institutions:facility_edit": Entry(kwargs=care_facility, write=FACILITY_FORM),
    # --- elder pages --------------------------------------------------------------------------
    "registry:elder_list": Entry(
        queries=(
            nothing,
            *searches(
                lambda me, other: {"region": other.street},
                lambda me, other: {"region": other.community, "q": COMMON_SURNAME},
                lambda me, other: {"category": "living_alone"},
                lambda me, other: {"status": "active"},
                lambda me, other: {"age_band": "80_89"},
                lambda me, other: {"q": COMMON_SURNAME, "page": "2"},
            ),
        )
    ),
    "registry:elder_create": Entry(queries=(nothing,), write=ELDER_FORM),
    "registry:elder_export": Entry(get=False, write=EXPORT, read_by_post=True),
    "registry:elder_detail": Entry(kwargs=elder),
    "registry:elder_update": Entry(kwargs=elder, write=ELDER_FORM),
    "registry:elder_reveal": Entry(kwargs=elder, write=REVEAL),
    "registry:elder_death": Entry(kwargs=elder, write=DEATH),
    "registry:elder_move_out": Entry(kwargs=elder, write=MOVE_OUT),
    "registry:elder_contacts": Entry(kwargs=elder, write=CONTACTS),
    # --- categories ---------------------------------------------------------------------------
    "registry:category_grant": Entry(kwargs=elder, write=CATEGORY),
    "registry:category_end": Entry(kwargs=held, write=CATEGORY),
    "registry:category_propose": Entry(kwargs=elder, write=PROPOSAL),
    "registry:category_change_list": Entry(queries=(nothing,)),
    "registry:category_change_decide": Entry(kwargs=change, get=False, write=DECISION),
    # --- imports ------------------------------------------------------------------------------
    "registry:import_list": Entry(queries=(nothing,)),
    "registry:import_create": Entry(queries=(nothing,), write=upload),
    "registry:import_detail": Entry(kwargs=import_job),
    "registry:import_progress": Entry(kwargs=import_job),
    "registry:import_report": Entry(kwargs=import_job),
    # --- duplicates ---------------------------------------------------------------------------
    "registry:duplicate_list": Entry(queries=(nothing,), write=FIND),
    "registry:duplicate_detail": Entry(kwargs=duplicate, write=MERGE),
    # --- assessment agencies and spot rechecks ------------------------------------------------
    # Street staff see agencies and rounds of their street; the writes need manage_agencies or
    # run_rechecks (district and city), so a street's own object answers 403 and the other's 404.
    "assessment:agency_list": Entry(queries=(nothing,)),
    "assessment:agency_create": Entry(get=False, write=AGENCY_FORM),
    "assessment:agency_detail": Entry(kwargs=agency),
    "assessment:agency_update": Entry(kwargs=agency, write=AGENCY_FORM),
    "assessment:agency_deactivate": Entry(kwargs=agency, get=False, write=REASON),
    "assessment:assessor_create": Entry(kwargs=agency, write=ASSESSOR_FORM),
    "assessment:assessor_update": Entry(kwargs=assessor, write=ASSESSOR_FORM),
    "assessment:assessor_deactivate": Entry(kwargs=assessor, get=False, write=REASON),
    "assessment:assessor_training_add": Entry(kwargs=assessor, write=TRAINING),
    "assessment:recheck_list": Entry(queries=(nothing,)),
    "assessment:recheck_draw": Entry(get=False, write=DRAW),
    "assessment:recheck_detail": Entry(kwargs=recheck_round),
    "assessment:recheck_assign": Entry(kwargs=recheck_case, write=ASSIGN),
    # --- the assessment workflow --------------------------------------------------------------
    # Street staff see, request and record objections; assigning, reviewing, deciding and
    # conducting need other roles, so a street's own case answers 403 there and the other's 404.
    "assessment:assessment_list": Entry(
        queries=(
            nothing,
            lambda me, other: {"status": "objected"},
            lambda me, other: {"region": other.street},
            lambda me, other: {"level": "1"},
            lambda me, other: {"agency": other.agency.pk},
        )
    ),
    "assessment:assessment_request": Entry(
        queries=(nothing, lambda me, other: {"elder": me.elder.pk}), write=REQUEST
    ),
    "assessment:assessment_detail": Entry(kwargs=assessment),
    "assessment:assessment_report": Entry(kwargs=assessment),
    "assessment:assessment_assign": Entry(kwargs=assessment, write=TEAM),
    "assessment:assessment_review": Entry(kwargs=assessment, write=REVIEW),
    "assessment:assessment_objection": Entry(kwargs=assessment, write=OBJECTION),
    "assessment:objection_decide": Entry(kwargs=objection, write=OBJECTION_DECISION),
    "assessment:assessment_cancel": Entry(kwargs=assessment, write=NOTE),
    "assessment:my_assessments": Entry(queries=(nothing,)),
    "assessment:assessment_start": Entry(kwargs=assessment, get=False, write=nothing),
    "assessment:assessment_conduct": Entry(kwargs=assessment),
    "assessment:assessment_save": Entry(kwargs=assessment, get=False, write=ANSWERS),
    "assessment:assessment_submit": Entry(kwargs=assessment, get=False, write=ANSWERS),
    # --- API ----------------------------------------------------------------------------------
    "GET /api/v1/me": Entry(queries=(nothing,)),
    "GET /api/v1/regions/": Entry(
        queries=(nothing, lambda me, other: {"parent": other.street}, lambda me, o: {"level": 5})
    ),
    "GET /api/v1/elders/": Entry(
        queries=(
            nothing,
            *searches(
                lambda me, other: {"region": other.street},
                lambda me, other: {"category": "living_alone"},
                lambda me, other: {"category": "advanced_age"},
                lambda me, other: {"status": "active", "gender": "male"},
            ),
        )
    ),
    "POST /api/v1/elders/": Entry(write=ELDER_FORM),
    "GET /api/v1/elders/{pk}": Entry(kwargs=elder),
    "PATCH /api/v1/elders/{pk}": Entry(kwargs=elder, write=lambda me, other: {"address": "走查"}),
    "POST /api/v1/elders/{pk}/reveal": Entry(kwargs=elder, write=REVEAL),
    "GET /api/v1/elders/{pk}/timeline": Entry(kwargs=elder),
    "POST /api/v1/elders/{pk}/death": Entry(kwargs=elder, write=DEATH),
    "POST /api/v1/elders/{pk}/move-out": Entry(kwargs=elder, write=MOVE_OUT),
    "GET /api/v1/category-changes/": Entry(
        queries=(nothing, lambda me, other: {"status": "pending"})
    ),
    "GET /api/v1/category-changes/{pk}": Entry(kwargs=change),
    "POST /api/v1/category-changes/{pk}/decision": Entry(kwargs=change, write=DECISION),
    "GET /api/v1/elders/{pk}/category-changes": Entry(kwargs=elder),
    "POST /api/v1/elders/{pk}/category-changes": Entry(kwargs=elder, write=PROPOSAL),
    "POST /api/v1/elders/{pk}/categories": Entry(kwargs=elder, write=CATEGORY),
    "POST /api/v1/elders/import": Entry(write=upload, multipart=True),
    "GET /api/v1/elders/imports/{job_id}": Entry(kwargs=lambda s: {"job_id": s.import_job.pk}),
    "GET /api/v1/assessment-agencies/": Entry(
        queries=(nothing, lambda me, other: {"is_active": "true"})
    ),
    "POST /api/v1/assessment-agencies/": Entry(write=AGENCY_FORM),
    "GET /api/v1/assessment-agencies/{pk}": Entry(kwargs=agency),
    "POST /api/v1/assessment-agencies/{pk}/assessors": Entry(kwargs=agency, write=ASSESSOR_FORM),
    "GET /api/v1/assessors/": Entry(
        queries=(
            nothing,
            lambda me, other: {"agency": other.agency.pk},
            lambda me, other: {"qualified": "true"},
        )
    ),
    "GET /api/v1/assessors/{pk}": Entry(kwargs=assessor),
    "GET /api/v1/recheck-rounds/": Entry(queries=(nothing,)),
    "POST /api/v1/recheck-rounds/": Entry(write=DRAW),
    "GET /api/v1/recheck-rounds/{pk}": Entry(kwargs=recheck_round),
    "GET /api/v1/assessments/": Entry(
        queries=(
            nothing,
            lambda me, other: {"status": "objected"},
            lambda me, other: {"region": other.street},
            lambda me, other: {"agency": other.agency.pk},
            lambda me, other: {"level": 1},
        )
    ),
    "POST /api/v1/assessments/": Entry(write=REQUEST),
    "GET /api/v1/assessments/{pk}": Entry(kwargs=assessment),
    "POST /api/v1/assessments/{pk}/assign": Entry(kwargs=assessment, write=TEAM),
    "POST /api/v1/assessments/{pk}/start": Entry(kwargs=assessment, write=nothing),
    "PATCH /api/v1/assessments/{pk}/answers": Entry(kwargs=assessment, write=ANSWERS),
    "POST /api/v1/assessments/{pk}/submit": Entry(kwargs=assessment, write=nothing),
    "POST /api/v1/assessments/{pk}/review": Entry(kwargs=assessment, write=REVIEW),
    "POST /api/v1/assessments/{pk}/objections": Entry(kwargs=assessment, write=OBJECTION),
    "POST /api/v1/assessments/{pk}/objections/{objection_pk}/decision": Entry(
        kwargs=objection, write=OBJECTION_DECISION
    ),
    "POST /api/v1/assessments/{pk}/cancel": Entry(kwargs=assessment, write=NOTE),
    # --- benefits API: programmes belong to no street (shared); only the city manages them, so
    # a street worker's writes answer 403. Applications, runs, rows and findings lie in a street.
    "GET /api/v1/benefit-programs/": Entry(queries=(nothing,)),
    "GET /api/v1/benefit-programs/{pk}": Entry(kwargs=benefit_program, shared=True),
    "POST /api/v1/benefit-programs/{pk}/versions": Entry(
        kwargs=benefit_program, write=BENEFIT_VERSION, shared=True
    ),
    "PATCH /api/v1/benefit-program-versions/{pk}": Entry(
        kwargs=benefit_version, write=BENEFIT_VERSION, shared=True
    ),
    "POST /api/v1/benefit-program-versions/{pk}/publish": Entry(
        kwargs=benefit_version, write=nothing, shared=True
    ),
    "GET /api/v1/benefit-applications/": Entry(
        queries=(
            nothing,
            lambda me, other: {"status": "pending"},
            lambda me, other: {"level": "community"},
            lambda me, other: {"program": _program_pk("meal_subsidy")},
        )
    ),
    "POST /api/v1/benefit-applications/": Entry(write=BENEFIT_APPLY),
    "GET /api/v1/benefit-applications/{pk}": Entry(kwargs=benefit_application),
    "POST /api/v1/benefit-applications/{pk}/decide": Entry(
        kwargs=benefit_application, write=lambda me, other: {"approve": False, "reason": "walk"}
    ),
    "POST /api/v1/benefit-applications/{pk}/withdraw": Entry(
        kwargs=benefit_application, write=REASON
    ),
    "GET /api/v1/elders/{pk}/entitlements": Entry(kwargs=elder),
    "GET /api/v1/payment-runs/": Entry(
        queries=(
            nothing,
            lambda me, other: {"month": "2026-11"},
            lambda me, other: {"status": "computed"},
            lambda me, other: {"program": _program_pk("longevity_allowance")},
        )
    ),
    "POST /api/v1/payment-runs/": Entry(write=BENEFIT_RUN),
    "GET /api/v1/payment-runs/{pk}": Entry(kwargs=payment_run),
    "GET /api/v1/payment-runs/{pk}/rows": Entry(kwargs=payment_run),
    "GET /api/v1/payment-runs/{pk}/findings": Entry(kwargs=payment_run),
    "POST /api/v1/payment-runs/{pk}/submit": Entry(kwargs=payment_run, write=nothing),
    "POST /api/v1/payment-runs/{pk}/approve": Entry(kwargs=payment_run, write=nothing),
    "POST /api/v1/payment-runs/{pk}/cancel": Entry(kwargs=payment_run, write=REASON),
    "POST /api/v1/payment-run-findings/{pk}/review": Entry(
        kwargs=payment_finding, write=lambda me, other: {"hold": True, "note": "walk"}
    ),
    # --- benefits pages: programmes are shared (city-funded); drafting needs the city, so a
    # street worker's own writes answer 403. Applications, accounts, runs and findings lie in a
    # street; approving and the bank file need a district, so the street's own answer 403.
    "benefits:program_list": Entry(queries=(nothing,)),
    "benefits:program_detail": Entry(kwargs=benefit_program, shared=True),
    "benefits:version_create": Entry(kwargs=benefit_program, write=VERSION_FORM, shared=True),
    "benefits:version_update": Entry(kwargs=benefit_version, write=VERSION_FORM, shared=True),
    "benefits:version_publish": Entry(
        kwargs=benefit_version, get=False, write=nothing, shared=True
    ),
    "benefits:application_list": Entry(
        queries=(
            nothing,
            lambda me, other: {"status": "pending"},
            lambda me, other: {"level": "community"},
            lambda me, other: {"program": _program_pk("care_service_subsidy")},
        )
    ),
    "benefits:application_create": Entry(
        queries=(nothing, lambda me, other: {"elder": me.elder.pk}), write=APPLICATION_FORM
    ),
    "benefits:application_detail": Entry(kwargs=benefit_application),
    "benefits:application_decide": Entry(
        kwargs=benefit_application,
        get=False,
        write=lambda me, other: {"decision": "refuse", "reason": "walk"},
    ),
    "benefits:application_withdraw": Entry(kwargs=benefit_application, get=False, write=REASON),
    "benefits:bank_account": Entry(kwargs=elder, write=BANK_ACCOUNT),
    "benefits:elder_benefits": Entry(kwargs=elder),
    "benefits:run_list": Entry(queries=(nothing, lambda me, other: {"status": "computed"})),
    "benefits:run_compute": Entry(queries=(nothing,), write=RUN_FORM),
    "benefits:run_detail": Entry(kwargs=payment_run),
    "benefits:run_recompute": Entry(kwargs=payment_run, get=False, write=nothing),
    "benefits:run_submit": Entry(kwargs=payment_run, get=False, write=nothing),
    "benefits:run_approve": Entry(kwargs=payment_run, get=False, write=nothing),
    "benefits:run_cancel": Entry(kwargs=payment_run, get=False, write=REASON),
    "benefits:run_bank_file": Entry(kwargs=payment_run),
    "benefits:finding_review": Entry(
        kwargs=payment_finding,
        get=False,
        write=lambda me, other: {"action": "hold", "note": "walk"},
    ),
    # --- scales (no region: every logged-in user reads them; only the city changes them) -----
    # Policy simulation and live count: city administrators only (benefits.manage_programs).
    # The incentive plan reads only the facts typed into its form: nothing of either street.
    "benefits:incentive_schedule": Entry(queries=(nothing,)),
    "benefits:simulation": Entry(kwargs=benefit_version, shared=True),
    "benefits:live_count": Entry(
        kwargs=benefit_program, get=False, write=LIVE_RULES, read_by_post=True, shared=True
    ),
    "assessment:scale_list": Entry(queries=(nothing,)),
    "assessment:scale_detail": Entry(kwargs=published_gbt, shared=True),
    "assessment:scale_confirm": Entry(kwargs=unverified_ltc, get=False, write=CONFIRM, shared=True),
    "assessment:scale_publish": Entry(kwargs=unverified_ltc, get=False, write=nothing, shared=True),
    "assessment:scale_retire": Entry(kwargs=published_gbt, get=False, write=nothing, shared=True),
    "assessment:scale_new_version": Entry(
        kwargs=published_gbt, get=False, write=NEW_VERSION, shared=True
    ),
    # --- telecare pages: the console, its rows and its event stream list only the viewer's
    # region; a street worker reads alarms but handles none (403 on own, 404 on the other's).
    "telecare:console": Entry(queries=(nothing,)),
    "telecare:console_rows": Entry(queries=(nothing,)),
    "telecare:alarm_stream": Entry(queries=(nothing,)),
    "telecare:alarm_detail": Entry(kwargs=telecare_alarm),
    "telecare:alarm_acknowledge": Entry(kwargs=telecare_alarm, get=False, write=nothing),
    "telecare:alarm_call": Entry(kwargs=telecare_alarm, get=False, write=CALL),
    "telecare:alarm_dispatch": Entry(kwargs=telecare_alarm, get=False, write=DISPATCH),
    "telecare:alarm_resolve": Entry(kwargs=telecare_alarm, get=False, write=RESOLVE),
    "telecare:alarm_arrival": Entry(kwargs=telecare_alarm, get=False, write=ARRIVAL),
    "telecare:plan_edit": Entry(kwargs=lambda side: {"elder_pk": side.elder.pk}, write=PLAN_FORM),
    "telecare:bed_list": Entry(queries=(nothing, lambda me, other: {"status": "setting_up"})),
    "telecare:bed_create": Entry(kwargs=lambda side: {"elder_pk": side.elder.pk}, write=BED_FORM),
    "telecare:bed_detail": Entry(kwargs=home_care_bed),
    "telecare:bed_plan_month": Entry(kwargs=home_care_bed, get=False, write=BED_PLAN),
    "telecare:bed_adaptation": Entry(
        kwargs=home_care_bed,
        get=False,
        write=lambda me, other: {"adaptation_done_on": "2026-01-05"},
    ),
    "telecare:bed_open": Entry(kwargs=home_care_bed, get=False, write=nothing),
    "telecare:bed_close": Entry(kwargs=home_care_bed, get=False, write=REASON),
    # The city's rules are the city's: street staff are refused the page (403, so not read by
    # the walk: tests/telecare/test_pages_more.py) and any change.
    "telecare:rule_list": Entry(get=False),
    "telecare:rule_edit": Entry(
        kwargs=lambda side: {"code": "no_motion"}, shared=True, write=RULE_FORM
    ),
    "telecare:device_list": Entry(queries=(nothing, lambda me, other: {"status": "unbound"})),
    "telecare:device_create": Entry(
        kwargs=lambda side: {"elder_pk": side.elder.pk}, write=DEVICE_IN
    ),
    "telecare:device_detail": Entry(kwargs=telecare_device),
    "telecare:device_unbind": Entry(kwargs=telecare_device, get=False, write=REASON),
    # the daily check-ins page: `who=all` lists every SOS button, so the other street's shows
    # if scoping fails (nobody in the walk chose the daily check)
    "telecare:check_list": Entry(queries=(nothing, lambda me, other: {"who": "all"})),
    # --- telecare API: devices and alarms lie where the elder lives; the message door is for
    # devices (signed, no user), so it is public and answers nothing of anyone.
    "POST /api/v1/telecare/messages": Entry(public=True, get=False),
    "GET /api/v1/devices/": Entry(queries=(nothing, lambda me, other: {"status": "active"})),
    "POST /api/v1/devices/": Entry(write=DEVICE_IN),
    "GET /api/v1/devices/{pk}": Entry(kwargs=telecare_device),
    "POST /api/v1/devices/{pk}/unbind": Entry(kwargs=telecare_device, write=REASON),
    "GET /api/v1/elders/{pk}/response-plan": Entry(kwargs=elder),
    "PUT /api/v1/elders/{pk}/response-plan": Entry(kwargs=elder, write=PLAN),
    "GET /api/v1/home-care-beds/": Entry(
        queries=(nothing, lambda me, other: {"status": "setting_up"})
    ),
    "POST /api/v1/home-care-beds/": Entry(write=BED_IN),
    "GET /api/v1/home-care-beds/{pk}": Entry(kwargs=home_care_bed),
    "POST /api/v1/home-care-beds/{pk}/open": Entry(kwargs=home_care_bed, write=nothing),
    "POST /api/v1/home-care-beds/{pk}/plans": Entry(kwargs=home_care_bed, write=BED_PLAN),
    "POST /api/v1/home-care-beds/{pk}/close": Entry(kwargs=home_care_bed, write=REASON),
    "GET /api/v1/alarms/": Entry(queries=(nothing, lambda me, other: {"unresolved": "true"})),
    "GET /api/v1/alarms/{pk}": Entry(kwargs=telecare_alarm),
    # SLA figures count only the viewer's region (the walk's alarms lie in both streets).
    "GET /api/v1/alarms/sla": Entry(
        queries=(lambda me, other: {"start": "2020-01-01", "end": "2030-12-31"},)
    ),
    "POST /api/v1/alarms/{pk}/acknowledge": Entry(kwargs=telecare_alarm, write=nothing),
    "POST /api/v1/alarms/{pk}/calls": Entry(kwargs=telecare_alarm, write=CALL),
    "POST /api/v1/alarms/{pk}/dispatch": Entry(kwargs=telecare_alarm, write=DISPATCH),
    "POST /api/v1/alarms/{pk}/resolve": Entry(kwargs=telecare_alarm, write=RESOLVE),
    "GET /api/v1/assessments/scales": Entry(queries=(nothing,)),
    # Counts of elders by level and region: only the caller's region may be counted.
    "GET /api/v1/assessments/levels": Entry(queries=(nothing, by_community, by_district)),
    # Stateless: stores nothing and answers only from the scale; its body is checked too.
    "POST /api/v1/assessments/score": Entry(write=SCORE, read_by_post=True),
    # --- statistics: the dashboard of the own street and its community (another region is a
    # 404, tests/stats/test_pages.py); the export's table name is the same for both streets.
    "stats:dashboard": Entry(queries=(nothing, own_street, own_community)),
    "stats:monthly_report": Entry(queries=(nothing, own_street, own_community)),
    "stats:export_table": Entry(kwargs=lambda side: {"table": "regions"}, shared=True),
    # Reporting a figure is the city's: a street clerk is refused (403), the form included.
    "stats:report_figure": Entry(get=False, write=REPORTED_FIGURE),
    # Each street reads its own reported figures; setting a target is the city's (403).
    "stats:reports": Entry(
        queries=(nothing, lambda me, other: {"indicator": "monthly_visit_rate"})
    ),
    "stats:targets": Entry(write=TARGET_OF_OTHER_STREET),
    # 35 indicators: more than a default page, so the walk asks for all of them.
    "GET /api/v1/indicators/": Entry(queries=(lambda me, other: {"limit": 100},)),
    "GET /api/v1/indicator-targets/": Entry(queries=(nothing,)),
    "GET /api/v1/indicator-values/": Entry(
        queries=(
            # 19 computed indicators per region: a street's children overflow a default page.
            lambda me, other: {"month": "2026-11", "limit": 200},
            lambda me, other: {"month": "2026-11", "children": True, "limit": 200},
            lambda me, other: {"month": "2026-11", "region": me.community, "limit": 200},
        )
    ),
    # Only the city reports figures: a street's report aimed at the other street changes nothing.
    "POST /api/v1/manual-reports/": Entry(
        write=lambda me, other: {
            "indicator": "monthly_visit_rate",
            "region_code": other.street,
            "month": "2026-11",
            "value": "1",
            "source": "walk",
        }
    ),
}


def provider(side: Side) -> dict[str, Any]:
    return {"pk": side.provider.pk}


def caregiver_record(side: Side) -> dict[str, Any]:
    return {"pk": side.caregiver_record.pk}


def service_order(side: Side) -> dict[str, Any]:
    return {"pk": side.service_order.pk}


def settlement(side: Side) -> dict[str, Any]:
    return {"pk": side.settlement.pk}


def provider_case(side: Side) -> dict[str, Any]:
    return {"pk": side.provider_case.pk}


def plan_notice(side: Side) -> dict[str, Any]:
    return {"pk": side.plan_notice.pk}


COMPLAINT_FORM: Data = lambda me, other: {  # noqa: E731
    "provider": other.provider.pk,
    "complainant_kind": "family",
    "complainant_name": "走查",
    "channel": "hotline",
    "category": "attitude",
    "text": "走查投诉",
}
COMPLAINT_BODY: Data = lambda me, other: {  # noqa: E731
    "order_pk": other.service_order.pk,
    "complainant_kind": "family",
    "complainant_name": "走查",
    "channel": "hotline",
    "category": "attitude",
    "text": "走查投诉",
}


SERVICE_ORDER: Data = lambda me, other: {  # noqa: E731
    "elder_pk": other.elder.pk,
    "provider_pk": other.provider.pk,
    "item_code": "walk_clean",
    "planned_start": "2026-11-24T09:00:00+08:00",
    "request_key": "walk",
}
HOMECARE_ACCESS: dict[str, Entry] = {
    # --- home services API: the catalogue is the city's (no street); providers, caregivers and
    # orders lie in a street; dispatch needs provider staff, so a street clerk's own call is 403.
    "GET /api/v1/service-items/": Entry(queries=(nothing,)),
    "GET /api/v1/providers/": Entry(queries=(nothing,)),
    "GET /api/v1/providers/{pk}": Entry(kwargs=provider),
    "GET /api/v1/caregivers/": Entry(queries=(nothing,)),
    "GET /api/v1/caregivers/{pk}": Entry(kwargs=caregiver_record),
    "GET /api/v1/service-orders/": Entry(
        queries=(
            nothing,
            lambda me, other: {"status": "checked_out"},
            lambda me, other: {"review": "pending"},
            lambda me, other: {"day": "2026-11-23"},
        )
    ),
    "POST /api/v1/service-orders/": Entry(write=SERVICE_ORDER),
    "GET /api/v1/service-orders/{pk}": Entry(kwargs=service_order),
    "GET /api/v1/service-orders/{pk}/caregivers": Entry(kwargs=service_order),
    "POST /api/v1/service-orders/assign-all": Entry(
        write=lambda me, other: {"provider_pk": other.provider.pk, "day": "2026-11-23"}
    ),
    "POST /api/v1/service-orders/{pk}/accept": Entry(kwargs=service_order, write=nothing),
    "POST /api/v1/service-orders/{pk}/refuse": Entry(kwargs=service_order, write=REASON),
    "POST /api/v1/service-orders/{pk}/cancel": Entry(kwargs=service_order, write=REASON),
    "POST /api/v1/service-orders/{pk}/assign": Entry(
        kwargs=service_order,
        write=lambda me, other: {"caregiver_pk": other.caregiver_record.pk},
    ),
    "POST /api/v1/service-orders/{pk}/unassign": Entry(kwargs=service_order, write=REASON),
    "POST /api/v1/service-orders/{pk}/check-in": Entry(kwargs=service_order, write=nothing),
    "POST /api/v1/service-orders/{pk}/check-out": Entry(kwargs=service_order, write=nothing),
    "POST /api/v1/service-orders/{pk}/confirm": Entry(
        kwargs=service_order, write=lambda me, other: {"rating": 5}
    ),
    "GET /api/v1/service-orders/{pk}/family-link": Entry(kwargs=service_order),
    "POST /api/v1/service-orders/{pk}/review": Entry(
        kwargs=service_order, write=lambda me, other: {"accept": True, "reason": "walk"}
    ),
    "GET /api/v1/care-plans/": Entry(queries=(nothing,)),
    "POST /api/v1/care-plans/": Entry(
        write=lambda me, other: {
            "elder_pk": other.elder.pk,
            "provider_pk": other.provider.pk,
            "item_code": "walk_clean",
            "weekdays": [1],
            "start_time": "09:00",
            "starts_on": "2026-11-24",
        }
    ),
    "GET /api/v1/settlements/": Entry(queries=(nothing,)),
    "POST /api/v1/settlements/": Entry(
        write=lambda me, other: {"provider_pk": other.provider.pk, "month": "2026-10-01"}
    ),
    "GET /api/v1/settlements/{pk}": Entry(kwargs=settlement),
    "POST /api/v1/settlements/{pk}/approve": Entry(kwargs=settlement, write=nothing),
    "GET /api/v1/settlements/{pk}/statement": Entry(kwargs=settlement),
    "homecare:elder_services": Entry(
        kwargs=elder,
        write=lambda me, other: {
            "kind": "order",
            "provider": other.provider.pk,
            "item": 1,
            "planned_start": "2026-11-24T09:00",
            "source": "clerk",
        },
    ),
    "homecare:settlement_list": Entry(queries=(nothing,)),
    "homecare:settlement_prepare": Entry(get=False, write=lambda me, other: {"month": "2026-10"}),
    "homecare:settlement_detail": Entry(kwargs=settlement),
    "homecare:settlement_approve": Entry(kwargs=settlement, get=False, write=nothing),
    "homecare:settlement_statement": Entry(kwargs=settlement),
    # --- home-service pages. The dispatch board and the caregiver's day belong to provider staff
    # and caregivers, which the walk's street clerks are not (403 on their own street, hence no
    # read here); tests/homecare/test_pages.py proves they show only the user's provider or visits.
    "homecare:order_list": Entry(queries=(nothing, lambda me, other: {"status": "checked_out"})),
    "homecare:review_queue": Entry(queries=(nothing,)),
    "homecare:order_detail": Entry(kwargs=service_order),
    "homecare:order_step": Entry(
        kwargs=service_order,
        get=False,
        write=lambda me, other: {"action": "review_reject", "reason": "walk"},
    ),
    "homecare:dispatch_board": Entry(get=False),
    "homecare:dispatch_assign": Entry(
        kwargs=service_order,
        get=False,
        write=lambda me, other: {"caregiver": other.caregiver_record.pk},
    ),
    "homecare:dayplan_step": Entry(
        get=False, write=lambda me, other: {"action": "plan", "day": "2026-11-23"}
    ),
    "homecare:dispatch_work_day": Entry(
        kwargs=caregiver_record,
        get=False,
        write=lambda me, other: {"shift_starts_at": "07:00", "shift_ends_at": "15:00"},
    ),
    "homecare:today": Entry(get=False),
    "homecare:today_changes": Entry(get=False),
    "homecare:notice_acknowledge": Entry(kwargs=plan_notice, get=False, write=nothing),
    # The family's confirmation page: the signed link is the permission (a bearer link to one
    # visit, no account); tests/homecare/test_family_link.py proves a forged or expired link
    # shows nothing and changes nothing.
    "homecare:family_confirm": Entry(public=True, kwargs=lambda side: {"token": "forged"}),
    "homecare:visit_check_in": Entry(kwargs=service_order, get=False, write=nothing),
    "homecare:visit_check_out": Entry(kwargs=service_order, get=False, write=nothing),
}
ACCESS.update(HOMECARE_ACCESS)

COMPLAINT_ACCESS: dict[str, Entry] = {
    # --- complaints and provider cases (issue 5): a street sees the cases of its region; the
    # walk's street clerks may file and reopen, so a write to the other street's resolved case
    # or visit would show. The manager's steps are the provider's (403 or 404 for a clerk).
    "GET /api/v1/provider-cases/": Entry(
        queries=(nothing, lambda me, other: {"status": "resolved", "source": "complaint"})
    ),
    "GET /api/v1/provider-cases/{pk}": Entry(kwargs=provider_case),
    "POST /api/v1/complaints/": Entry(write=COMPLAINT_BODY),
    "POST /api/v1/provider-cases/{pk}/acknowledge": Entry(
        kwargs=provider_case, write=lambda me, other: {"note": "walk"}
    ),
    "POST /api/v1/provider-cases/{pk}/contact": Entry(
        kwargs=provider_case, write=lambda me, other: {"note": "walk"}
    ),
    "POST /api/v1/provider-cases/{pk}/resolve": Entry(
        kwargs=provider_case,
        write=lambda me, other: {"outcome": "upheld", "resolution": "walk"},
    ),
    "POST /api/v1/provider-cases/{pk}/satisfaction": Entry(
        kwargs=provider_case, write=lambda me, other: {"satisfaction": "dissatisfied"}
    ),
    "POST /api/v1/provider-cases/{pk}/reopen": Entry(
        kwargs=provider_case, write=lambda me, other: {"reason": "walk"}
    ),
    "homecare:case_list": Entry(
        queries=(nothing, lambda me, other: {"status": "resolved", "source": "complaint"})
    ),
    "homecare:case_detail": Entry(kwargs=provider_case),
    "homecare:case_step": Entry(
        kwargs=provider_case,
        get=False,
        write=lambda me, other: {"action": "reopen", "reason": "walk"},
    ),
    "homecare:order_complaint": Entry(kwargs=service_order, write=COMPLAINT_FORM),
    "homecare:elder_complaint": Entry(kwargs=elder, write=COMPLAINT_FORM),
    # The family's complaint: the signed link is the permission, as for the confirmation.
    "homecare:family_complaint": Entry(
        public=True,
        get=False,
        kwargs=lambda side: {"token": "forged"},
        write=lambda me, other: {
            "category": "attitude",
            "text": "走查",
            "complainant_name": "走查",
        },
    ),
}
ACCESS.update(COMPLAINT_ACCESS)

SERVICEMAP_ACCESS: dict[str, Entry] = {
    # --- service map and circle: the own street and its community (another region is a 404,
    # tests/servicemap/test_pages.py); elders appear only as counts per community.
    "servicemap:map": Entry(queries=(nothing, own_street, own_community)),
    "servicemap:circle": Entry(queries=(nothing, own_street, own_community)),
    # Setting the circle's figures is the city's: a street clerk is refused (403).
    "servicemap:circle_policy": Entry(
        get=False,
        write=lambda me, other: {
            "effective_from": "2026-12-01",
            "minutes": "10",
            "walking_speed_kmh": "4",
            "detour_factor": "1.3",
            "facility_kinds": ["meal_point"],
        },
    ),
}
ACCESS.update(SERVICEMAP_ACCESS)

SCOPED_TABLES: list[type[models.Model]] = [
    Elder,
    ElderCategory,
    CategoryChange,
    Contact,
    TimelineEntry,
    DuplicateCandidate,
    ImportJob,
    ChangeRecord,
    AccessRecord,
    ApiToken,
    User,
    Region,
    AssessmentAgency,
    Assessor,
    AssessorTraining,
    RecheckRound,
    RecheckCase,
    Assessment,
    AssessmentEvent,
    Objection,
    Scale,
    Application,
    Entitlement,
    BankAccount,
    PaymentRun,
    PaymentRow,
    Finding,
    LedgerEntry,
    Institution,
    Filing,
    FilingDocument,
    FilingEvent,
    Room,
    Bed,
    Residency,
    ResidencyLeave,
    MedicalAgreement,
    GradeAssessment,
    Facility,
    Device,
    Alarm,
    AlarmEvent,
    ResponsePlan,
    PlanContact,
    HomeCareBed,
    BedMonthPlan,
    Provider,
    Employment,
    ServiceOrder,
    OrderEvent,
    VisitFlag,
    ElderAbsence,
    Caregiver,
    Certificate,
    TrainingRecord,
    Settlement,
    SettlementLine,
    ProviderCase,
    Complaint,
    CaseEvent,
    CarePlan,
    PlanNotice,
    Target,
    ManualReport,
    IndicatorSnapshot,
    BreakdownSnapshot,
    CirclePolicy,
]


# --- discovery ----------------------------------------------------------------------------------
