"""Forms of the bed board and the residents' pages; the services check everything again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yiyang.institutions.choices import BedKind, BedState, LeaveKind, Payer
from yiyang.institutions.forms import DATE_INPUT, _select, _text

SETTABLE_STATES = [
    (value, label) for value, label in BedState.choices if value != BedState.OCCUPIED
]


class RoomForm(forms.Form):
    building = _text(_("Building"), max_length=40)
    floor = forms.IntegerField(
        label=_("Floor"),
        min_value=-5,
        max_value=99,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    number = _text(_("Room number"), max_length=20)
    bed_count = forms.IntegerField(
        label=_("Beds in the room"),
        min_value=1,
        max_value=20,
        initial=2,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    kind = _select(_("Kind of bed"), BedKind.choices)

    def beds(self) -> list[tuple[str, str]]:
        """Beds numbered 1, 2, … of one kind; a bed's kind can be changed afterwards."""
        kind = self.cleaned_data["kind"]
        return [(str(number), kind) for number in range(1, self.cleaned_data["bed_count"] + 1)]


class BedStateForm(forms.Form):
    state = _select(_("State"), SETTABLE_STATES)


class BedKindForm(forms.Form):
    kind = _select(_("Kind of bed"), BedKind.choices)


class AdmissionForm(forms.Form):
    elder_id_number = _text(_("Identity number of the person"), max_length=18)
    admitted_on = forms.DateField(label=_("Admitted on"), widget=DATE_INPUT)
    contract_number = _text(_("Contract number"), max_length=50)
    contract_until = forms.DateField(label=_("Contract until"), required=False, widget=DATE_INPUT)
    fee_yuan = forms.DecimalField(
        label=_("Monthly fee (yuan)"),
        min_value=0,
        max_digits=9,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}),
    )
    payer = _select(_("Who pays"), Payer.choices)
    concentrated_support = forms.BooleanField(
        label=_("Concentrated support (特困)"), required=False
    )

    def clean(self):
        data = super().clean() or {}
        start, until = data.get("admitted_on"), data.get("contract_until")
        if start and until and until < start:
            self.add_error("contract_until", _("The contract cannot end before the admission."))
        return data


class TransferForm(forms.Form):
    bed: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Free bed"),
        queryset=None,  # set per institution
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    on = forms.DateField(label=_("On"), widget=DATE_INPUT)

    def __init__(self, *args, beds, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bed"].queryset = beds  # type: ignore[attr-defined]


class LeaveForm(forms.Form):
    kind = _select(_("Why"), LeaveKind.choices)
    started_on = forms.DateField(label=_("Left on"), widget=DATE_INPUT)
    expected_return_on = forms.DateField(label=_("Expected back on"), widget=DATE_INPUT)
    note = _text(_("Note (hospital, ward)"), required=False, max_length=200)


class ReturnForm(forms.Form):
    returned_on = forms.DateField(label=_("Back on"), widget=DATE_INPUT)


class EndStayForm(forms.Form):
    on = forms.DateField(label=_("On"), widget=DATE_INPUT)
