"""The bed board of an institution (rooms and beds by state and kind) and one bed with its
occupancy history and the admission form. The institution's staff keep them; district and city
may correct them; streets read. Every write goes through the same services as the API."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiyang.core.errors import DomainError
from yiyang.core.forms import show_domain_error
from yiyang.core.scoping import region_prefix
from yiyang.institutions import services
from yiyang.institutions.choices import BedKind, BedState
from yiyang.institutions.forms_beds import AdmissionForm, BedKindForm, BedStateForm, RoomForm
from yiyang.institutions.lookups import elder_by_id_number
from yiyang.institutions.models import Bed, Institution, Residency, ResidencyLeave, Room

VIEW = "institutions.view_institution"
VIEW_RESIDENT = "institutions.view_resident"
MANAGE = "institutions.manage_beds"


def can_manage(user, institution: Institution) -> bool:
    """Whether the page offers the write forms (the services decide again on every write)."""
    prefix = region_prefix(user, MANAGE)
    return prefix is not None and institution.region_id.startswith(prefix)


def visible_institution(request, pk: int) -> Institution:
    if not request.user.has_capability(VIEW):
        raise PermissionDenied
    institutions = Institution.objects.visible_to(request.user).select_related("region")
    return get_object_or_404(institutions, pk=pk)


def _board(request, institution: Institution, *, room_form=None, status: int = 200):
    rooms = list(
        Room.objects.filter(institution=institution).prefetch_related(
            Prefetch("beds", queryset=Bed.objects.order_by("code"))
        )
    )
    show_people = request.user.has_capability(VIEW_RESIDENT)
    stays: dict[int, Residency] = {}
    away: set[int] = set()
    if show_people:
        current = Residency.objects.visible_to(request.user).current()
        stays = {
            stay.bed_id: stay
            for stay in current.filter(institution=institution).select_related("elder")
        }
        away = set(
            ResidencyLeave.objects.open()
            .filter(residency__in=[stay.pk for stay in stays.values()])
            .values_list("residency_id", flat=True)
        )
    counts: dict[str, Counter] = {kind: Counter() for kind in BedKind.values}
    floors: dict[tuple[str, int], list[dict]] = {}
    for room in rooms:
        tiles = []
        for bed in room.beds.all():
            counts[bed.kind][bed.state] += 1
            counts[bed.kind]["total"] += 1
            stay = stays.get(bed.pk)
            tiles.append({"bed": bed, "stay": stay, "away": stay is not None and stay.pk in away})
        floors.setdefault((room.building, room.floor), []).append({"room": room, "beds": tiles})
    labels = dict(BedKind.choices)
    context = {
        "institution": institution,
        "floors": [
            {"building": building, "floor": floor, "rooms": rows}
            for (building, floor), rows in floors.items()
        ],
        "counts": [
            {"label": labels[kind], "kind": kind, **dict(counter)}
            for kind, counter in counts.items()
            if counter["total"]
        ],
        "on_leave": len(away),
        "show_people": show_people,
        "can_manage": can_manage(request.user, institution),
        "room_form": room_form or RoomForm(initial={"building": "1号楼", "floor": 1}),
        "state_form": BedStateForm(),
        "kind_form": BedKindForm(),
    }
    return render(request, "institutions/bed_board.html", context, status=status)


@login_required
def bed_board(request, pk: int):
    return _board(request, visible_institution(request, pk))


@login_required
@require_POST
def room_create(request, pk: int):
    institution = visible_institution(request, pk)
    if not can_manage(request.user, institution):
        raise PermissionDenied
    form = RoomForm(request.POST)
    if form.is_valid():
        try:
            room = services.add_room(
                institution,
                building=form.cleaned_data["building"],
                floor=form.cleaned_data["floor"],
                number=form.cleaned_data["number"],
                beds=form.beds(),
                actor=request.user,
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Room {room} was added.").format(room=str(room)))
            return redirect("institutions:bed_board", pk=institution.pk)
    return _board(request, institution, room_form=form, status=422)


def _bed(request, pk: int) -> Bed:
    if not request.user.has_capability(VIEW):
        raise PermissionDenied
    beds = Bed.objects.visible_to(request.user).select_related("room__institution__region")
    return get_object_or_404(beds, pk=pk)


def _bed_page(request, bed: Bed, *, form=None, status: int = 200):
    history = []
    if request.user.has_capability(VIEW_RESIDENT):
        history = list(
            Residency.objects.visible_to(request.user)
            .filter(bed=bed)
            .select_related("elder")
            .order_by("-started_on", "-pk")
        )
    institution = bed.room.institution
    free = bed.state in (BedState.FREE, BedState.RESERVED)
    context = {
        "bed": bed,
        "institution": institution,
        "history": history,
        "current": next((stay for stay in history if stay.ended_on is None), None),
        "can_manage": can_manage(request.user, institution),
        "form": form
        or (AdmissionForm(initial={"admitted_on": timezone.localdate()}) if free else None),
        "state_form": BedStateForm(initial={"state": bed.state}),
        "kind_form": BedKindForm(initial={"kind": bed.kind}),
    }
    return render(request, "institutions/bed_detail.html", context, status=status)


@login_required
def bed_detail(request, pk: int):
    bed = _bed(request, pk)
    if request.method != "POST":
        return _bed_page(request, bed)
    if not can_manage(request.user, bed.room.institution):
        raise PermissionDenied
    form = AdmissionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            residency = services.admit(
                bed,
                elder=elder_by_id_number(data["elder_id_number"]),
                admitted_on=data["admitted_on"],
                contract_number=data["contract_number"],
                contract_until=data["contract_until"],
                fee_level_fen=int(data["fee_yuan"] * Decimal(100)),
                payer=data["payer"],
                concentrated_support=data["concentrated_support"],
                actor=request.user,
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(
                request,
                _("{name} was admitted to bed {bed}.").format(
                    name=residency.elder.name, bed=str(bed)
                ),
            )
            return redirect("institutions:residency_detail", pk=residency.pk)
    return _bed_page(request, bed, form=form, status=422)


def _bed_change(request, pk: int, form_class, call):
    bed = _bed(request, pk)
    if not can_manage(request.user, bed.room.institution):
        raise PermissionDenied
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the listed values."))
    else:
        try:
            call(bed, **form.cleaned_data, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Bed {bed} was changed.").format(bed=str(bed)))
    target = request.POST.get("next") == "board"
    if target:
        return redirect("institutions:bed_board", pk=bed.room.institution_id)
    return redirect("institutions:bed_detail", pk=bed.pk)


@login_required
@require_POST
def bed_state(request, pk: int):
    return _bed_change(request, pk, BedStateForm, services.set_bed_state)


@login_required
@require_POST
def bed_kind(request, pk: int):
    return _bed_change(request, pk, BedKindForm, services.set_bed_kind)


urlpatterns = [
    path("<int:pk>/beds/", bed_board, name="bed_board"),
    path("<int:pk>/rooms/new/", room_create, name="room_create"),
    path("beds/<int:pk>/", bed_detail, name="bed_detail"),
    path("beds/<int:pk>/state/", bed_state, name="bed_state"),
    path("beds/<int:pk>/kind/", bed_kind, name="bed_kind"),
]
