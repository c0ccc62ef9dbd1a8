"""Requesting services for an elder from the browser: one order, or a recurring care plan."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from yiyang.core.errors import DomainError
from yiyang.core.forms import show_domain_error
from yiyang.core.scoping import get_for
from yiyang.homecare import services
from yiyang.homecare.forms import CarePlanForm, OrderForm
from yiyang.homecare.models import CarePlan
from yiyang.homecare.views.common import require_page
from yiyang.registry.models import Elder


@login_required
def elder_services(request, pk: int):
    """The elder's request page: order one visit, or set up a plan that orders them daily."""
    require_page(request.user, "homecare.request_order")
    elder = get_for(request.user, Elder, pk)
    kind = request.POST.get("kind", "")
    # Both forms name their fields alike: their own ids keep each label on its own field.
    order_form = OrderForm(
        request.POST if kind == "order" else None, user=request.user, auto_id="order_%s"
    )
    plan_form = CarePlanForm(
        request.POST if kind == "plan" else None, user=request.user, auto_id="plan_%s"
    )
    form = order_form if kind == "order" else plan_form
    if request.method == "POST" and kind in ("order", "plan") and form.is_valid():
        data = form.cleaned_data
        try:
            if kind == "order":
                order = services.request_order(
                    elder,
                    provider=data["provider"],
                    data=services.OrderData(
                        item_code=data["item"].code,
                        planned_start=data["planned_start"],
                        source=data["source"],
                        needs_note=data["needs_note"],
                        request_key=request.POST.get("request_key", "")[:64],
                        is_urgent=data["is_urgent"],
                    ),
                    actor=request.user,
                )
                messages.success(request, _("The order was sent to the provider."))
                return redirect("homecare:order_detail", pk=order.pk)
            services.create_care_plan(
                elder,
                provider=data["provider"],
                data=services.PlanData(
                    item_code=data["item"].code,
                    weekdays=data["weekdays"],
                    start_time=data["start_time"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    needs_note=data["needs_note"],
                ),
                actor=request.user,
            )
            messages.success(request, _("The care plan was recorded; its orders come daily."))
            return redirect("homecare:elder_services", pk=elder.pk)
        except DomainError as error:
            show_domain_error(form, error)
    plans = (
        CarePlan.objects.visible_to(request.user)
        .filter(elder=elder)
        .select_related("item", "provider")
        .order_by("-created_at")
    )
    return render(
        request,
        "homecare/elder_services.html",
        {
            "elder": elder,
            "order_form": order_form,
            "plan_form": plan_form,
            "plans": plans,
            "perms_complain": request.user.has_capability("homecare.file_complaint"),
            # A refused form keeps its key; a new form gets one in the browser, so the page
            # is the same for every visit (one key per form shown: a double tap is one order).
            "request_key": request.POST.get("request_key", "")[:64],
        },
    )


urlpatterns = [path("elders/<int:pk>/services/", elder_services, name="elder_services")]
