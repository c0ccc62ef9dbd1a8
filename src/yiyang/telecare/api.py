"""The telecare endpoints under /api/v1/: device messages, devices, alarms and their steps.

`POST /telecare/messages` is the HTTP door for devices: no user, authenticated per device by
the HMAC of the body (header `X-Yiyang-Signature`). Everything else is for people: a read
needs the capability (403 without it), then passes through `visible_to`, so another region's
object answers 404; the services check the write's capability in the object's region.
"""

from datetime import date, datetime, time, timedelta

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from yiyang.core.scoping import require
from yiyang.registry.models import Elder
from yiyang.telecare import services
from yiyang.telecare.choices import RejectReason
from yiyang.telecare.errors import ErrorCode, TelecareError
from yiyang.telecare.models import Alarm, Device, HomeCareBed, ResponsePlan
from yiyang.telecare.schemas import (
    AcknowledgeIn,
    AlarmDetailOut,
    AlarmFilter,
    AlarmOut,
    BedCloseIn,
    BedDetailOut,
    BedIn,
    BedOut,
    BedPlanIn,
    CallIn,
    DeviceFilter,
    DeviceIn,
    DeviceOut,
    DispatchIn,
    IngestOut,
    ProvisionedOut,
    ResolveIn,
    ResponsePlanIn,
    ResponsePlanOut,
    SlaOut,
    UnbindIn,
)

router = Router(tags=["telecare"])

SIGNATURE_HEADER = "X-Yiyang-Signature"
_UNAUTHENTICATED = {RejectReason.UNKNOWN_DEVICE, RejectReason.BAD_SIGNATURE}


@router.post(
    "/telecare/messages",
    auth=None,
    response={202: IngestOut, 401: dict, 409: dict, 422: dict},
    summary="Accept one device message (HTTP door; same schema as MQTT)",
)
def ingest(request: HttpRequest):
    """Body: the message JSON (docs/modules/telecare.md); header X-Yiyang-Signature: the hex
    HMAC-SHA256 of the exact body with the device's signing key. A replay answers 202 with
    `duplicate` true and raises nothing."""
    result = services.ingest_message(request.body, request.headers.get(SIGNATURE_HEADER))
    if result.accepted:
        return Status(
            202,
            {
                "accepted": True,
                "duplicate": result.duplicate,
                "alarm_pks": [alarm.pk for alarm in result.alarms],
            },
        )
    status = 401 if result.reason in _UNAUTHENTICATED else 409
    if result.reason == RejectReason.MALFORMED:
        status = 422
    message = _("The device message was refused: {reason}.").format(
        reason=RejectReason(result.reason).label
    )
    return Status(
        status,
        {
            "code": f"{ErrorCode.MESSAGE_REJECTED}_{result.reason}",
            "message": message,
            "field": result.field,
        },
    )


def _devices(user):
    require(user, "telecare.view_device")
    return Device.objects.visible_to(user).select_related("elder")


@router.get("/devices/", response=list[DeviceOut], summary="List devices")
@paginate(LimitOffsetPagination)
def list_devices(request, filters: Query[DeviceFilter]):
    queryset = _devices(request.user)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    return queryset


@router.post("/devices/", response={201: ProvisionedOut}, summary="Provision a device")
def provision_device(request, payload: DeviceIn):
    require(request.user, "telecare.manage_devices")
    elder = get_object_or_404(Elder.objects.visible_to(request.user), pk=payload.elder_pk)
    device, secret = services.provision_device(
        elder,
        kind=payload.kind,
        serial=payload.serial,
        installed_on=payload.installed_on,
        heartbeat_seconds=payload.heartbeat_seconds,
        address=payload.address,
        actor=request.user,
    )
    device = _devices(request.user).get(pk=device.pk)
    device.secret = secret  # answered once, never stored
    return Status(201, device)


@router.get("/devices/{int:pk}", response=DeviceOut, summary="One device")
def get_device(request, pk: int):
    return get_object_or_404(_devices(request.user), pk=pk)


