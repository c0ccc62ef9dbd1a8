"""Pages that change an elder's standing: death, moving out, guardians and emergency contacts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from yiyang.core.errors import DomainError
from yiyang.core.forms import show_domain_error
from yiyang.core.scoping import get_for
from yiyang.core.validators.phone import mask_phone
from yiyang.registry import services
from yiyang.registry.forms import ContactFormSet, DeathForm, MoveOutForm
from yiyang.registry.models import Elder
from yiyang.registry.views.actions import action_page


@login_required
def elder_death(request, pk: int):
    elder = get_for(request.user, Elder, pk, action="change")
    form = DeathForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_death(elder, **form.cleaned_data, actor=request.user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(
                request, _("The death of {name} was recorded.").format(name=elder.name)
            )
            return redirect("registry:elder_detail", pk=elder.pk)
    return action_page(
        request,
        elder,
        form,
        title=_("Record death"),
        intro=_(
            "Payments and services for this elder stop from the date of death. Give the document that reports it."
        ),
        button=_("Record death"),
        danger=True,
    )


@login_required
def elder_move_out(request, pk: int):
    elder = get_for(request.user, Elder, pk, action="change")
    form = MoveOutForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_move_out(elder, **form.cleaned_data, actor=request.user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The move-out was recorded."))
            return redirect("registry:elder_detail", pk=elder.pk)
    return action_page(
        request,
        elder,
        form,
        title=_("Record move-out"),
        intro=_("For an elder who left the city. The record stays for history."),
        button=_("Record move-out"),
    )


@login_required
def elder_contacts(request, pk: int):
    """Edit guardians and emergency contacts; stored phones are shown masked and kept if unchanged."""
    elder = get_for(request.user, Elder, pk, action="change")
    existing = list(elder.contacts.all())
    known = {mask_phone(contact.phone): contact.phone for contact in existing}
    initial = [
        {
            "kind": contact.kind,
            "name": contact.name,
            "relation": contact.relation,
            "phone": mask_phone(contact.phone),
        }
        for contact in existing
    ]
    formset = ContactFormSet(
        request.POST or None, initial=initial, prefix="contacts", form_kwargs={"known": known}
    )
    if request.method == "POST" and formset.is_valid():
        try:
            services.set_contacts(elder, formset.contacts(), actor=request.user)  # type: ignore[attr-defined]
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The contacts were saved."))
            return redirect("registry:elder_detail", pk=elder.pk)
    return render(request, "registry/elder_contacts.html", {"elder": elder, "formset": formset})


urlpatterns = [
    path("elders/<int:pk>/death/", elder_death, name="elder_death"),
    path("elders/<int:pk>/move-out/", elder_move_out, name="elder_move_out"),
    path("elders/<int:pk>/contacts/", elder_contacts, name="elder_contacts"),
]
