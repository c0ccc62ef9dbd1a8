"""Telecare pages: one alarm with the elder's card and the steps, and the devices of the
region (list, provision for an elder, one device, unbind). The console is `views.console`.

Alarms and devices are seen by staff of their region or above (`visible_to`); the services
check every capability again.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiyang.core import audit
from yiyang.core.errors import DomainError, PermissionDeniedError
from yiyang.core.forms import show_domain_error
from yiyang.registry.models import Contact, Elder
from yiyang.telecare import services
from yiyang.telecare.choices import (
    AlarmOutcome,
    AlarmSeverity,
    CallResult,
    DeviceStatus,
    DispatchTarget,
)
from yiyang.telecare.forms import (
    AcknowledgeForm,
    ArrivalForm,
    CallForm,
    DeviceForm,
    DispatchForm,
    ResolveForm,
    UnbindForm,
)
from yiyang.telecare.models import Alarm, AlarmEvent, Device, ResponsePlan
from yiyang.telecare.views.common import require_capability, run_form

VIEW_ALARM = "telecare.view_alarm"
VIEW_DEVICE = "telecare.view_device"
HANDLE = "telecare.handle_alarm"
PAGE_SIZE = 50
SEVERITY_BADGES = {
    AlarmSeverity.CRITICAL: "text-bg-danger",
    AlarmSeverity.WARNING: "text-bg-warning",
    AlarmSeverity.TECHNICAL: "text-bg-secondary",
}


def visible_alarms(user):
    """The alarms the user may see (403 without `telecare.view_alarm`); the console's too."""
    require_capability(user, VIEW_ALARM)
    return Alarm.objects.visible_to(user)


def _alarm(request, pk: int) -> Alarm:
    return get_object_or_404(
        visible_alarms(request.user).select_related(
            "elder__residence_region", "device", "acknowledged_by"
        ),
        pk=pk,
    )


@login_required
def alarm_detail(request, pk: int):
    return _detail(request, _alarm(request, pk))


def _detail(request, alarm: Alarm, forms: dict | None = None, status: int = 200):
    user = request.user
    elder = alarm.elder
    may_handle = user.has_capability(HANDLE)
    # The elder came through the alarm's `visible_to`, so its plan and contacts are in scope.
    plan = ResponsePlan.objects.visible_to(user).filter(elder=elder).first()
    plan_contacts = list(plan.contacts.all()) if plan else []
    contacts = [] if plan_contacts else list(elder.contacts.order_by("priority", "pk"))
    if may_handle and (contacts or plan_contacts):
        # The operator needs the numbers to call: each unmasked view is logged (PIPL).
        audit.record_access(
            actor=user,
            model=Contact,
            kind="view",
            fields=["phone"],
            object_pk=str(elder.pk),
            region_code=elder.residence_region_id,
            row_count=len(contacts) + len(plan_contacts),
            purpose=f"alarm {alarm.pk}",
        )
    forms = forms or {}
    context = {
        "alarm": alarm,
        "elder": elder,
        "contacts": contacts,
        "plan": plan,
        "plan_contacts": plan_contacts,
        "show_numbers": may_handle,
        "devices": list(
            Device.objects.visible_to(user, VIEW_ALARM).filter(elder=elder).order_by("pk")
        ),
        "events": [
            (event, _summary(event))
            for event in alarm.events.select_related("actor").order_by("at", "pk")
        ],
        "history": list(
            visible_alarms(user)
            .filter(elder=elder)
            .exclude(pk=alarm.pk)
            .order_by("-raised_at")[:10]
        ),
        "badges": SEVERITY_BADGES,
        "may_handle": may_handle,
        "acknowledge_form": forms.get("acknowledge") or AcknowledgeForm(),
        "call_form": forms.get("call") or CallForm(),
        "dispatch_form": forms.get("dispatch") or DispatchForm(),
        "arrival_form": forms.get("arrival") or ArrivalForm(),
        "resolve_form": forms.get("resolve") or ResolveForm(),
    }
    return render(request, "telecare/alarm_detail.html", context, status=status)


def _summary(event: AlarmEvent) -> str:
    """The step's data in words: whom was called and the result, whom was sent, the outcome."""
    data = event.data or {}
    parts = [data.get("called", ""), data.get("phone", ""), data.get("responder", "")]
    for key, choices in (
        ("result", CallResult),
        ("target", DispatchTarget),
        ("outcome", AlarmOutcome),
    ):
        if data.get(key) in choices.values:
            parts.append(str(choices(data[key]).label))
    if "level" in data:
        parts.append(_("level {level}").format(level=data["level"]))
    parts.append(event.note)
    return " · ".join(part for part in parts if part)


