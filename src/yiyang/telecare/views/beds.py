"""Home care beds (家庭养老床位): the region's list, setting one up for an elder, and one bed
with what still keeps it from service, its monthly plans (visits owed against visits
delivered) and closing it."""

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

from yiyang.core.errors import DomainError, PermissionDeniedError
from yiyang.core.forms import show_domain_error
from yiyang.registry.models import Elder
from yiyang.telecare import services
from yiyang.telecare.choices import BedStatus
from yiyang.telecare.forms import AdaptationForm, BedCloseForm, BedForm, BedMonthForm
from yiyang.telecare.models import BedMonthPlan, HomeCareBed
from yiyang.telecare.services.beds import delivered_by_elder, missing_for_service
from yiyang.telecare.views.common import require_capability, run_form

VIEW = "telecare.view_device"
MANAGE = "telecare.manage_devices"
PAGE_SIZE = 50


def _beds(user):
    require_capability(user, VIEW)
    return HomeCareBed.objects.visible_to(user, VIEW).select_related("elder")


def _month_row(plan: BedMonthPlan, delivered: int) -> dict:
    return {"plan": plan, "delivered": delivered, "short": max(plan.owed_visits - delivered, 0)}


@login_required
def bed_list(request):
    status = request.GET.get("status", "")
    queryset = _beds(request.user).order_by("status", "region_code", "pk")
    if status in BedStatus.values:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    month = timezone.localdate().replace(day=1)
    beds = list(page.object_list)
    plans = {plan.bed_id: plan for plan in BedMonthPlan.objects.filter(bed__in=beds, month=month)}
    delivered = delivered_by_elder([bed.elder_id for bed in beds], month)
    rows = [
        (
            bed,
            _month_row(plans[bed.pk], delivered.get(bed.elder_id, 0)) if bed.pk in plans else None,
        )
        for bed in beds
    ]
    return render(
        request,
        "telecare/bed_list.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "statuses": BedStatus.choices,
            "month": month,
        },
    )


@login_required
def bed_create(request, elder_pk: int):
    require_capability(request.user, MANAGE)
    elder = get_object_or_404(Elder.objects.visible_to(request.user), pk=elder_pk)
    form = BedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            bed = services.set_up_bed(elder, **form.cleaned_data, actor=request.user)
        except PermissionDeniedError:
            raise PermissionDenied from None
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Home care bed set up."))
            return redirect("telecare:bed_detail", pk=bed.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "telecare/bed_form.html", {"elder": elder, "form": form}, status=status)


def _bed_page(request, bed: HomeCareBed, forms: dict | None = None, status: int = 200):
    forms = forms or {}
    today = timezone.localdate()
    plans = list(bed.month_plans.order_by("-month")[:12])
    this_month = today.replace(day=1)
    return render(
        request,
        "telecare/bed_detail.html",
        {
            "bed": bed,
            "elder": bed.elder,
            "missing": missing_for_service(bed, today) if bed.status == "setting_up" else [],
            "months": [
                _month_row(plan, services.delivered_visits(bed, plan.month)) for plan in plans
            ],
            "may_manage": request.user.has_capability(MANAGE) and bed.status != "closed",
            "month_form": forms.get("month")
            or BedMonthForm(initial={"month": this_month, "owed_visits": 8}),
            "adaptation_form": forms.get("adaptation")
            or AdaptationForm(initial={"adaptation_done_on": bed.adaptation_done_on or today}),
            "close_form": forms.get("close") or BedCloseForm(),
            "open_error": forms.get("open_error"),
        },
        status=status,
    )


def _bed(request, pk: int) -> HomeCareBed:
    return get_object_or_404(_beds(request.user), pk=pk)


@login_required
def bed_detail(request, pk: int):
    return _bed_page(request, _bed(request, pk))


def _act(request, pk: int, name: str, form_class, act):
    bed = _bed(request, pk)
    require_capability(request.user, MANAGE)
    return run_form(
        request,
        bed,
        form_class=form_class,
        act=act,
        done=lambda: redirect("telecare:bed_detail", pk=bed.pk),
        again=lambda form: _bed_page(request, _bed(request, pk), {name: form}, status=422),
    )


@login_required
@require_POST
def bed_plan_month(request, pk: int):
    return _act(
        request, pk, "month", BedMonthForm,
        lambda bed, data, user: services.plan_month(bed, **data, actor=user),
    )  # fmt: skip


@login_required
@require_POST
def bed_adaptation(request, pk: int):
    return _act(
        request, pk, "adaptation", AdaptationForm,
        lambda bed, data, user: services.record_adaptation(
            bed, done_on=data["adaptation_done_on"], actor=user
        ),
    )  # fmt: skip


@login_required
@require_POST
def bed_close(request, pk: int):
    return _act(
        request, pk, "close", BedCloseForm,
        lambda bed, data, user: services.close_bed(bed, reason=data["reason"], actor=user),
    )  # fmt: skip


@login_required
@require_POST
def bed_open(request, pk: int):
    bed = _bed(request, pk)
    require_capability(request.user, MANAGE)
    try:
        services.open_bed(bed, actor=request.user)
    except PermissionDeniedError:
        raise PermissionDenied from None
    except DomainError as error:
        return _bed_page(request, _bed(request, pk), {"open_error": error.message}, status=422)
    messages.success(request, _("The bed is in service."))
    return redirect("telecare:bed_detail", pk=bed.pk)


urlpatterns = [
    path("beds/", bed_list, name="bed_list"),
    path("beds/new/<int:elder_pk>/", bed_create, name="bed_create"),
    path("beds/<int:pk>/", bed_detail, name="bed_detail"),
    path("beds/<int:pk>/month/", bed_plan_month, name="bed_plan_month"),
    path("beds/<int:pk>/adaptation/", bed_adaptation, name="bed_adaptation"),
    path("beds/<int:pk>/open/", bed_open, name="bed_open"),
    path("beds/<int:pk>/close/", bed_close, name="bed_close"),
]
