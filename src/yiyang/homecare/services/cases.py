"""Complaints and the provider's cases (issue 5): filing a complaint, a low rating's case, and
the manager's steps (acknowledge, contact, resolve), the complainant's satisfaction, and the
bureau's reopening. Every step is timestamped and attributed on the case's timeline
(`CaseEvent`) and audited, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.core.scoping import require
from yiyang.core.validators.phone import InvalidPhone, normalise_phone
from yiyang.homecare.choices import (
    CaseEventType,
    CaseOutcome,
    CaseSatisfaction,
    CaseSource,
    CaseStatus,
    ComplainantKind,
    ComplaintCategory,
    ComplaintChannel,
)
from yiyang.homecare.errors import ErrorCode, HomecareError
from yiyang.homecare.models import CaseEvent, Complaint, Provider, ProviderCase, ServiceOrder
from yiyang.homecare.services.common import _denied, policy_on, require_provider_staff
from yiyang.registry.models import Elder

FILE = "homecare.file_complaint"
HANDLE = "homecare.handle_case"
SUPERVISE = "homecare.supervise_case"


@dataclass(frozen=True)
class ComplaintData:
    """What the complainant says: who they are, how it reached us, what kind, in their words."""

    complainant_kind: str
    complainant_name: str
    channel: str
    category: str
    text: str
    phone: str = ""


def _invalid(message: str, field: str) -> HomecareError:
    return HomecareError(ErrorCode.COMPLAINT_INVALID, message, field=field)


def _checked(data: ComplaintData, *, elder: Elder | None, via_link: bool) -> ComplaintData:
    """The complaint's fields cleaned, or the first problem named by its field."""
    if data.complainant_kind not in ComplainantKind.values:
        raise _invalid(
            _("Say who complains: the elder, a family member or someone else."), "complainant_kind"
        )
    name = (data.complainant_name or "").strip()
    if not name and data.complainant_kind == ComplainantKind.ELDER and elder is not None:
        name = elder.name
    if not name:
        raise _invalid(_("Write the complainant's name."), "complainant_name")
    if len(name) > 50:
        raise _invalid(_("The name is at most 50 characters."), "complainant_name")
    phone = ""
    if (data.phone or "").strip():
        try:
            phone = normalise_phone(data.phone)
        except InvalidPhone:
            raise _invalid(
                _("Write the phone as a mobile (11 digits) or a landline with its area code."),
                "phone",
            ) from None
    channels = [ComplaintChannel.FAMILY_LINK] if via_link else ComplaintChannel.values
    if data.channel not in channels or (not via_link and data.channel == "family_link"):
        raise _invalid(_("Choose how the complaint reached you."), "channel")
    if data.category not in ComplaintCategory.values:
        raise _invalid(_("Choose what the complaint is about."), "category")
    text = (data.text or "").strip()
    if not text:
        raise _invalid(_("Write what happened."), "text")
    if len(text) > 2000:
        raise _invalid(_("The complaint is at most 2000 characters."), "text")
    return ComplaintData(data.complainant_kind, name, data.channel, data.category, text, phone)


def _event(case: ProviderCase, event_type: str, *, actor, note: str = "", data=None) -> None:
    CaseEvent.objects.create(
        case=case,
        event_type=event_type,
        actor=actor if getattr(actor, "pk", None) else None,
        note=note[:1000],
        data=data or {},
        created_at=timezone.now(),
    )


def _open(
    provider: Provider,
    *,
    order: ServiceOrder | None,
    region_code: str,
    source: str,
    reason: str,
    actor,
    complaint: Complaint | None = None,
) -> ProviderCase:
    """Open a case with the deadlines of the policy in force today (inside the caller's
    transaction)."""
    policy = policy_on(timezone.localdate())
    case = ProviderCase.objects.create(
        provider=provider,
        order=order,
        source=source,
        complaint=complaint,
        region_id=region_code,
        reason=reason[:500],
        acknowledge_working_days=policy.complaint_acknowledge_working_days,
        resolve_working_days=policy.complaint_resolve_working_days,
        opened_at=timezone.now(),
    )
    _event(case, CaseEventType.OPENED, actor=actor, note=reason, data={"source": source})
    audit.record_change(
        case,
        actor=actor,
        action="create",
        fields=["provider", "order", "source", "status", "reason"],
        region_code=region_code,
    )
    return case


def open_rating_case(order: ServiceOrder, *, rating: int, comment: str, actor) -> ProviderCase:
    """Open the case of a low rating (inside the confirmation's transaction)."""
    reason = _("Rated {rating} of 5: {comment}").format(rating=rating, comment=comment or "-")
    return _open(
        order.provider,
        order=order,
        region_code=order.elder.residence_region_id,
        source=CaseSource.LOW_RATING,
        reason=reason,
        actor=actor,
    )


