"""Order pages: the list, one order with its timeline and flags, its steps, the review queue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiyang.core.errors import DomainError
from yiyang.homecare import lifecycle, services
from yiyang.homecare.choices import OrderStatus, ReviewStatus
from yiyang.homecare.views.common import order_for, orders_for

PAGE_SIZE = 50


@login_required
def order_list(request):
    queryset = orders_for(request.user)
    status = request.GET.get("status", "")
    if status in OrderStatus.values:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset.order_by("-planned_start", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "homecare/order_list.html",
        {
            "page": page,
            "status": status,
            "statuses": OrderStatus.choices,
            "filter_query": f"status={status}" if status else "",
        },
    )


@login_required
def review_queue(request):
    """Flagged visits waiting for a reviewer, oldest first (issue 5 EVV review)."""
    queryset = (
        orders_for(request.user)
        .filter(review_status=ReviewStatus.PENDING)
        .prefetch_related("flags")
        .order_by("checked_out_at", "pk")
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "homecare/review_queue.html", {"page": page, "filter_query": ""})


@login_required
def order_detail(request, pk: int):
    order = order_for(request.user, pk)
    return render(
        request,
        "homecare/order_detail.html",
        {
            "order": order,
            "actions": lifecycle.actions_from(order.status),
            "perms_request": request.user.has_capability("homecare.request_order"),
            "perms_complain": request.user.has_capability("homecare.file_complaint"),
            "can_review": order.review_status == ReviewStatus.PENDING
            and request.user.has_capability("homecare.review_visit"),
            "family_link": _family_link(request, order),
        },
    )


def _family_link(request, order) -> str:
    """The link a clerk sends the family to confirm and rate the visit without an account.

    Only for those who may confirm it themselves: a caregiver or the provider holding the link
    could confirm their own visit.
    """
    if order.status != OrderStatus.CHECKED_OUT or not request.user.has_capability(
        "homecare.confirm_visit"
    ):
        return ""
    token = services.family_link_token(order)
    return request.build_absolute_uri(reverse("homecare:family_confirm", args=[token]))


@login_required
@require_POST
def order_step(request, pk: int):
    """Take one step on the order from its page; the service checks who may and when."""
    order = order_for(request.user, pk)
    action = request.POST.get("action", "")
    reason = request.POST.get("reason", "")
    try:
        if action == "accept":
            services.accept_order(order, actor=request.user)
        elif action == "refuse":
            services.refuse_order(order, reason=reason, actor=request.user)
        elif action == "cancel":
            services.cancel_order(order, reason=reason, actor=request.user)
        elif action == "confirm":
            rating = request.POST.get("rating") or None
            services.confirm_visit(
                order,
                rating=int(rating) if rating and rating.isdigit() else None,
                comment=request.POST.get("comment", ""),
                actor=request.user,
            )
        elif action in ("review_accept", "review_reject"):
            services.review_visit(
                order, accept=action == "review_accept", reason=reason, actor=request.user
            )
        else:
            messages.error(request, _("Choose a step."))
            return redirect("homecare:order_detail", pk=pk)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Done."))
    return redirect("homecare:order_detail", pk=pk)


urlpatterns = [
    path("orders/", order_list, name="order_list"),
    path("orders/review/", review_queue, name="review_queue"),
    path("orders/<int:pk>/", order_detail, name="order_detail"),
    path("orders/<int:pk>/step/", order_step, name="order_step"),
]
