"""Forms of the medical-agreement, grade and facility pages; the services check everything again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yiyang.institutions.choices import FacilityService
from yiyang.institutions.forms import DATE_INPUT, _text


class AgreementForm(forms.Form):
    medical_institution = _text(_("Medical institution"))
    scope = _text(_("What it covers"), max_length=300)
    starts_on = forms.DateField(label=_("From"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DATE_INPUT)
    green_channel = forms.BooleanField(label=_("Green channel to the hospital"), required=False)


class AgreementEndForm(forms.Form):
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE_INPUT)


class GradeForm(forms.Form):
    """One number field per item of the scheme's sheet, named by the item's code."""

    assessed_on = forms.DateField(label=_("Assessed on"), widget=DATE_INPUT)
    prerequisites_met = forms.BooleanField(
        label=_("Basic requirements all met (lawful filing, fire safety, no major accident)"),
        required=False,
    )
    note = _text(_("Note"), required=False, max_length=300)

    def __init__(self, *args, scheme, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sections = []
        for section in scheme.sections:
            fields = []
            for item in section["items"]:
                self.fields[item["code"]] = forms.DecimalField(
                    label=item["name"],
                    min_value=0,
                    max_value=item["max_points"],
                    decimal_places=1,
                    help_text=_("0 to {points}").format(points=item["max_points"]),
                    widget=forms.NumberInput(
                        attrs={
                            "class": "form-control yy-score-input",
                            "step": "0.5",
                            "data-section": section["code"],
                        }
                    ),
                )
                fields.append(item["code"])
            self.sections.append({"section": section, "codes": fields})

    def section_rows(self):
        return [
            {
                "section": row["section"],
                "fields": [self[code] for code in row["codes"]],
                "max": sum(item["max_points"] for item in row["section"]["items"]),
            }
            for row in self.sections
        ]

    def scores(self) -> dict[str, object]:
        return {code: self.cleaned_data.get(code) for row in self.sections for code in row["codes"]}


class FacilityForm(forms.Form):
    services = forms.MultipleChoiceField(
        label=_("Services offered"),
        required=False,
        choices=FacilityService.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    opening_hours = _text(_("Opening hours"), required=False)
    contact_phone = _text(_("Contact phone"), required=False, max_length=20)
    is_active = forms.BooleanField(label=_("Open to the public"), required=False)

    def service_list(self) -> list[str]:
        return list(self.cleaned_data["services"])
