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

# Statistics (issue 8): staff read their region's indicators; the city reports the figures the
# platform cannot count yet and sets the targets (seed 000 表1).
STATS_READ = frozenset({"stats.view_indicators"})
STATS_MANAGE = STATS_READ | {"stats.report_figures", "stats.manage_targets"}

CAPABILITIES: dict[str, frozenset[str]] = {
    Role.CITY_ADMIN: REGISTRY_READ
    | REGISTRY_WRITE
    | ASSESSMENT_MANAGE
    | BENEFITS_READ
    | BENEFITS_APPLY
    | BENEFITS_PAY
    | STATS_MANAGE
    | {
        "core.manage_regions",
        "core.manage_users",
        "assessment.manage_scales",
        "benefits.manage_programs",
    },
    # Districts contract the assessment agencies, assign and review assessments (seed 000 §(一)1).
    Role.DISTRICT_STAFF: REGISTRY_READ
    | REGISTRY_WRITE
    | ASSESSMENT_MANAGE
    | BENEFITS_READ
    | BENEFITS_APPLY
    | BENEFITS_PAY
    | STATS_READ,
    Role.STREET_STAFF: REGISTRY_READ
    | REGISTRY_WRITE
    | ASSESSMENT_REQUEST
    | BENEFITS_READ
    | BENEFITS_APPLY
    | BENEFITS_RUN
    | STATS_READ,
    # Community workers keep the registry current but do not approve money-moving categories
    # or merge records: those are street decisions.
    Role.COMMUNITY_STAFF: REGISTRY_READ
    | ASSESSMENT_REQUEST
    | BENEFITS_READ
    | BENEFITS_APPLY
    | STATS_READ
    | (REGISTRY_WRITE - {"registry.decide_category", "registry.merge_elders", "core.view_audit"}),
    # Assessors see and fill in only the cases assigned to them (AssessmentQuerySet.visible_to).
    Role.ASSESSOR: frozenset({"assessment.view_assessment", "assessment.conduct_assessment"}),
    Role.PROVIDER_STAFF: frozenset(),
    Role.CAREGIVER: frozenset(),
    Role.INSTITUTION_STAFF: frozenset(),
    Role.ALARM_OPERATOR: frozenset(),
    Role.VOLUNTEER: frozenset(),
    Role.ELDER_OR_FAMILY: frozenset(),
}