def _record(
    provider: Provider,
    data: ComplaintData,
    *,
    order: ServiceOrder | None,
    elder: Elder | None,
    region_code: str,
    actor,
) -> ProviderCase:
    complaint = Complaint.objects.create(
        provider=provider,
        order=order,
        elder=elder,
        region_id=region_code,
        complainant_kind=data.complainant_kind,
        complainant_name=data.complainant_name,
        phone=data.phone,
        channel=data.channel,
        category=data.category,
        text=data.text,
        filed_by=actor if getattr(actor, "pk", None) else None,
        filed_at=timezone.now(),
    )
    audit.record_change(
        complaint,
        actor=actor,
        action="create",
        fields=["provider", "order", "elder", "complainant_kind", "phone", "channel", "category"],
        region_code=region_code,
    )
    return _open(
        provider,
        order=order,
        region_code=region_code,
        source=CaseSource.COMPLAINT,
        reason=data.text,
        actor=actor,
        complaint=complaint,
    )


def file_complaint(
    provider: Provider,
    *,
    data: ComplaintData,
    order: ServiceOrder | None = None,
    elder: Elder | None = None,
    actor,
) -> ProviderCase:
    """A clerk or hotline operator files a complaint about a visit or about the provider; it
    opens a case for the provider's manager.

    The case lies in the elder's community; a complaint about no elder lies where it was
    received (the clerk's region), so the street that took it follows it.
    """
    if order is not None:
        if order.provider_id != provider.pk:
            raise _invalid(_("The visit was made by another provider."), "order")
        elder = order.elder
    region_code = elder.residence_region_id if elder is not None else actor.region_id
    region_code = region_code or provider.region_id
    require(actor, FILE, region_code)
    data = _checked(data, elder=elder, via_link=False)
    with transaction.atomic():
        return _record(
            provider, data, order=order, elder=elder, region_code=region_code, actor=actor
        )


def file_complaint_from_link(order: ServiceOrder, *, data: ComplaintData) -> ProviderCase:
    """The family complains about the visit its signed link names (services/family.py checks
    the link). The same words sent twice (a double tap) file one complaint."""
    data = _checked(data, elder=order.elder, via_link=True)
    with transaction.atomic():
        earlier = (
            Complaint.objects.select_related("case")  # scoped: the signed link names the order
            .filter(order=order, channel=ComplaintChannel.FAMILY_LINK, text=data.text)
            .first()
        )
        if earlier is not None:
            return earlier.case
        return _record(
            order.provider,
            data,
            order=order,
            elder=order.elder,
            region_code=order.elder.residence_region_id,
            actor=None,
        )


def _require_manager(actor, case: ProviderCase) -> None:
    """Only the provider's manager handles its cases (ProviderStaff.is_manager)."""
    require_provider_staff(actor, case.provider, HANDLE)
    membership = getattr(actor, "provider_membership", None)
    if not actor.is_superuser and not (membership and membership.is_manager):
        raise _denied()


def _locked(case: ProviderCase) -> ProviderCase:
    return ProviderCase.objects.select_for_update().get(pk=case.pk)


def _wrong_status(case: ProviderCase, message: str) -> HomecareError:
    return HomecareError(ErrorCode.CASE_WRONG_STATUS, message, field="status")


def _required(value: str, message: str, field: str) -> str:
    text = (value or "").strip()
    if not text:
        raise HomecareError(ErrorCode.CASE_INVALID, message, field=field)
    return text


def _save(case: ProviderCase, before: dict, fields: list[str], *, actor, reason: str = "") -> None:
    case.save(update_fields=fields)
    audit.record_change(
        case, actor=actor, action="update", before=before, reason=reason, region_code=case.region_id
    )


def acknowledge_case(case: ProviderCase, *, note: str, actor) -> ProviderCase:
    """The manager takes the case on, saying what happens next."""
    _require_manager(actor, case)
    note = _required(note, _("Write a note: what happens next."), "note")
    with transaction.atomic():
        case = _locked(case)
        if case.status != CaseStatus.OPEN:
            raise _wrong_status(case, _("This case is acknowledged already."))
        before = audit.snapshot(case, ["status", "acknowledged_at", "acknowledged_by"])
        case.status = CaseStatus.ACKNOWLEDGED
        case.acknowledged_at = timezone.now()
        case.acknowledged_by = actor
        _save(case, before, ["status", "acknowledged_at", "acknowledged_by"], actor=actor)
        _event(case, CaseEventType.ACKNOWLEDGED, actor=actor, note=note)
    return case


