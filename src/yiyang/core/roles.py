"""Roles (DESIGN.md "Who uses it") and the capabilities each holds.

A capability is a dotted name checked by `require` and by each QuerySet's `visible_to`. The region
half of access comes from the user's home region; this table is the other half.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITY_ADMIN = "city_admin", _("City administrator")
    DISTRICT_STAFF = "district_staff", _("District staff")
    STREET_STAFF = "street_staff", _("Street staff")
    COMMUNITY_STAFF = "community_staff", _("Community staff")
    ASSESSOR = "assessor", _("Assessor")
    PROVIDER_STAFF = "provider_staff", _("Provider staff")
    CAREGIVER = "caregiver", _("Caregiver")
    INSTITUTION_STAFF = "institution_staff", _("Institution staff")
    ALARM_OPERATOR = "alarm_operator", _("Alarm-centre operator")
    VOLUNTEER = "volunteer", _("Volunteer")
    ELDER_OR_FAMILY = "elder_or_family", _("Elder or family")


REGISTRY_READ = frozenset({"registry.view_elder", "registry.export_elder"})
REGISTRY_WRITE = frozenset(
    {
        "registry.add_elder",
        "registry.change_elder",
        "registry.import_elders",
        "registry.propose_category",
        "registry.decide_category",
        "registry.merge_elders",
        "core.reveal_personal",
        "core.view_audit",
    }
)

ASSESSMENT_REQUEST = frozenset(
    {
        "assessment.view_assessment",
        "assessment.request_assessment",
        "assessment.record_objection",
    }
)
ASSESSMENT_MANAGE = ASSESSMENT_REQUEST | {
    "assessment.assign_assessment",
    "assessment.review_assessment",
    "assessment.decide_objection",
    "assessment.manage_agencies",
    "assessment.run_rechecks",
}

BENEFITS_READ = frozenset(
    {"benefits.view_program", "benefits.view_application", "benefits.view_paymentrun"}
)
BENEFITS_APPLY = frozenset(
    {"benefits.apply", "benefits.decide_application", "benefits.manage_accounts"}
)
# Streets compute their month and review its findings; districts and the city approve, send
# the bank file and correct the ledger (seed 000 §(五) 资金监管: two people for money).
BENEFITS_RUN = frozenset({"benefits.compute_run", "benefits.review_finding"})
BENEFITS_PAY = BENEFITS_RUN | {
    "benefits.approve_run",
    "benefits.export_run",
    "benefits.record_correction",
}

# Institutions (issue 6): streets and districts register institutions and take filings; the
# on-site check is the filing authority's (district and city); an institution's own staff read
# their institution and its filings only (InstitutionQuerySet.visible_to).
INSTITUTIONS_READ = frozenset({"institutions.view_institution", "institutions.view_filing"})
# Rooms, beds and residents are kept by the institution itself; district and city may correct them.
INSTITUTIONS_RESIDENTS = frozenset({"institutions.view_resident", "institutions.manage_beds"})
INSTITUTIONS_FILE = INSTITUTIONS_READ | {
    "institutions.add_filing",
    "institutions.view_resident",
    # Streets keep their community facilities' services and opening hours current.
    "institutions.manage_facilities",
}
INSTITUTIONS_CHECK = INSTITUTIONS_FILE | INSTITUTIONS_RESIDENTS | {"institutions.check_filing"}
# Telecare (issue 7): streets and districts install devices; operators of the alarm centre
# answer alarms of their region; the city edits the alarm rules.
TELECARE_READ = frozenset({"telecare.view_device", "telecare.view_alarm"})
TELECARE_DEVICES = TELECARE_READ | {"telecare.manage_devices"}
TELECARE_OPERATE = TELECARE_READ | {"telecare.handle_alarm", "registry.view_elder"}
# Home services (issue 5): officials see orders and providers of their region, review flagged
# visits and approve settlements; providers run their orders, caregivers their own visits.
HOMECARE_READ = frozenset(
    {"homecare.view_provider", "homecare.view_serviceorder", "workforce.view_caregiver"}
)
# Complaints (issue 5): clerks and hotline operators file them and follow the cases of their
# region; the provider's manager handles its cases; streets and above supervise (reopen).
HOMECARE_CLERK = HOMECARE_READ | {
    "homecare.request_order",
    "homecare.confirm_visit",
    "homecare.record_absence",
    "homecare.file_complaint",
    "homecare.view_case",
}
HOMECARE_REVIEW = HOMECARE_CLERK | {"homecare.review_visit", "homecare.supervise_case"}
HOMECARE_BUREAU = HOMECARE_REVIEW | {
    "homecare.manage_providers",
    "homecare.approve_settlement",
    "workforce.manage_caregivers",
}
HOMECARE_PROVIDER = HOMECARE_READ | {
    "homecare.view_case",
    "homecare.handle_case",
    "homecare.dispatch_order",
    "homecare.prepare_settlement",
    "workforce.manage_caregivers",
}
HOMECARE_CAREGIVER = frozenset(
    {"homecare.view_serviceorder", "homecare.perform_visit", "workforce.view_caregiver"}
)
# Statistics (issue 8): staff read their region's indicators; the city reports the figures the
# platform cannot count yet and sets the targets (seed 000 表1).
STATS_READ = frozenset({"stats.view_indicators"})
STATS_MANAGE = STATS_READ | {"stats.report_figures", "stats.manage_targets"}
# Service map and 15-minute circle (issue 8): staff see their region's map (elders only as
# counts per community); the city sets the circle's figures.
SERVICEMAP_READ = frozenset({"servicemap.view_map"})
SERVICEMAP_MANAGE = SERVICEMAP_READ | {"servicemap.manage_circle"}

CAPABILITIES: dict[str, frozenset[str]] = {
    Role.CITY_ADMIN: REGISTRY_READ
    | REGISTRY_WRITE
    | ASSESSMENT_MANAGE
    | BENEFITS_READ
    | BENEFITS_APPLY
    | BENEFITS_PAY
    | INSTITUTIONS_CHECK
    | TELECARE_DEVICES
    | STATS_MANAGE
    | SERVICEMAP_MANAGE
    | {
        "telecare.manage_rules",
        "core.manage_regions",
        "core.manage_users",
        # The statutory calendar (holidays, 调休) is entered once a year for the whole platform.
        "core.manage_calendar",
        "assessment.manage_scales",
        "benefits.manage_programs",
        "homecare.manage_catalog",
    }
    | HOMECARE_BUREAU,
    # Districts contract the assessment agencies, assign and review assessments (seed 000 §(一)1).
    Role.DISTRICT_STAFF: REGISTRY_READ
    | REGISTRY_WRITE
    | ASSESSMENT_MANAGE
    | BENEFITS_READ
    | BENEFITS_APPLY
    | BENEFITS_PAY
    | INSTITUTIONS_CHECK
    | TELECARE_DEVICES
    | HOMECARE_BUREAU
    | STATS_READ
    | SERVICEMAP_READ,
    Role.STREET_STAFF: REGISTRY_READ
    | REGISTRY_WRITE
    | ASSESSMENT_REQUEST
    | BENEFITS_READ
    | BENEFITS_APPLY
    | BENEFITS_RUN
    | INSTITUTIONS_FILE
    | TELECARE_DEVICES
    | HOMECARE_REVIEW
    | STATS_READ
    | SERVICEMAP_READ,
    # Community workers keep the registry current but do not approve money-moving categories
    # or merge records: those are street decisions.
    Role.COMMUNITY_STAFF: REGISTRY_READ
    | ASSESSMENT_REQUEST
    | BENEFITS_READ
    | BENEFITS_APPLY
    | HOMECARE_CLERK
    | STATS_READ
    | SERVICEMAP_READ
    | (REGISTRY_WRITE - {"registry.decide_category", "registry.merge_elders", "core.view_audit"}),
    # Assessors see and fill in only the cases assigned to them (AssessmentQuerySet.visible_to).
    Role.ASSESSOR: frozenset({"assessment.view_assessment", "assessment.conduct_assessment"}),
    Role.PROVIDER_STAFF: HOMECARE_PROVIDER,
    Role.CAREGIVER: HOMECARE_CAREGIVER,
    Role.INSTITUTION_STAFF: INSTITUTIONS_READ | INSTITUTIONS_RESIDENTS,
    Role.ALARM_OPERATOR: TELECARE_OPERATE,
    Role.VOLUNTEER: frozenset(),
    Role.ELDER_OR_FAMILY: frozenset(),
}
