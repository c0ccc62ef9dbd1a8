"""Complaints and low ratings (投诉与差评): the case list of a provider (or of the bureau's region),
one case with its timeline and the step forms, and filing a complaint about a visit or about a
provider from the elder's page (issue 5)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiyang.core import audit
from yiyang.core.errors import DomainError
from yiyang.core.forms import show_domain_error
from yiyang.core.roles import Role
from yiyang.core.scoping import get_for
from yiyang.homecare import services
from yiyang.homecare.case_deadlines import with_timing
from yiyang.homecare.choices import (
    CaseOutcome,
    CaseSatisfaction,
    CaseSource,
    CaseStatus,
)
from yiyang.homecare.forms import ComplaintForm
from yiyang.homecare.models import CaseEvent, Complaint, ProviderCase
from yiyang.homecare.views.common import order_for, require_page
from yiyang.registry.models import Elder

VIEW = "homecare.view_case"
FILE = "homecare.file_complaint"
PAGE_SIZE = 50
UNRESOLVED = "unresolved"


def _cases(user):
    require_page(user, VIEW)
    return ProviderCase.objects.visible_to(user).select_related(
        "provider", "order__item", "order__elder", "complaint__elder"
    )


def _is_manager(user, case: ProviderCase) -> bool:
    membership = getattr(user, "provider_membership", None)
    return user.has_capability("homecare.handle_case") and (
        user.is_superuser
        or (
            membership is not None
            and membership.is_manager
            and membership.provider_id == case.provider_id
        )
    )


@login_required
def case_list(request):
    """Unresolved cases first (oldest first), overdue ones in red; filters by status and source."""
    queryset = _cases(request.user)
    status = request.GET.get("status", "")
    if status == UNRESOLVED:
        queryset = queryset.unresolved()
    elif status in CaseStatus.values:
        queryset = queryset.filter(status=status)
    source = request.GET.get("source", "")
    if source in CaseSource.values:
        queryset = queryset.filter(source=source)
    page = Paginator(queryset.open_first(), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_timing(page.object_list)
    query = "&".join(
        f"{key}={value}" for key, value in (("status", status), ("source", source)) if value
    )
    return render(
        request,
        "homecare/case_list.html",
        {
            "page": page,
            "status": status,
            "source": source,
            "statuses": [(UNRESOLVED, _("Not resolved")), *CaseStatus.choices],
            "sources": CaseSource.choices,
            "filter_query": query,
            "across_providers": request.user.role != Role.PROVIDER_STAFF,
        },
    )


def _case(user, pk: int) -> ProviderCase:
    events = CaseEvent.objects.select_related("actor").order_by("created_at", "pk")
    queryset = _cases(user).prefetch_related(Prefetch("events", queryset=events))
    return get_object_or_404(queryset, pk=pk)


@login_required
def case_detail(request, pk: int):
    user = request.user
    case = with_timing([_case(user, pk)])[0]
    may_handle = _is_manager(user, case)
    complaint = case.complaint
    show_phone = bool(may_handle and complaint and complaint.phone)
    if show_phone and complaint is not None:
        # The manager calls the complainant back: each unmasked view is logged (PIPL).
        audit.record_access(
            actor=user,
            model=Complaint,
            kind="view",
            fields=["phone"],
            object_pk=str(complaint.pk),
            region_code=case.region_id,
            purpose=f"provider case {case.pk}",
        )
    return render(
        request,
        "homecare/case_detail.html",
        {
            "case": case,
            "complaint": complaint,
            "show_phone": show_phone,
            "may_handle": may_handle,
            "may_supervise": user.role != Role.PROVIDER_STAFF
            and user.has_capability("homecare.supervise_case"),
            "may_see_order": case.order_id is not None
            and user.has_capability("homecare.view_serviceorder"),
            "outcomes": CaseOutcome.choices,
            "satisfactions": CaseSatisfaction.choices,
        },
    )


@login_required
@require_POST
def case_step(request, pk: int):
    """Take one step on the case from its page; the service checks who may and when."""
    case = _case(request.user, pk)
    post = request.POST
    action = post.get("action", "")
    actor = request.user
    try:
        if action == "acknowledge":
            services.acknowledge_case(case, note=post.get("note", ""), actor=actor)
        elif action == "contact":
            services.record_contact(case, note=post.get("note", ""), actor=actor)
        elif action == "resolve":
            services.resolve_case(
                case,
                outcome=post.get("outcome", ""),
                resolution=post.get("resolution", ""),
                satisfaction=post.get("satisfaction", ""),
                actor=actor,
            )
        elif action == "satisfaction":
            services.record_satisfaction(
                case,
                satisfaction=post.get("satisfaction", ""),
                note=post.get("note", ""),
                actor=actor,
            )
        elif action == "reopen":
            services.reopen_case(case, reason=post.get("reason", ""), actor=actor)
        else:
            messages.error(request, _("Choose a step."))
            return redirect("homecare:case_detail", pk=pk)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Done."))
    return redirect("homecare:case_detail", pk=pk)


def _complaint_page(request, *, order, elder):
    user = request.user
    form = ComplaintForm(request.POST or None, user=user, order=order)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.file_complaint(
                order.provider if order is not None else data["provider"],
                data=services.ComplaintData(
                    complainant_kind=data["complainant_kind"],
                    complainant_name=data["complainant_name"],
                    phone=data["phone"],
                    channel=data["channel"],
                    category=data["category"],
                    text=data["text"],
                ),
                order=order,
                elder=elder,
                actor=user,
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(
                request, _("The complaint was filed: the provider's manager has a case.")
            )
            return redirect("homecare:case_detail", pk=case.pk)
    return render(
        request,
        "homecare/complaint_form.html",
        {"form": form, "order": order, "elder": elder},
        status=422 if form.errors else 200,
    )


@login_required
def order_complaint(request, pk: int):
    """File a complaint about one visit."""
    require_page(request.user, FILE)
    order = order_for(request.user, pk)
    return _complaint_page(request, order=order, elder=order.elder)


@login_required
def elder_complaint(request, pk: int):
    """File a complaint about a provider serving the elder, not tied to one visit."""
    require_page(request.user, FILE)
    return _complaint_page(request, order=None, elder=get_for(request.user, Elder, pk))


urlpatterns = [
    path("cases/", case_list, name="case_list"),
    path("cases/<int:pk>/", case_detail, name="case_detail"),
    path("cases/<int:pk>/step/", case_step, name="case_step"),
    path("orders/<int:pk>/complaint/", order_complaint, name="order_complaint"),
    path("elders/<int:pk>/complaint/", elder_complaint, name="elder_complaint"),
]
