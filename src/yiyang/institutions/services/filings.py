"""Filing (备案): a clerk files a new institution, a change or a closure; the on-site check is due
`check_working_days` working days after the filing day on the statutory calendar (the filing day
not counted); documents are uploaded against the policy's checklist; the check is recorded."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.core.calendar import CalendarUnknown, add_working_days
from yiyang.core.models import Region
from yiyang.core.scoping import can_reach, require
from yiyang.core.validators.credit_code import InvalidCreditCode, parse_credit_code
from yiyang.institutions.choices import (
    CheckResult,
    FilingEventType,
    FilingKind,
    FilingStatus,
    InstitutionKind,
    InstitutionStatus,
    LegalForm,
    Ownership,
)
from yiyang.institutions.errors import ErrorCode, InstitutionError
from yiyang.institutions.models import (
    Filing,
    FilingDocument,
    FilingEvent,
    Institution,
    InstitutionPolicy,
)

FILE = "institutions.add_filing"
CHECK = "institutions.check_filing"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
INSTITUTION_FIELDS = [
    "name",
    "credit_code",
    "ownership",
    "legal_form",
    "kind",
    "region",
    "address",
    "latitude",
    "longitude",
    "operator",
    "contact_name",
    "contact_phone",
    "fire_safety_accepted",
    "liability_insured_until",
    "price_min_fen",
    "price_max_fen",
    "status",
]


def _required(value: Any, field: str) -> str:
    text = (value or "").strip()
    if not text:
        raise InstitutionError(ErrorCode.REQUIRED, _("This field is required."), field=field)
    return text


def _choice(value: str, choices: type, field: str) -> str:
    if value not in choices.values:  # type: ignore[attr-defined]
        raise InstitutionError(
            ErrorCode.CHOICE_INVALID, _("Choose one of the listed values."), field=field
        )
    return value


def _filed_on(filed_on: date) -> date:
    if filed_on > timezone.localdate():
        raise InstitutionError(
            ErrorCode.DATE_INVALID, _("The filing day cannot be in the future."), field="filed_on"
        )
    return filed_on


def _coordinate(value: Any, low: int, high: int, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    number = Decimal(str(value))
    if not low <= number <= high:
        raise InstitutionError(
            ErrorCode.COORDINATE_INVALID, _("The coordinate is out of range."), field=field
        )
    return number


def check_due_on(filed_on: date, working_days: int) -> date:
    """The day the on-site check is due; a year the calendar does not know is refused."""
    try:
        return add_working_days(filed_on, working_days)
    except CalendarUnknown as error:
        raise InstitutionError(
            ErrorCode.CALENDAR_UNKNOWN,
            _(
                "The statutory holiday calendar for {year} is not published yet, so the check's due date cannot be set; a city administrator must enter and publish {year} from the State Council notice."
            ).format(year=error.year),
            field="filed_on",
        ) from None


def _open_filing(
    institution: Institution, *, kind: str, filed_on: date, note: str, actor
) -> Filing:
    policy = InstitutionPolicy.objects.in_force(filed_on)
    filing = Filing.objects.create(
        institution=institution,
        kind=kind,
        filed_on=filed_on,
        check_working_days=policy.check_working_days,
        check_due_on=check_due_on(filed_on, policy.check_working_days),
        required_documents=list(policy.required_documents),
        note=(note or "").strip()[:500],
        submitted_by=actor,
    )
    FilingEvent.objects.create(
        filing=filing,
        type=FilingEventType.SUBMITTED,
        actor=actor,
        note=filing.note,
        data={"kind": kind, "check_due_on": filing.check_due_on.isoformat()},
    )
    audit.record_change(
        filing,
        actor=actor,
        action="create",
        fields=["institution", "kind", "filed_on", "check_working_days", "check_due_on"],
        region_code=institution.region_id,
    )
    return filing


def file_new_institution(*, data: dict[str, Any], filed_on: date, actor) -> Filing:
    """Register an institution from its filing; its on-site check becomes due."""
    region_code = _required(data.get("region_code"), "region_code")
    if not can_reach(actor, region_code, FILE):
        require(actor, FILE)  # no capability at all: 403
        raise InstitutionError(
            ErrorCode.REGION_OUT_OF_SCOPE,
            _("The region is outside your area."),
            field="region_code",
        )
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        raise InstitutionError(
            ErrorCode.REGION_OUT_OF_SCOPE, _("No such region."), field="region_code"
        )
    try:
        credit_code = parse_credit_code(data.get("credit_code"))
    except InvalidCreditCode:
        raise InstitutionError(
            ErrorCode.CREDIT_CODE_INVALID,
            _("The unified social credit code is not valid (GB 32100)."),
            field="credit_code",
        ) from None
    institution = Institution(
        name=_required(data.get("name"), "name")[:100],
        credit_code=credit_code,
        ownership=_choice(data.get("ownership", ""), Ownership, "ownership"),
        legal_form=_choice(data.get("legal_form", ""), LegalForm, "legal_form"),
        kind=_choice(data.get("kind", ""), InstitutionKind, "kind"),
        region=region,
        address=_required(data.get("address"), "address")[:200],
        latitude=_coordinate(data.get("latitude"), -90, 90, "latitude"),
        longitude=_coordinate(data.get("longitude"), -180, 180, "longitude"),
        operator=(data.get("operator") or "").strip()[:100],
        contact_name=_required(data.get("contact_name"), "contact_name")[:50],
        contact_phone=_required(data.get("contact_phone"), "contact_phone")[:20],
        fire_safety_accepted=bool(data.get("fire_safety_accepted")),
        liability_insured_until=data.get("liability_insured_until"),
        price_min_fen=data.get("price_min_fen"),
        price_max_fen=data.get("price_max_fen"),
        status=InstitutionStatus.FILED,
        created_by=actor,
    )
    low, high = institution.price_min_fen, institution.price_max_fen
    if (low is not None and low < 0) or (high is not None and (high < 0 or (low or 0) > high)):
        raise InstitutionError(
            ErrorCode.CHOICE_INVALID,
            _("The price range must run from the lower to the higher amount."),
            field="price_max_fen",
        )
    filed_on = _filed_on(filed_on)
    with transaction.atomic():
        if Institution.objects.filter(credit_code=credit_code).exists():
            raise InstitutionError(
                ErrorCode.CREDIT_CODE_TAKEN,
                _("An institution with this credit code is already filed."),
                field="credit_code",
            )
        institution.save()
        audit.record_change(
            institution,
            actor=actor,
            action="create",
            fields=INSTITUTION_FIELDS,
            region_code=region.code,
        )
        return _open_filing(
            institution,
            kind=FilingKind.NEW,
            filed_on=filed_on,
            note=data.get("note", ""),
            actor=actor,
        )


def file_change(institution: Institution, *, kind: str, filed_on: date, note: str, actor) -> Filing:
    """A change of filed items, or the institution's closure; checked like a new filing."""
    require(actor, FILE, institution.region_id)
    if kind not in (FilingKind.CHANGE, FilingKind.CLOSURE):
        raise InstitutionError(
            ErrorCode.CHOICE_INVALID, _("Choose a change or a closure."), field="kind"
        )
    _required(note, "note")
    filed_on = _filed_on(filed_on)
    with transaction.atomic():
        locked = Institution.objects.select_for_update().get(pk=institution.pk)
        if locked.status == InstitutionStatus.CLOSED:
            raise InstitutionError(
                ErrorCode.INSTITUTION_CLOSED, _("The institution is closed."), field=None
            )
        if locked.filings.awaiting_check().exists():
            raise InstitutionError(
                ErrorCode.FILING_OPEN,
                _("A filing of this institution still awaits its on-site check."),
                field=None,
            )
        return _open_filing(locked, kind=kind, filed_on=filed_on, note=note, actor=actor)


