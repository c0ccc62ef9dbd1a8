"""Elder pages: search-first list, profile, create and edit, export, reveal of full numbers.

Views stay thin: forms check, services write, every read goes through `visible_to`/`get_for`.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yiyang.core import audit
from yiyang.core.errors import DomainError
from yiyang.core.forms import show_domain_error
from yiyang.core.models import ChangeRecord
from yiyang.core.scoping import get_for
from yiyang.registry import services
from yiyang.registry.choices import MONEY_CATEGORIES
from yiyang.registry.exports import EXPORT_MAX_ROWS, current_categories, write_elders_xlsx
from yiyang.registry.filters import ElderFilterForm
from yiyang.registry.forms import ElderForm, ExportForm, RevealForm
from yiyang.registry.models import Elder, RecentView
from yiyang.registry.timeline import describe, field_label
from yiyang.registry.views import elder_status

PAGE_SIZE = 25
TIMELINE_LENGTH = 100
ACTION_LABELS = {
    "create": gettext_lazy("Entered in the registry"),
    "update": gettext_lazy("Record changed"),
    "record_death": gettext_lazy("Death recorded"),
    "record_move_out": gettext_lazy("Move-out recorded"),
    "set_contacts": gettext_lazy("Contacts changed"),
}


def require_capability(user, capability: str) -> None:
    if not user.has_capability(capability):
        raise PermissionDenied


def recent_elders(user, limit: int = 10):
    """The elders this user opened last, among those they may still see."""
    return (
        RecentView.objects.filter(user=user, elder__in=Elder.objects.visible_to(user))
        .select_related("elder", "elder__residence_region", "elder__residence_region__parent")
        .order_by("-viewed_at")[:limit]
    )


def _filter_query(form: ElderFilterForm) -> str:
    return urlencode({key: value for key, value in form.cleaned_data.items() if value})


@login_required
def elder_list(request):
    """Search first: rows appear only after a search or a filter; until then, recent elders."""
    require_capability(request.user, "registry.view_elder")
    form = ElderFilterForm(request.GET or None, user=request.user)
    context = {"form": form, "may_reveal": request.user.has_capability("core.reveal_personal")}
    if form.is_filtered:
        queryset = (
            form.apply(Elder.objects.visible_to(request.user))
            .select_related("residence_region", "residence_region__parent")
            .prefetch_related(current_categories())
        )
        page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(
            page=page,
            filter_query=_filter_query(form),
            today=timezone.localdate(),
            export_max_rows=EXPORT_MAX_ROWS,
        )
    else:
        context["recent"] = recent_elders(request.user)
    return render(request, "registry/elder_list.html", context)


@login_required
@require_POST
def elder_export(request):
    """Export the filtered list to .xlsx; full numbers only with the capability and a purpose."""
    require_capability(request.user, "registry.export_elder")
    filters = ElderFilterForm(request.POST, user=request.user)
    back = reverse("registry:elder_list")
    if not filters.is_filtered:
        messages.error(request, _("Search or filter first: the export holds the listed elders."))
        return redirect(back)
    back = f"{back}?{_filter_query(filters)}"
    may_reveal = request.user.has_capability("core.reveal_personal")
    options = ExportForm(request.POST, may_reveal=may_reveal)
    if not options.is_valid():
        for errors in options.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back)
    queryset = filters.apply(Elder.objects.visible_to(request.user, "registry.export_elder"))
    count = queryset.count()
    if count > EXPORT_MAX_ROWS:
        messages.error(
            request,
            _(
                "{count} elders match; an export holds at most {limit}. Narrow the filters (for example by street) and export in parts."
            ).format(count=count, limit=EXPORT_MAX_ROWS),
        )
        return redirect(back)
    full = options.cleaned_data["include_full_numbers"]
    if full:
        audit.record_access(
            actor=request.user,
            model=Elder,
            kind="export",
            fields=["id_number", "phone_primary"],
            region_code=filters.cleaned_data["region"] or (request.user.region_id or ""),
            row_count=count,
            purpose=options.cleaned_data["purpose"],
        )
    target = write_elders_xlsx(queryset, full=full)
    name = _("elders-{date}.xlsx").format(date=timezone.localdate().strftime("%Y%m%d"))
    return FileResponse(target, as_attachment=True, filename=name)


@login_required
def elder_detail(request, pk: int):
    """The profile: header card, basic data, categories, contacts, timeline, change history."""
    elder = get_for(request.user, Elder, pk)
    services.note_viewed(elder, user=request.user)
    today = timezone.localdate()
    held = list(elder.categories.select_related("created_by", "approved_by"))
    current = [item for item in held if item.is_valid_on(today)]
    elder.current_categories = current  # type: ignore[attr-defined] # what the badges partial reads, as on the list
    timeline = [
        (entry, describe(entry))
        for entry in elder.timeline.select_related("actor")[:TIMELINE_LENGTH]
    ]
    changes = []
    if request.user.has_capability("core.view_audit"):
        changes = [
            (
                record,
                str(ACTION_LABELS.get(record.action, record.action)),
                "、".join(field_label(name) for name in record.changes),
            )
            for record in ChangeRecord.objects.visible_to(request.user)
            .for_object(elder)
            .select_related("actor")
            .order_by("-created_at")[:50]
        ]
    path_names = [region.name for region in elder.residence_region.path() if region.level >= 3]
    context = {
        "elder": elder,
        "age": elder.age(today),
        "community_path": " / ".join(path_names),
        "current_categories": current,
        "past_categories": [item for item in held if item not in current],
        "category_changes": elder.category_changes.select_related("proposed_by", "decided_by"),
        "money_categories": MONEY_CATEGORIES,
        "contacts": list(elder.contacts.all()),
        "timeline": timeline,
        "changes": changes,
        "may_reveal": request.user.has_capability("core.reveal_personal"),
        "may_change": request.user.has_capability("registry.change_elder"),
        "may_propose": request.user.has_capability("registry.propose_category"),
    }
    return render(request, "registry/elder_detail.html", context)


@login_required
def elder_reveal(request, pk: int):
    """HTMX: ask for a purpose, then show one full number and log the access."""
    elder = get_object_or_404(Elder.objects.visible_to(request.user, "core.reveal_personal"), pk=pk)
    form = RevealForm(request.POST or None, initial={"field": request.GET.get("field", "")})
    if request.method == "POST" and form.is_valid():
        field = form.cleaned_data["field"]
        stored_field = "id_number" if field == "id_number" else "phone_primary"
        audit.record_access(
            actor=request.user,
            model=Elder,
            kind="view",
            fields=[stored_field],
            object_pk=str(elder.pk),
            region_code=elder.region_code,
            purpose=form.cleaned_data["purpose"],
        )
        value = getattr(elder, stored_field)
        return render(request, "registry/partials/revealed.html", {"value": value})
    return render(request, "registry/partials/reveal_form.html", {"elder": elder, "form": form})


@login_required
def elder_create(request):
    require_capability(request.user, "registry.add_elder")
    form = ElderForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            assert form.elder_data is not None  # a valid form has checked values
            elder = services.register_elder(
                form.elder_data, actor=request.user, source=_("Web form")
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("{name} is now in the registry.").format(name=elder.name))
            return redirect("registry:elder_detail", pk=elder.pk)
    return render(request, "registry/elder_form.html", {"form": form})


@login_required
def elder_update(request, pk: int):
    elder = get_for(request.user, Elder, pk, action="change")
    form = ElderForm(request.POST or None, user=request.user, elder=elder)
    if request.method == "POST" and form.is_valid():
        try:
            assert form.elder_data is not None  # a valid form has checked values
            services.update_elder(
                elder, form.elder_data, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The record was saved."))
            return redirect("registry:elder_detail", pk=elder.pk)
    return render(request, "registry/elder_form.html", {"form": form, "elder": elder})


urlpatterns = [
    path("elders/", elder_list, name="elder_list"),
    path("elders/new/", elder_create, name="elder_create"),
    path("elders/export/", elder_export, name="elder_export"),
    path("elders/<int:pk>/", elder_detail, name="elder_detail"),
    path("elders/<int:pk>/edit/", elder_update, name="elder_update"),
    path("elders/<int:pk>/reveal/", elder_reveal, name="elder_reveal"),
    *elder_status.urlpatterns,
]
