"""Choices of the home-services module (GLOSSARY.md names; labels translated)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProviderKind(models.TextChoices):
    COMPANY = "company", _("Company")
    SOCIAL_ORGANISATION = "social_organisation", _("Social organisation")
    INSTITUTION = "institution", _("Care institution")
    COMMUNITY_CENTRE = "community_centre", _("Community care centre")


class ProviderStatus(models.TextChoices):
    ACTIVE = "active", _("Under contract")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", _("Contract ended")


class ServiceCategory(models.TextChoices):
    """服务项目 categories (GLOSSARY.md `ServiceItem`; seed 000 §(四)2)."""

    MEAL = "meal", _("Meal help")
    CLEANING = "cleaning", _("Cleaning")
    BATHING = "bathing", _("Bathing")
    MOBILITY = "mobility", _("Mobility help")
    MEDICAL_ESCORT = "medical_escort", _("Medical escort")
    EMERGENCY = "emergency", _("Emergency help")
    REHAB = "rehab", _("Rehabilitation")
    NURSING = "nursing", _("Nursing care")
    CARING_VISIT = "caring_visit", _("Caring visit")
    COMPANIONSHIP = "companionship", _("Companionship")


class ServiceUnit(models.TextChoices):
    VISIT = "visit", _("per visit")
    HOUR = "hour", _("per hour")
    MEAL = "meal", _("per meal")


class OrderSource(models.TextChoices):
    CLERK = "clerk", _("Clerk")
    HOTLINE = "hotline", _("Hotline")
    ELDER_OR_FAMILY = "elder_or_family", _("Elder or family")
    CARE_PLAN = "care_plan", _("Care plan")


class OrderStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted by provider")
    ASSIGNED = "assigned", _("Assigned to caregiver")
    CHECKED_IN = "checked_in", _("Checked in")
    CHECKED_OUT = "checked_out", _("Checked out")
    CONFIRMED = "confirmed", _("Confirmed")
    SETTLED = "settled", _("Settled")
    CANCELLED = "cancelled", _("Cancelled")
    REFUSED = "refused", _("Refused")


class OrderEventType(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")
    ASSIGNED = "assigned", _("Assigned")
    UNASSIGNED = "unassigned", _("Unassigned")
    CHECKED_IN = "checked_in", _("Checked in")
    CHECKED_OUT = "checked_out", _("Checked out")
    SECOND_CHECKED_IN = "second_checked_in", _("Second caregiver checked in")
    SECOND_CHECKED_OUT = "second_checked_out", _("Second caregiver checked out")
    CONFIRMED = "confirmed", _("Confirmed")
    AUTO_CONFIRMED = "auto_confirmed", _("Confirmed automatically")
    CANCELLED = "cancelled", _("Cancelled")
    REVIEWED = "reviewed", _("Reviewed")
    SETTLED = "settled", _("Settled")


class FlagKind(models.TextChoices):
    """Why a visit goes to the review queue (issue 5 EVV)."""

    TOO_SHORT = "too_short", _("Too short for the item")
    FAR_FROM_HOME = "far_from_home", _("Checked in far from the elder's home")
    OVERLAP = "overlap", _("Overlaps another visit of the caregiver")
    ELDER_DECEASED = "elder_deceased", _("Elder deceased")
    ELDER_IN_HOSPITAL = "elder_in_hospital", _("Elder in hospital")
    AUTO_CONFIRMED = "auto_confirmed", _("Not confirmed by the elder or family")


class ReviewStatus(models.TextChoices):
    NONE = "", _("No review needed")
    PENDING = "pending", _("Waiting for review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class AbsenceKind(models.TextChoices):
    HOSPITAL = "hospital", _("In hospital")
    AWAY = "away", _("Away from home")


class SettlementStatus(models.TextChoices):
    DRAFT = "draft", _("Prepared")
    APPROVED = "approved", _("Approved by the bureau")


class CaseStatus(models.TextChoices):
    """A provider case's life: opened, acknowledged by the manager, resolved; the bureau may
    reopen a resolved case (back to open, with new deadlines)."""

    OPEN = "open", pgettext_lazy("provider case", "Open")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("provider case", "Acknowledged")
    RESOLVED = "resolved", pgettext_lazy("provider case", "Resolved")


class CaseSource(models.TextChoices):
    LOW_RATING = "low_rating", _("Low rating")
    COMPLAINT = "complaint", _("Complaint")


class CaseEventType(models.TextChoices):
    OPENED = "opened", _("Opened")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("provider case", "Acknowledged")
    CONTACTED = "contacted", _("Complainant contacted")
    RESOLVED = "resolved", pgettext_lazy("provider case", "Resolved")
    SATISFACTION = "satisfaction", _("Satisfaction recorded")
    REOPENED = "reopened", _("Reopened")


class CaseOutcome(models.TextChoices):
    UPHELD = "upheld", _("Justified")
    PARTLY_UPHELD = "partly_upheld", _("Partly justified")
    NOT_UPHELD = "not_upheld", _("Not justified")


class CaseSatisfaction(models.TextChoices):
    """The complainant's view of how the case was handled (回访满意度)."""

    SATISFIED = "satisfied", _("Satisfied")
    PARTLY_SATISFIED = "partly_satisfied", _("Partly satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class ComplainantKind(models.TextChoices):
    ELDER = "elder", _("The elder")
    FAMILY = "family", _("A family member")
    OTHER = "other", _("Someone else")


class ComplaintChannel(models.TextChoices):
    HOTLINE = "hotline", _("Hotline 12349")
    IN_PERSON = "in_person", _("In person")
    FAMILY_LINK = "family_link", _("Family link")
    OTHER = "other", _("Other")


class ComplaintCategory(models.TextChoices):
    LATE_OR_NO_SHOW = "late_or_no_show", _("Late or did not come")
    ATTITUDE = "attitude", _("Attitude")
    QUALITY = "quality", _("Quality of the service")
    CHARGING = "charging", _("Charging")
    SAFETY = "safety", _("Safety")
    OTHER = "other", _("Other")


class DayPlanStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    SUPERSEDED = "superseded", _("Superseded")


class UnplacedReason(models.TextChoices):
    """Why the day plan left a visit out (issue 9)."""

    NO_SKILL = "no_skill", _("No caregiver of the day is qualified for this item.")
    UNREACHABLE = (
        "unreachable",
        _(
            "No qualified caregiver can reach it inside its window and be back by the end of her shift."
        ),
    )
    NO_ROOM = "no_room", _("No qualified caregiver has room for it in her day.")
    LOCKED_UNFIT = (
        "locked_unfit",
        _("The caregiver it is locked to cannot reach it inside its window."),
    )
    PASSED = "passed", _("Its window has passed.")
    NO_TEAM = (
        "no_team",
        _(
            "It needs two caregivers: no two qualified caregivers with a common shift can go together."
        ),
    )
    NO_LOCATION = "no_location", _("The order has no home location: record it to plan the visit.")


class TravelMode(models.TextChoices):
    """How a caregiver gets from one elder to the next (issue 9: speeds are the policy's)."""

    WALKING = "walking", _("On foot")
    EBIKE = "ebike", _("E-bike")
    CAR = "car", _("Car")


class NoticeCause(models.TextChoices):
    """What changed a caregiver's round, as her notice says (issue 9)."""

    PLAN_ACCEPTED = "plan_accepted", _("The dispatcher accepted a new plan of the day.")
    ASSIGNED = "assigned", _("The dispatcher gave you a visit.")
    UNASSIGNED = "unassigned", _("The dispatcher took a visit back.")
    CANCELLED = "cancelled", _("A visit was cancelled.")
