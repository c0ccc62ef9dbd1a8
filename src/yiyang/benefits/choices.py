"""Choices of the benefits module (GLOSSARY.md names; labels translated)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgramKind(models.TextChoices):
    CASH_ALLOWANCE = "cash_allowance", _("Cash allowance")
    SERVICE_VOUCHER = "service_voucher", _("Service voucher or hours")
    MEAL_SUBSIDY = "meal_subsidy", _("Meal subsidy")
    GRANT = "grant", _("One-off or scheduled grant")


class ProgramUnit(models.TextChoices):
    """What a programme credits: money, or service time for a service-hours voucher (seed 002:
    "每人每天提供不少于1小时的服务"). The ledger keeps each in its own column."""

    FEN = "fen", _("Money (fen)")
    MINUTE = "minute", _("Service time (minutes)")


class CreditExpiry(models.TextChoices):
    """How long a voucher programme's monthly credit stays spendable (a version's
    `credit_expiry`; which one a city uses is local policy, unverified)."""

    NEVER = "never", _("Never expires")
    MONTH_END = "month_end", _("At the end of its month")
    YEAR_END = "year_end", _("At the end of its year")
    MONTHS = "months", _("After a number of months")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class ApprovalLevel(models.TextChoices):
    """Who decides an application, in order (seed 000: 社区初审、街道审核、区县审批)."""

    COMMUNITY = "community", _("Community check")
    STREET = "street", _("Street approval")
    DISTRICT = "district", _("District confirmation")


# The region level (RegionLevel) whose staff decide each step.
APPROVAL_REGION_LEVEL: dict[str, int] = {
    ApprovalLevel.COMMUNITY: 5,
    ApprovalLevel.STREET: 4,
    ApprovalLevel.DISTRICT: 3,
}


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Under review")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ApplicantKind(models.TextChoices):
    ELDER = "elder", _("The elder")
    FAMILY = "family", _("Family member")
    CLERK = "clerk", _("Clerk on the elder's behalf")


class StepDecision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class EntitlementStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    STOPPED = "stopped", _("Stopped")


class StopReason(models.TextChoices):
    """Why an entitlement or payment stops (domain-rules.md §5.1, Linkou's stop reasons)."""

    DECEASED = "deceased", _("Deceased")
    MOVED_OUT = "moved_out", _("Moved out of the region")
    NO_LONGER_ELIGIBLE = "no_longer_eligible", _("No longer eligible")
    DUPLICATE = "duplicate", _("Receiving it twice")
    DECLINED = "declined", _("Declined by the elder")
    POLICY_CHANGE = "policy_change", _("Policy change")
    OTHER = "other", _("Other")


class RunStatus(models.TextChoices):
    COMPUTED = "computed", _("Computed")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    CANCELLED = "cancelled", _("Cancelled")


class RowChange(models.TextChoices):
    """How a row of a payment run differs from last month."""

    NEW = "new", _("New")
    CONTINUED = "continued", _("Unchanged")
    CHANGED = "changed", _("Amount changed")
    STOPPED = "stopped", _("Stopped")
    RECOVERY = "recovery", _("Overpayment to recover")


class LedgerKind(models.TextChoices):
    PAYMENT = "payment", _("Monthly payment")
    ARREARS = "arrears", _("Arrears")
    RECOVERY = "recovery", _("Recovery of overpayment")
    CORRECTION = "correction", _("Correction")
    SERVICE_USE = "service_use", _("Spent on services")
    EXPIRY = "expiry", _("Expired unspent")


class CheckCode(models.TextChoices):
    """Fund supervision checks (资金监管, seed 000) run on every payment run."""

    PAID_AFTER_DEATH = "paid_after_death", _("Paid after the date of death")
    PAID_TWICE = "paid_twice", _("Same identity number paid twice this month")
    ABOVE_CAP = "above_cap", _("Amount above the programme's cap")
    NO_VALID_ASSESSMENT = "no_valid_assessment", _("No valid ability assessment")
    EXCLUDED_PROGRAM = "excluded_program", _("Also paid by an excluding programme")
    NO_BANK_ACCOUNT = "no_bank_account", _("No bank account on record")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("To review")
    HELD = "held", _("Payment held")
    CONFIRMED = "confirmed", _("Payment confirmed")


class Reason(models.TextChoices):
    """Why a rule gave the amount it gave (eligibility.decide's reason codes)."""

    ELIGIBLE = "eligible", _("Eligible")
    DECEASED = "deceased", _("Deceased before the month")
    MOVED_OUT = "moved_out", _("Moved out before the month")
    OUTSIDE_REGION = "outside_region", _("Outside the programme's region")
    TOO_YOUNG = "too_young", _("Below the age bracket")
    TOO_OLD = "too_old", _("Above the age bracket")
    MISSING_CATEGORY = "missing_category", _("Does not hold a required category")
    EXCLUDED_CATEGORY = "excluded_category", _("Holds an excluded category")
    ABILITY_LEVEL = "ability_level", _("Ability level outside the programme's levels")
    NO_ASSESSMENT = "no_assessment", _("No ability assessment")
    CONCENTRATED_SUPPORT = "concentrated_support", _("Under concentrated support in an institution")
    EXCLUDED_PROGRAM = "excluded_program", _("Receives an excluding programme")
    NO_BRACKET = "no_bracket", _("No amount bracket fits")
    NO_ENTITLEMENT = "no_entitlement", _("No approved application for the month")
    HELD = "held", _("Payment held last month")
