"""The elder's response plan page: the contact cascade in call order, who agreed to be called,
access to the home and the conditions a responder must know (street staff edit it; the
operators read it on the alarm card)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from yiyang.core.errors import DomainError, PermissionDeniedError
from yiyang.core.forms import show_domain_error
from yiyang.registry.models import Elder
from yiyang.telecare import services
from yiyang.telecare.forms import PlanContactFormSet, ResponsePlanForm
from yiyang.telecare.models import ResponsePlan
from yiyang.telecare.services.plans import PlanContactData

MANAGE = "telecare.manage_devices"
_CONTACT_FIELDS = ("role", "name", "phone", "has_consented", "consented_on", "is_keyholder")


def _show_error(form, contact_forms, error: DomainError) -> None:
    """Put the service's refusal beside its field: `contacts.<i>.<field>` names a row."""
    parts = (error.field or "").split(".")
    if len(parts) == 3 and parts[0] == "contacts" and parts[1].isdigit():
        index = int(parts[1])
        if index < len(contact_forms) and parts[2] in contact_forms[index].fields:
            contact_forms[index].add_error(parts[2], error.message)
            return
    show_domain_error(form, error)


@login_required
def plan_edit(request, elder_pk: int):
    if not request.user.has_capability(MANAGE):
        raise PermissionDenied
    elder = get_object_or_404(Elder.objects.visible_to(request.user), pk=elder_pk)
    plan = ResponsePlan.objects.visible_to(request.user, MANAGE).filter(elder=elder).first()
    contacts = list(plan.contacts.order_by("position")) if plan else []
    initial = [{name: getattr(contact, name) for name in _CONTACT_FIELDS} for contact in contacts]
    if request.method == "POST":
        form = ResponsePlanForm(request.POST)
        formset = PlanContactFormSet(request.POST, initial=initial, prefix="contacts")
    else:
        form = ResponsePlanForm(
            initial={"home_access": plan.home_access, "conditions": plan.conditions}
            if plan
            else None
        )
        formset = PlanContactFormSet(initial=initial, prefix="contacts")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        # Rows in the order the operator numbered them; emptied and deleted rows drop out.
        ordered = [row for row in formset.ordered_forms if row.cleaned_data.get("name")]
        try:
            services.set_response_plan(
                elder,
                home_access=form.cleaned_data["home_access"],
                conditions=form.cleaned_data["conditions"],
                contacts=[
                    PlanContactData(**{name: row.cleaned_data[name] for name in _CONTACT_FIELDS})
                    for row in ordered
                ],
                actor=request.user,
            )
        except PermissionDeniedError:
            raise PermissionDenied from None
        except DomainError as error:
            _show_error(form, ordered, error)
        else:
            messages.success(request, _("Response plan saved."))
            return redirect("telecare:plan_edit", elder_pk=elder.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "telecare/plan_form.html",
        {"elder": elder, "plan": plan, "form": form, "formset": formset},
        status=status,
    )


urlpatterns = [path("plans/<int:elder_pk>/", plan_edit, name="plan_edit")]