def add_document(filing: Filing, *, code: str, upload: File, actor) -> FilingDocument:
    """Upload one document of the filing's checklist (a later upload of a code replaces none:
    both are kept, the checklist counts the code as provided)."""
    require(actor, FILE, filing.institution.region_id)
    codes = {item["code"] for item in filing.required_documents}
    if code not in codes:
        raise InstitutionError(
            ErrorCode.CHOICE_INVALID, _("Choose a document of the checklist."), field="code"
        )
    if upload.size is None or upload.size == 0 or upload.size > MAX_UPLOAD_BYTES:
        raise InstitutionError(
            ErrorCode.REQUIRED, _("The file is empty or larger than 20 MB."), field="file"
        )
    with transaction.atomic():
        document = FilingDocument.objects.create(
            filing=filing, code=code, file=upload, uploaded_by=actor
        )
        FilingEvent.objects.create(
            filing=filing,
            type=FilingEventType.DOCUMENT_ADDED,
            actor=actor,
            data={"code": code},
        )
        audit.record_change(
            filing,
            actor=actor,
            action="add_document",
            fields=[],
            reason=code,
            region_code=filing.institution.region_id,
        )
    return document


def record_check(filing: Filing, *, checked_on: date, result: str, note: str, actor) -> Filing:
    """Record the on-site check; a confirmed check needs every required document."""
    require(actor, CHECK, filing.institution.region_id)
    _choice(result, CheckResult, "result")
    if checked_on > timezone.localdate() or checked_on < filing.filed_on:
        raise InstitutionError(
            ErrorCode.DATE_INVALID,
            _("The check day must lie between the filing day and today."),
            field="checked_on",
        )
    if result == CheckResult.RECTIFY:
        _required(note, "note")
    with transaction.atomic():
        locked = Filing.objects.select_for_update().get(pk=filing.pk)
        if locked.status != FilingStatus.AWAITING_CHECK:
            raise InstitutionError(
                ErrorCode.FILING_WRONG_STATUS,
                _("The check of this filing is already recorded."),
                field=None,
            )
        missing = [item["name"] for item in locked.checklist() if not item["provided"]]
        if result == CheckResult.CONFIRMED and missing:
            raise InstitutionError(
                ErrorCode.DOCUMENTS_MISSING,
                _("Documents missing: {names}.").format(names="、".join(missing)),
                field="result",
            )
        before = audit.snapshot(locked, ["status", "checked_on", "check_result", "check_note"])
        locked.status = FilingStatus.CHECKED
        locked.checked_on = checked_on
        locked.check_result = result
        locked.check_note = (note or "").strip()[:500]
        locked.checked_by = actor
        locked.save(
            update_fields=["status", "checked_on", "check_result", "check_note", "checked_by"]
        )
        FilingEvent.objects.create(
            filing=locked,
            type=FilingEventType.CHECKED,
            actor=actor,
            note=locked.check_note,
            data={"result": result, "checked_on": checked_on.isoformat()},
        )
        audit.record_change(
            locked,
            actor=actor,
            action="check",
            before=before,
            region_code=locked.institution.region_id,
        )
        if result == CheckResult.CONFIRMED:
            institution = locked.institution
            new_status = (
                InstitutionStatus.CLOSED
                if locked.kind == FilingKind.CLOSURE
                else InstitutionStatus.OPERATING
            )
            if institution.status != new_status:
                before = audit.snapshot(institution, ["status"])
                institution.status = new_status
                institution.save(update_fields=["status"])
                audit.record_change(
                    institution,
                    actor=actor,
                    action="update",
                    before=before,
                    region_code=institution.region_id,
                )
    return locked
