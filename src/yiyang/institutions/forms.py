"""Forms of the institution pages; the services check everything again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yiyang.core.forms import DateInput
from yiyang.core.models import Region
from yiyang.institutions.choices import CheckResult, InstitutionKind, LegalForm, Ownership

DATE_INPUT = DateInput(attrs={"class": "form-control"})


def _text(label, *, required: bool = True, max_length: int = 100) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


def _select(label, choices) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.Select(attrs={"class": "form-select"})
    )


class InstitutionForm(forms.Form):
    name = _text(_("Name"))
    credit_code = _text(_("Unified social credit code"), max_length=18)
    ownership = _select(_("Ownership"), Ownership.choices)
    legal_form = _select(_("Legal form"), LegalForm.choices)
    kind = _select(_("Kind"), InstitutionKind.choices)
    region = forms.ModelChoiceField(
        label=_("Community or street"),
        queryset=Region.objects.none(),
        to_field_name="code",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    address = _text(_("Address"), max_length=200)
    operator = _text(_("Operator"), required=False)
    contact_name = _text(_("Contact person"), max_length=50)
    contact_phone = _text(_("Contact phone"), max_length=20)
    fire_safety_accepted = forms.BooleanField(
        label=_("Fire-safety acceptance passed"), required=False
    )
    filed_on = forms.DateField(label=_("Filed on"), widget=DATE_INPUT)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = (  # type: ignore[attr-defined]
            Region.objects.visible_to(user).filter(level__gte=4).order_by("code")
        )

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        region = data.pop("region")
        data.pop("filed_on")
        return {**data, "region_code": region.code}


class CheckForm(forms.Form):
    checked_on = forms.DateField(label=_("Checked on"), widget=DATE_INPUT)
    result = _select(_("Result"), CheckResult.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )


class DocumentForm(forms.Form):
    code = forms.ChoiceField(
        label=_("Document"), choices=(), widget=forms.Select(attrs={"class": "form-select"})
    )
    file = forms.FileField(
        label=_("File"), widget=forms.ClearableFileInput(attrs={"class": "form-control"})
    )

    def __init__(self, *args, filing, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [  # type: ignore[attr-defined]
            (item["code"], item["name"]) for item in filing.required_documents
        ]