def _step(request, pk: int, name: str, form_class, act):
    alarm = _alarm(request, pk)
    require_capability(request.user, HANDLE)
    return run_form(
        request,
        alarm,
        form_class=form_class,
        act=act,
        done=lambda: redirect("telecare:alarm_detail", pk=alarm.pk),
        # The alarm read again: a refused step may have met a change made meanwhile.
        again=lambda form: _detail(request, _alarm(request, pk), {name: form}, status=422),
    )


@login_required
@require_POST
def alarm_acknowledge(request, pk: int):
    return _step(
        request,
        pk,
        "acknowledge",
        AcknowledgeForm,
        lambda alarm, data, user: services.acknowledge_alarm(
            alarm, actor=user, late_reason=data["late_reason"]
        ),
    )


@login_required
@require_POST
def alarm_call(request, pk: int):
    return _step(
        request,
        pk,
        "call",
        CallForm,
        lambda alarm, data, user: services.record_call(alarm, actor=user, **data),
    )


@login_required
@require_POST
def alarm_dispatch(request, pk: int):
    return _step(
        request,
        pk,
        "dispatch",
        DispatchForm,
        lambda alarm, data, user: services.dispatch_alarm(alarm, actor=user, **data),
    )


@login_required
@require_POST
def alarm_arrival(request, pk: int):
    return _step(
        request,
        pk,
        "arrival",
        ArrivalForm,
        lambda alarm, data, user: services.record_arrival(alarm, actor=user, **data),
    )


@login_required
@require_POST
def alarm_resolve(request, pk: int):
    return _step(
        request,
        pk,
        "resolve",
        ResolveForm,
        lambda alarm, data, user: services.resolve_alarm(alarm, actor=user, **data),
    )


def _devices(user):
    require_capability(user, VIEW_DEVICE)
    return Device.objects.visible_to(user).select_related("elder")


@login_required
def device_list(request):
    status = request.GET.get("status", DeviceStatus.ACTIVE)
    queryset = _devices(request.user).order_by("region_code", "serial", "pk")
    if status in DeviceStatus.values:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "telecare/device_list.html",
        {"page": page, "status": status, "statuses": DeviceStatus.choices},
    )


@login_required
def device_create(request, elder_pk: int):
    """Provision a device for one elder; the secret is shown once, on the next page."""
    require_capability(request.user, "telecare.manage_devices")
    elder = get_object_or_404(Elder.objects.visible_to(request.user), pk=elder_pk)
    form = DeviceForm(request.POST or None, initial={"installed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            device, secret = services.provision_device(
                elder, **form.cleaned_data, actor=request.user
            )
        except PermissionDeniedError:
            raise PermissionDenied from None
        except DomainError as error:
            show_domain_error(form, error)
        else:
            return render(
                request, "telecare/device_created.html", {"device": device, "secret": secret}
            )
    return render(request, "telecare/device_form.html", {"form": form, "elder": elder})


@login_required
def device_detail(request, pk: int):
    device = get_object_or_404(_devices(request.user), pk=pk)
    return _device_page(request, device, UnbindForm())


def _device_page(request, device: Device, form, status: int = 200):
    alarms = list(
        Alarm.objects.visible_to(request.user, VIEW_DEVICE)
        .filter(device=device)
        .order_by("-raised_at")[:20]
    )
    return render(
        request,
        "telecare/device_detail.html",
        {
            "device": device,
            "alarms": alarms,
            "badges": SEVERITY_BADGES,
            "unbind_form": form,
            "may_manage": request.user.has_capability("telecare.manage_devices"),
        },
        status=status,
    )


@login_required
@require_POST
def device_unbind(request, pk: int):
    device = get_object_or_404(_devices(request.user), pk=pk)
    require_capability(request.user, "telecare.manage_devices")

    def done():
        messages.success(request, _("The device was unbound."))
        return redirect("telecare:device_detail", pk=device.pk)

    return run_form(
        request,
        device,
        form_class=UnbindForm,
        act=lambda device, data, user: services.unbind_device(
            device, reason=data["reason"], actor=user
        ),
        done=done,
        again=lambda form: _device_page(request, device, form, status=422),
    )


urlpatterns = [
    path("alarms/<int:pk>/", alarm_detail, name="alarm_detail"),
    path("alarms/<int:pk>/acknowledge/", alarm_acknowledge, name="alarm_acknowledge"),
    path("alarms/<int:pk>/call/", alarm_call, name="alarm_call"),
    path("alarms/<int:pk>/dispatch/", alarm_dispatch, name="alarm_dispatch"),
    path("alarms/<int:pk>/arrival/", alarm_arrival, name="alarm_arrival"),
    path("alarms/<int:pk>/resolve/", alarm_resolve, name="alarm_resolve"),
    path("devices/", device_list, name="device_list"),
    path("devices/new/<int:elder_pk>/", device_create, name="device_create"),
    path("devices/<int:pk>/", device_detail, name="device_detail"),
    path("devices/<int:pk>/unbind/", device_unbind, name="device_unbind"),
]