@router.post("/devices/{int:pk}/unbind", response=DeviceOut, summary="Unbind a device")
def unbind_device(request, pk: int, payload: UnbindIn):
    device = get_object_or_404(_devices(request.user), pk=pk)
    services.unbind_device(device, reason=payload.reason, actor=request.user)
    return get_object_or_404(_devices(request.user), pk=pk)


def _alarms(user):
    require(user, "telecare.view_alarm")
    return Alarm.objects.visible_to(user).select_related("elder", "device")


def _alarm(user, pk: int) -> Alarm:
    return get_object_or_404(_alarms(user).prefetch_related("events__actor"), pk=pk)


@router.get("/alarms/", response=list[AlarmOut], summary="List alarms")
@paginate(LimitOffsetPagination)
def list_alarms(request, filters: Query[AlarmFilter]):
    """Alarms of the caller's region; `unresolved` gives the console's order (most severe,
    then oldest, first), otherwise newest first."""
    queryset = _alarms(request.user)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.unresolved:
        return queryset.unresolved().order_by("severity", "raised_at", "pk")
    return queryset.order_by("-raised_at", "-pk")


@router.get("/alarms/sla", response=SlaOut, summary="SLA figures of a period")
def alarm_sla(request, start: date, end: date):
    """Alarms raised from `start` to `end` (local dates, both included) in the caller's region:
    shares acknowledged within 60 s and 180 s, time to resolve, false-alarm share, devices
    online, and every alarm answered later than 3 minutes with its reason."""
    from yiyang.telecare.services.sla import sla_figures

    require(request.user, "telecare.view_alarm")
    if end < start:
        raise TelecareError(ErrorCode.VALUE_INVALID, _("The end is before the start."), field="end")
    zone = timezone.get_current_timezone()
    return sla_figures(
        request.user,
        start=datetime.combine(start, time.min, tzinfo=zone),
        end=datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


@router.get("/alarms/{int:pk}", response=AlarmDetailOut, summary="One alarm with its steps")
def get_alarm(request, pk: int):
    return _alarm(request.user, pk)


@router.post("/alarms/{int:pk}/acknowledge", response=AlarmDetailOut, summary="Acknowledge")
def acknowledge_alarm(request, pk: int, payload: AcknowledgeIn):
    services.acknowledge_alarm(
        _alarm(request.user, pk), actor=request.user, late_reason=payload.late_reason
    )
    return _alarm(request.user, pk)


@router.post("/alarms/{int:pk}/calls", response=AlarmDetailOut, summary="Log a call attempt")
def record_call(request, pk: int, payload: CallIn):
    services.record_call(
        _alarm(request.user, pk),
        actor=request.user,
        called=payload.called,
        phone=payload.phone,
        result=payload.result,
        note=payload.note,
    )
    return _alarm(request.user, pk)


@router.post("/alarms/{int:pk}/dispatch", response=AlarmDetailOut, summary="Record a dispatch")
def dispatch_alarm(request, pk: int, payload: DispatchIn):
    services.dispatch_alarm(
        _alarm(request.user, pk), actor=request.user, target=payload.target, note=payload.note
    )
    return _alarm(request.user, pk)


@router.post("/alarms/{int:pk}/resolve", response=AlarmDetailOut, summary="Resolve")
def resolve_alarm(request, pk: int, payload: ResolveIn):
    services.resolve_alarm(
        _alarm(request.user, pk), actor=request.user, outcome=payload.outcome, note=payload.note
    )
    return _alarm(request.user, pk)


def _plan_answer(elder: Elder, plan: ResponsePlan | None) -> dict:
    return {
        "elder_pk": elder.pk,
        "home_access": plan.home_access if plan else "",
        "conditions": plan.conditions if plan else "",
        "contacts": list(plan.contacts.all()) if plan else [],
        "updated_at": plan.updated_at if plan else None,
    }


@router.get(
    "/elders/{int:pk}/response-plan", response=ResponsePlanOut, summary="The elder's response plan"
)
def get_response_plan(request, pk: int):
    """The contact cascade in call order, home access and conditions (empty when none yet)."""
    require(request.user, "telecare.view_alarm")
    elder = get_object_or_404(Elder.objects.visible_to(request.user, "telecare.view_alarm"), pk=pk)
    plan = ResponsePlan.objects.visible_to(request.user).filter(elder=elder).first()
    return _plan_answer(elder, plan)


@router.put(
    "/elders/{int:pk}/response-plan", response=ResponsePlanOut, summary="Replace the response plan"
)
def put_response_plan(request, pk: int, payload: ResponsePlanIn):
    require(request.user, "telecare.manage_devices")
    elder = get_object_or_404(Elder.objects.visible_to(request.user), pk=pk)
    plan = services.set_response_plan(
        elder,
        home_access=payload.home_access,
        conditions=payload.conditions,
        contacts=[services.PlanContactData(**contact.dict()) for contact in payload.contacts],
        actor=request.user,
    )
    return _plan_answer(elder, plan)


def _beds(user):
    require(user, "telecare.view_device")
    return HomeCareBed.objects.visible_to(user).select_related("elder")


def _bed_answer(bed: HomeCareBed) -> dict:
    from yiyang.telecare.services.beds import missing_for_service

    answer = {field: getattr(bed, field) for field in BedOut.model_fields if hasattr(bed, field)}
    answer["elder_pk"], answer["elder_name"] = bed.elder_id, bed.elder.name
    answer["missing"] = (
        [
            {"field": field, "message": message}
            for field, message in missing_for_service(bed, timezone.localdate())
        ]
        if bed.status == "setting_up"
        else []
    )
    answer["months"] = [
        {
            "month": f"{plan.month:%Y-%m}",
            "owed_visits": plan.owed_visits,
            "services": plan.services,
            "delivered_visits": services.delivered_visits(bed, plan.month),
        }
        for plan in bed.month_plans.order_by("month")
    ]
    return answer


def _month(text: str):
    try:
        return date.fromisoformat(f"{text}-01")
    except ValueError:
        raise TelecareError(
            ErrorCode.VALUE_INVALID, _("A month is written YYYY-MM."), field="month"
        ) from None


@router.get("/home-care-beds/", response=list[BedOut], summary="List home care beds")
@paginate(LimitOffsetPagination)
def list_beds(request, status: str = ""):
    queryset = _beds(request.user).order_by("region_code", "pk")
    return queryset.filter(status=status) if status else queryset


@router.post("/home-care-beds/", response={201: BedDetailOut}, summary="Set up a home care bed")
def set_up_bed(request, payload: BedIn):
    require(request.user, "telecare.manage_devices")
    elder = get_object_or_404(Elder.objects.visible_to(request.user), pk=payload.elder_pk)
    data = payload.dict()
    data.pop("elder_pk")
    bed = services.set_up_bed(elder, **data, actor=request.user)
    return Status(201, _bed_answer(_beds(request.user).get(pk=bed.pk)))


@router.get("/home-care-beds/{int:pk}", response=BedDetailOut, summary="One bed with its months")
def get_bed(request, pk: int):
    return _bed_answer(get_object_or_404(_beds(request.user), pk=pk))


@router.post("/home-care-beds/{int:pk}/open", response=BedDetailOut, summary="Put into service")
def open_bed(request, pk: int):
    services.open_bed(get_object_or_404(_beds(request.user), pk=pk), actor=request.user)
    return _bed_answer(get_object_or_404(_beds(request.user), pk=pk))


@router.post("/home-care-beds/{int:pk}/plans", response=BedDetailOut, summary="Plan a month")
def plan_bed_month(request, pk: int, payload: BedPlanIn):
    bed = get_object_or_404(_beds(request.user), pk=pk)
    services.plan_month(
        bed,
        month=_month(payload.month),
        owed_visits=payload.owed_visits,
        services=payload.services,
        actor=request.user,
    )
    return _bed_answer(get_object_or_404(_beds(request.user), pk=pk))


@router.post("/home-care-beds/{int:pk}/close", response=BedDetailOut, summary="Close a bed")
def close_bed(request, pk: int, payload: BedCloseIn):
    bed = get_object_or_404(_beds(request.user), pk=pk)
    services.close_bed(bed, reason=payload.reason, actor=request.user)
    return _bed_answer(get_object_or_404(_beds(request.user), pk=pk))