def record_contact(case: ProviderCase, *, note: str, actor) -> ProviderCase:
    """The manager records talking with the complainant (or the elder or family)."""
    _require_manager(actor, case)
    note = _required(note, _("Write what was said."), "note")
    with transaction.atomic():
        case = _locked(case)
        if case.status == CaseStatus.RESOLVED:
            raise _wrong_status(case, _("This case is resolved."))
        _event(case, CaseEventType.CONTACTED, actor=actor, note=note)
        # Nothing on the case changes: the audit keeps the step itself, with what was said.
        audit.record_change(
            case, actor=actor, action="contact", fields=["status"], reason=note,
            region_code=case.region_id,
        )  # fmt: skip
    return case


def resolve_case(
    case: ProviderCase, *, outcome: str, resolution: str, satisfaction: str = "", actor
) -> ProviderCase:
    """The manager resolves an acknowledged case: the outcome and what was done, and the
    complainant's satisfaction when already known."""
    _require_manager(actor, case)
    if outcome not in CaseOutcome.values:
        raise HomecareError(
            ErrorCode.CASE_INVALID,
            _("Choose whether the complaint was justified."),
            field="outcome",
        )
    resolution = _required(resolution, _("Say what was done."), "resolution")
    if satisfaction and satisfaction not in CaseSatisfaction.values:
        raise HomecareError(
            ErrorCode.CASE_INVALID,
            _("Choose the complainant's satisfaction."),
            field="satisfaction",
        )
    with transaction.atomic():
        case = _locked(case)
        if case.status == CaseStatus.OPEN:
            raise _wrong_status(case, _("Acknowledge the case first."))
        if case.status == CaseStatus.RESOLVED:
            raise _wrong_status(case, _("This case is resolved already."))
        fields = ["status", "outcome", "resolution", "resolved_at", "resolved_by", "satisfaction"]
        before = audit.snapshot(case, fields)
        case.status = CaseStatus.RESOLVED
        case.outcome = outcome
        case.resolution = resolution[:1000]
        case.resolved_at = timezone.now()
        case.resolved_by = actor
        case.satisfaction = satisfaction
        _save(case, before, fields, actor=actor)
        data = {"outcome": outcome} | ({"satisfaction": satisfaction} if satisfaction else {})
        _event(case, CaseEventType.RESOLVED, actor=actor, note=resolution, data=data)
    return case


def record_satisfaction(
    case: ProviderCase, *, satisfaction: str, note: str = "", actor
) -> ProviderCase:
    """Record how satisfied the complainant is with the handling (a return call by the manager
    or the bureau), once the case is resolved."""
    if actor.has_capability(SUPERVISE) and not getattr(actor, "provider_membership", None):
        require(actor, SUPERVISE, case.region_id)
    else:
        _require_manager(actor, case)
    if satisfaction not in CaseSatisfaction.values:
        raise HomecareError(
            ErrorCode.CASE_INVALID,
            _("Choose the complainant's satisfaction."),
            field="satisfaction",
        )
    with transaction.atomic():
        case = _locked(case)
        if case.status != CaseStatus.RESOLVED:
            raise _wrong_status(case, _("Satisfaction is asked once the case is resolved."))
        before = audit.snapshot(case, ["satisfaction"])
        case.satisfaction = satisfaction
        _save(case, before, ["satisfaction"], actor=actor, reason=note)
        _event(
            case,
            CaseEventType.SATISFACTION,
            actor=actor,
            note=(note or "").strip(),
            data={"satisfaction": satisfaction},
        )
    return case


def reopen_case(case: ProviderCase, *, reason: str, actor) -> ProviderCase:
    """The bureau reopens a resolved case with its reason: a new cycle starts today, with the
    deadlines of the policy in force today, and the manager acknowledges and resolves it again
    (the earlier steps stay on the timeline)."""
    require(actor, SUPERVISE, case.region_id)
    reason = _required(reason, _("Give the reason for reopening."), "reason")
    policy = policy_on(timezone.localdate())
    with transaction.atomic():
        case = _locked(case)
        if case.status != CaseStatus.RESOLVED:
            raise _wrong_status(case, _("Only a resolved case can be reopened."))
        fields = [
            "status", "reopened_at", "acknowledged_at", "acknowledged_by", "outcome",
            "resolution", "resolved_at", "resolved_by", "satisfaction",
            "acknowledge_working_days", "resolve_working_days",
        ]  # fmt: skip
        before = audit.snapshot(case, fields)
        case.status = CaseStatus.OPEN
        case.reopened_at = timezone.now()
        case.acknowledged_at = case.acknowledged_by = None
        case.resolved_at = case.resolved_by = None
        case.outcome = case.resolution = case.satisfaction = ""
        case.acknowledge_working_days = policy.complaint_acknowledge_working_days
        case.resolve_working_days = policy.complaint_resolve_working_days
        _save(case, before, fields, actor=actor, reason=reason)
        _event(case, CaseEventType.REOPENED, actor=actor, note=reason)
    return case
