"""Category pages: grant and end the ordinary ones; propose and approve the money-moving ones.

Money-moving categories (特困, 低保, 低保边缘, 低收入) need a second person (maker-checker): the
proposer sees the change waiting, another clerk approves or rejects it with a reason.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiyang.core.errors import DomainError
from yiyang.core.forms import show_domain_error
from yiyang.core.scoping import get_for
from yiyang.registry import services
from yiyang.registry.choices import CategoryChangeStatus
from yiyang.registry.forms import (
    CategoryEndForm,
    CategoryGrantForm,
    CategoryProposalForm,
    DecisionForm,
)
from yiyang.registry.models import CategoryChange, Elder
from yiyang.registry.views.actions import action_page


@login_required
def category_grant(request, pk: int):
    elder = get_for(request.user, Elder, pk, action="change")
    form = CategoryGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_category(elder, **form.cleaned_data, actor=request.user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The category was recorded."))
            return redirect("registry:elder_detail", pk=elder.pk)
    return action_page(
        request,
        elder,
        form,
        title=_("Add a category"),
        intro=_(
            "For categories that move no money. 特困, 低保, 低保边缘 and 低收入 are proposed for approval."
        ),
        button=_("Save"),
    )


@login_required
def category_end(request, pk: int, held_pk: int):
    elder = get_for(request.user, Elder, pk, action="change")
    held = get_object_or_404(elder.categories.filter(valid_to__isnull=True), pk=held_pk)
    form = CategoryEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_category(held, **form.cleaned_data, actor=request.user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The category was ended."))
            return redirect("registry:elder_detail", pk=elder.pk)
    return action_page(
        request,
        elder,
        form,
        title=_("End category “{category}”").format(category=held.get_category_display()),
        intro=_("The category stays in the history with its end date."),
        button=_("End the category"),
    )


@login_required
def category_propose(request, pk: int):
    if not request.user.has_capability("registry.propose_category"):
        raise PermissionDenied
    elder = get_for(request.user, Elder, pk)
    initial = {key: request.GET[key] for key in ("kind", "category") if key in request.GET}
    form = CategoryProposalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_category_change(elder, **form.cleaned_data, actor=request.user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The change was proposed. It takes effect when a second person approves it."),
            )
            return redirect("registry:elder_detail", pk=elder.pk)
    return action_page(
        request,
        elder,
        form,
        title=_("Propose a category change"),
        intro=_(
            "This category moves money, so a second person must approve the change before it takes effect. Both names are recorded."
        ),
        button=_("Propose for approval"),
        maker_checker=True,
    )


@login_required
def category_change_list(request):
    """The approval queue: pending changes the user may see; others' with buttons, one's own waiting."""
    user = request.user
    if not (
        user.has_capability("registry.decide_category")
        or user.has_capability("registry.propose_category")
    ):
        raise PermissionDenied
    pending = (
        CategoryChange.objects.visible_to(user)
        .pending()
        .select_related("elder", "elder__residence_region", "proposed_by")
        .order_by("proposed_at")
    )
    decided = (
        CategoryChange.objects.visible_to(user)
        .exclude(status=CategoryChangeStatus.PENDING)
        .select_related("elder", "proposed_by", "decided_by")
        .order_by("-decided_at")[:20]
    )
    return render(
        request,
        "registry/category_change_list.html",
        {
            "pending": pending,
            "decided": decided,
            "may_decide": user.has_capability("registry.decide_category"),
        },
    )


@login_required
@require_POST
def category_change_decide(request, pk: int):
    change = get_object_or_404(
        CategoryChange.objects.visible_to(request.user, "registry.decide_category").select_related(
            "elder"
        ),
        pk=pk,
    )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("registry:category_change_list")
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.decide_category_change(
            change, approve=approve, note=form.cleaned_data["note"], actor=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if approve:
            text = _("Approved: {change} for {name}.")
        else:
            text = _("Rejected: {change} for {name}.")
        messages.success(request, text.format(change=str(change), name=change.elder.name))
    return redirect("registry:category_change_list")


urlpatterns = [
    path("elders/<int:pk>/categories/new/", category_grant, name="category_grant"),
    path("elders/<int:pk>/categories/<int:held_pk>/end/", category_end, name="category_end"),
    path("elders/<int:pk>/categories/propose/", category_propose, name="category_propose"),
    path("category-changes/", category_change_list, name="category_change_list"),
    path(
        "category-changes/<int:pk>/decide/", category_change_decide, name="category_change_decide"
    ),
]
