"""The residents of an institution and one resident's stay: transfer, leave and return,
discharge, death, and the occupancy history (every stay of the elder in this institution)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from yiyang.core.errors import DomainError
from yiyang.core.forms import show_domain_error
from yiyang.institutions import services
from yiyang.institutions.choices import BedState
from yiyang.institutions.forms_beds import EndStayForm, LeaveForm, ReturnForm, TransferForm
from yiyang.institutions.models import Bed, Residency, ResidencyLeave
from yiyang.institutions.views_beds import VIEW_RESIDENT, can_manage, visible_institution


@login_required
def resident_list(request, pk: int):
    institution = visible_institution(request, pk)
    if not request.user.has_capability(VIEW_RESIDENT):
        raise PermissionDenied
    history = request.GET.get("history") == "1"
    stays = (
        Residency.objects.visible_to(request.user)
        .filter(institution=institution)
        .select_related("elder", "bed__room")
    )
    stays = stays.order_by("-started_on", "-pk") if history else stays.current()
    rows = list(stays[:500])
    away = set(
        ResidencyLeave.objects.open()
        .filter(residency__in=[stay.pk for stay in rows])
        .values_list("residency_id", flat=True)
    )
    context = {
        "institution": institution,
        "rows": [{"stay": stay, "away": stay.pk in away} for stay in rows],
        "history": history,
    }
    return render(request, "institutions/resident_list.html", context)


def _stay(request, pk: int) -> Residency:
    if not request.user.has_capability(VIEW_RESIDENT):
        raise PermissionDenied
    stays = Residency.objects.visible_to(request.user).select_related(
        "elder", "bed__room__institution__region", "institution__region"
    )
    return get_object_or_404(stays, pk=pk)


def _free_beds(stay: Residency):
    return (
        Bed.objects.filter(  # scoped: beds of the stay's own institution, already visible
            room__institution=stay.institution, state__in=[BedState.FREE, BedState.RESERVED]
        )
        .select_related("room")
        .order_by("room__building", "room__floor", "room__number", "code")
    )


def _page(request, stay: Residency, *, forms: dict | None = None, status: int = 200):
    today = timezone.localdate()
    leaves = list(stay.leaves.order_by("-started_on", "-pk"))
    open_leave = next((leave for leave in leaves if leave.returned_on is None), None)
    history = list(
        Residency.objects.visible_to(request.user)
        .filter(institution=stay.institution, elder=stay.elder)
        .select_related("bed__room")
        .order_by("-started_on", "-pk")
    )
    all_leaves = list(
        ResidencyLeave.objects.filter(residency__in=[row.pk for row in history]).order_by(
            "-started_on"
        )
    )
    given = forms or {}
    context = {
        "stay": stay,
        "institution": stay.institution,
        "elder": stay.elder,
        "open_leave": open_leave,
        "history": history,
        "leaves": all_leaves,
        "can_manage": can_manage(request.user, stay.institution) and stay.ended_on is None,
        "transfer_form": given.get("transfer")
        or TransferForm(beds=_free_beds(stay), initial={"on": today}),
        "leave_form": given.get("leave")
        or LeaveForm(initial={"started_on": today, "expected_return_on": today}),
        "return_form": given.get("return") or ReturnForm(initial={"returned_on": today}),
        "discharge_form": given.get("discharge") or EndStayForm(initial={"on": today}),
        "death_form": given.get("death") or EndStayForm(initial={"on": today}),
        "open_form": next(iter(given), None),
    }
    return render(request, "institutions/residency_detail.html", context, status=status)


@login_required
def residency_detail(request, pk: int):
    return _page(request, _stay(request, pk))


ACTIONS = {
    "transfer": (
        TransferForm,
        lambda stay, data, actor: services.transfer(
            stay, bed=data["bed"], on=data["on"], actor=actor
        ),
        _("The resident moved to the new bed."),
    ),
    "leave": (
        LeaveForm,
        lambda stay, data, actor: services.take_leave(stay, **data, actor=actor),
        _("The leave was recorded; the bed is held."),
    ),
    "return": (
        ReturnForm,
        lambda stay, data, actor: services.return_from_leave(stay, **data, actor=actor),
        _("The return was recorded."),
    ),
    "discharge": (
        EndStayForm,
        lambda stay, data, actor: services.discharge(stay, on=data["on"], died=False, actor=actor),
        _("The resident was discharged; the bed is free."),
    ),
    "death": (
        EndStayForm,
        lambda stay, data, actor: services.record_resident_death(stay, on=data["on"], actor=actor),
        _("The death was recorded; the bed is free."),
    ),
}


@login_required
@require_POST
def residency_action(request, pk: int, action: str):
    stay = _stay(request, pk)
    if action not in ACTIONS:
        raise PermissionDenied
    if not can_manage(request.user, stay.institution):
        raise PermissionDenied
    form_class, call, done = ACTIONS[action]
    kwargs = {"beds": _free_beds(stay)} if form_class is TransferForm else {}
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        try:
            result = call(stay, form.cleaned_data, request.user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, str(done))
            following = result if isinstance(result, Residency) else stay
            return redirect("institutions:residency_detail", pk=following.pk)
    return _page(request, stay, forms={action: form}, status=422)


urlpatterns = [
    path("<int:pk>/residents/", resident_list, name="resident_list"),
    path("residents/<int:pk>/", residency_detail, name="residency_detail"),
    path("residents/<int:pk>/<slug:action>/", residency_action, name="residency_action"),
]
