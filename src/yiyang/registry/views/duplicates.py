"""Possible-duplicate pages: the list of open pairs, a side-by-side comparison, the decision.

Only pairs whose two records the user may both see are shown (`DuplicateCandidate.objects
.visible_to`), and only to people who may merge: merging is a street decision.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from yiyang.core.errors import DomainError
from yiyang.registry.choices import DuplicateStatus
from yiyang.registry.models import DuplicateCandidate, Elder
from yiyang.registry.services.duplicates import dismiss_duplicate, find_duplicates, merge_elders

CAPABILITY = "registry.merge_elders"
PAGE_SIZE = 30


def _candidates(user):
    return DuplicateCandidate.objects.visible_to(user, CAPABILITY).select_related(
        "elder_a__residence_region__parent", "elder_b__residence_region__parent"
    )


@login_required
def duplicate_list(request):
    """Open pairs to check, oldest first; a button looks for new ones in the user's region."""
    if request.method == "POST":
        try:
            count = find_duplicates(actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Checked the registry: {count} new possible duplicates.").format(count=count),
            )
        return redirect("registry:duplicate_list")
    candidates = _candidates(request.user)
    page = Paginator(candidates.open().order_by("found_at", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    decided = candidates.exclude(status=DuplicateStatus.OPEN).select_related("decided_by")
    return render(
        request,
        "registry/duplicates/duplicate_list.html",
        {
            "page": page,
            "decided": decided.order_by("-decided_at")[:10],
            "may_merge": request.user.has_capability(CAPABILITY),
        },
    )


def _rows(a: Elder, b: Elder) -> list[tuple[str, str, str, bool, bool]]:
    """(label, value of A, value of B, differ?, a number?) for the comparison, numbers masked."""

    def community(elder: Elder) -> str:
        region = elder.residence_region
        street = region.parent.name if region.parent is not None else ""
        return f"{street}{region.name}"

    def categories(elder: Elder) -> str:
        return "、".join(sorted({str(held) for held in elder.categories.all()})) or "—"

    fields = [
        (_("Name"), lambda e: e.name),
        (_("Identity number"), lambda e: e.id_number_masked),
        (_("Gender"), lambda e: e.get_gender_display()),
        (_("Birth date"), lambda e: e.birth_date.isoformat()),
        (_("Ethnicity"), lambda e: e.get_ethnicity_display() or "—"),
        (_("Phone"), lambda e: e.phone_masked or "—"),
        (_("Community"), community),
        (_("Address"), lambda e: e.address or "—"),
        (_("Living arrangement"), lambda e: e.get_living_arrangement_display()),
        (_("Status"), lambda e: e.get_status_display()),
        (_("Categories"), categories),
        (_("Contacts"), lambda e: str(e.contacts.count())),
        (_("Entered on"), lambda e: e.created_at.date().isoformat()),
    ]
    numbers = {fields[1][0], fields[5][0]}
    rows = []
    for label, value in fields:
        left, right = value(a), value(b)
        rows.append((label, left, right, left != right, label in numbers))
    return rows


@login_required
def duplicate_detail(request, pk: int):
    """Compare the two records; merge into A or B, or record that they are two people."""
    candidate = get_object_or_404(_candidates(request.user), pk=pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        note = request.POST.get("note", "").strip()
        try:
            if action in ("merge_into_a", "merge_into_b"):
                survivor = candidate.elder_a if action == "merge_into_a" else candidate.elder_b
                merge_elders(candidate, survivor=survivor, actor=request.user, note=note)
                messages.success(
                    request,
                    _(
                        "Merged: the record {survivor} is kept and holds the history of both."
                    ).format(survivor=survivor.id_number_masked),
                )
                return redirect("registry:elder_detail", survivor.pk)
            if action == "dismiss":
                dismiss_duplicate(candidate, note=note, actor=request.user)
                messages.success(
                    request,
                    _("Recorded as two different people; this pair will not be raised again."),
                )
                return redirect("registry:duplicate_list")
            messages.error(request, _("Choose merge or not the same person."))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("registry:duplicate_detail", candidate.pk)
    return render(
        request,
        "registry/duplicates/duplicate_detail.html",
        {
            "candidate": candidate,
            "rows": _rows(candidate.elder_a, candidate.elder_b),
            "may_merge": request.user.has_capability(CAPABILITY),
            "is_open": candidate.status == DuplicateStatus.OPEN,
        },
    )


urlpatterns = [
    path("duplicates/", duplicate_list, name="duplicate_list"),
    path("duplicates/<int:pk>/", duplicate_detail, name="duplicate_detail"),
]
