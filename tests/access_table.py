"""The access table of the leak walk (tests/test_access_leaks.py): how to call every URL and API
operation for an object of either street, and which tables the walk watches for changes.

A new URL or operation gets its entry here; the walk fails until it has one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
from yiyang.core.models import AccessRecord, ApiToken, ChangeRecord, Region, User
from yiyang.registry.models import (
    CategoryChange,
    Contact,
    DuplicateCandidate,
    Elder,
    ElderCategory,
    ImportJob,
    TimelineEntry,
)
from yiyang.stats.models import IndicatorSnapshot, ManualReport, Target

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
    # --- core pages ---------------------------------------------------------------------------
    "core:home": Entry(queries=(nothing,)),
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
    # 28 indicators: more than a default page, so the walk asks for all of them.
    "GET /api/v1/indicators/": Entry(queries=(lambda me, other: {"limit": 100},)),
    "GET /api/v1/indicator-targets/": Entry(queries=(nothing,)),
    "GET /api/v1/indicator-values/": Entry(
        queries=(
            lambda me, other: {"month": "2026-11"},
            lambda me, other: {"month": "2026-11", "children": True},
            lambda me, other: {"month": "2026-11", "region": me.community},
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
    Target,
    ManualReport,
    IndicatorSnapshot,
]


# --- discovery ----------------------------------------------------------------------------------
