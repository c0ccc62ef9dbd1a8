"""Scale pages: the versions of each scale, one version's items and level rules, admin actions.

Scales are not regional: every logged-in user may read them. Confirming an unverified version,
drafting a new version, publishing and retiring need `assessment.manage_scales` (the city).
"""

from __future__ import annotations

import json
from itertools import groupby

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yiyang.assessment.models import Scale
from yiyang.assessment.services import scales as services
from yiyang.core.errors import DomainError

MANAGE = "assessment.manage_scales"


class ConfirmForm(forms.Form):
    source = forms.CharField(
        label=gettext_lazy("Official document checked against"),
        max_length=300,
        help_text=gettext_lazy("Title, number and attachment, e.g. 医保办发〔2021〕37号 附件1."),
    )


class NewVersionForm(forms.Form):
    definition = forms.CharField(
        label=gettext_lazy("Definition (JSON)"), widget=forms.Textarea(attrs={"rows": 16})
    )

    def clean_definition(self):
        try:
            definition = json.loads(self.cleaned_data["definition"])
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("Not valid JSON (line {line}, column {column}).").format(
                    line=error.lineno, column=error.colno
                )
            ) from None
        if not isinstance(definition, dict):
            raise forms.ValidationError(_("The definition must be a JSON object."))
        return definition


@login_required
def scale_list(request):
    versions = Scale.objects.select_related("verified_by").order_by("code", "-version")
    groups = [(code, list(rows)) for code, rows in groupby(versions, key=lambda s: s.code)]
    return render(request, "assessment/scales/list.html", {"groups": groups})


@login_required
def scale_detail(request, pk: int):
    scale = get_object_or_404(Scale.objects.select_related("verified_by"), pk=pk)
    return _detail(request, scale)


def _detail(request, scale: Scale, *, confirm_form=None, version_form=None, status=200):
    definition = scale.definition
    may_manage = request.user.has_capability(MANAGE)
    context = {
        "scale": scale,
        "definition": definition,
        "dimensions": definition.get("dimensions", []),
        "item_count": sum(len(d.get("items", [])) for d in definition.get("dimensions", [])),
        "levels": definition.get("levels", []),
        "grades": {g["grade"]: g["name"] for g in definition.get("grades", [])},
        "matrix_rows": _matrix_rows(definition),
        "rules": definition.get("rules", {}),
        "in_use": services.is_in_use(scale),
        "may_manage": may_manage,
        "versions": Scale.objects.filter(code=scale.code).order_by("-version"),
        "confirm_form": confirm_form or ConfirmForm(),
        "version_form": version_form
        or NewVersionForm(
            initial={"definition": json.dumps(definition, ensure_ascii=False, indent=1)}
        ),
    }
    return render(request, "assessment/scales/detail.html", context, status=status)


def _matrix_rows(definition: dict) -> list[tuple[str, list]]:
    """The LTC matrix as (row grade name, cells) for the page."""
    matrix = definition.get("matrix")
    if not matrix:
        return []
    grades = {g["grade"]: g["name"] for g in definition.get("grades", [])}
    names = {level["level"]: level["name"] for level in definition.get("levels", [])}
    return [
        (grades.get(row, row), [names.get(cell, cell) for cell in cells])
        for row, cells in enumerate(matrix.get("cells", []))
    ]


def _managed(request, pk: int) -> Scale:
    if not request.user.has_capability(MANAGE):
        raise PermissionDenied
    return get_object_or_404(Scale, pk=pk)


@login_required
@require_POST
def scale_confirm(request, pk: int):
    scale = _managed(request, pk)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.confirm_scale(scale, actor=request.user, source=form.cleaned_data["source"])
        except DomainError as error:
            form.add_error("source" if error.field == "source" else None, error.message)
        else:
            messages.success(
                request, _("The rules were confirmed. The version can now be published.")
            )
            return redirect("assessment:scale_detail", pk=scale.pk)
    return _detail(request, scale, confirm_form=form, status=422)


@login_required
@require_POST
def scale_publish(request, pk: int):
    scale = _managed(request, pk)
    try:
        services.publish_scale_version(scale, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("{scale} is published.").format(scale=scale))
    return redirect("assessment:scale_detail", pk=scale.pk)


@login_required
@require_POST
def scale_retire(request, pk: int):
    scale = _managed(request, pk)
    try:
        services.retire_scale(scale, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("{scale} is retired.").format(scale=scale))
    return redirect("assessment:scale_detail", pk=scale.pk)


@login_required
@require_POST
def scale_new_version(request, pk: int):
    scale = _managed(request, pk)
    form = NewVersionForm(request.POST)
    if form.is_valid():
        try:
            created = services.new_scale_version(
                scale, definition=form.cleaned_data["definition"], actor=request.user
            )
        except DomainError as error:
            form.add_error("definition", error.message)
        else:
            messages.success(
                request,
                _("Version {version} was drafted. Check it, then publish it.").format(
                    version=created.version
                ),
            )
            return redirect("assessment:scale_detail", pk=created.pk)
    return _detail(request, scale, version_form=form, status=422)


urlpatterns = [
    path("scales/", scale_list, name="scale_list"),
    path("scales/<int:pk>/", scale_detail, name="scale_detail"),
    path("scales/<int:pk>/confirm/", scale_confirm, name="scale_confirm"),
    path("scales/<int:pk>/publish/", scale_publish, name="scale_publish"),
    path("scales/<int:pk>/retire/", scale_retire, name="scale_retire"),
    path("scales/<int:pk>/new-version/", scale_new_version, name="scale_new_version"),
]
