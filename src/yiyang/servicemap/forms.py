"""The city administrator's form for the service circle's figures."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yiyang.core.forms import DateInput
from yiyang.institutions.choices import FacilityKind, FacilityService
from yiyang.servicemap.services import CircleFigures


class CirclePolicyForm(forms.Form):
    effective_from = forms.DateField(
        label=_("Effective from"),
        widget=DateInput(),
        help_text=_("Today or later: figures already used are never rewritten."),
    )
    minutes = forms.IntegerField(label=_("Minutes of walking"), min_value=1, max_value=120)
    walking_speed_kmh = forms.DecimalField(
        label=_("Walking speed (km/h)"), max_digits=4, decimal_places=2
    )
    detour_factor = forms.DecimalField(
        label=_("Detour factor"),
        max_digits=4,
        decimal_places=2,
        help_text=_("How much longer the walk by street is than the straight line, e.g. 1.3."),
    )
    facility_kinds = forms.MultipleChoiceField(
        label=_("Facility kinds that count"),
        choices=FacilityKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    facility_services = forms.MultipleChoiceField(
        label=_("Facility services that count"),
        choices=FacilityService.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A facility counts when its kind is ticked or it offers a ticked service."),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        required=False,
        help_text=_("The document the figures come from."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name not in ("facility_kinds", "facility_services"):
                field.widget.attrs["class"] = "form-control"

    def figures(self) -> CircleFigures:
        data = self.cleaned_data
        return CircleFigures(
            effective_from=data["effective_from"],
            minutes=data["minutes"],
            walking_speed_kmh=data["walking_speed_kmh"],
            detour_factor=data["detour_factor"],
            facility_kinds=list(data["facility_kinds"]),
            facility_services=list(data["facility_services"]),
            source=data["source"],
        )
