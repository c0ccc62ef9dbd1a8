"""Forms of the agency and recheck pages: they parse input; the services check it.

Every rule (credit code, dates, qualification, the recheck team) lives in the services, so a
page and the API refuse the same input with the same message; the views put a service's refusal
beside its field with `core.forms.show_domain_error`.
"""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from yiyang.assessment.models import AssessmentAgency, Assessor
from yiyang.core.forms import DateInput
from yiyang.core.models import Region, RegionLevel

DATE_INPUT = DateInput()
# The full-width space indents a street under its district, as on the registry's pickers.
INDENT = "\u3000"


def agency_region_choices(user) -> list[tuple[str, str]]:
    """Regions (city to street) where the user may contract agencies."""
    regions = (
        Region.objects.visible_to(user, "assessment.manage_agencies")
        .filter(level__gte=RegionLevel.CITY, level__lte=RegionLevel.STREET, is_active=True)
        .order_by("code")
        .values_list("code", "name", "level")
    )
    return [(code, INDENT * (level - RegionLevel.CITY) + name) for code, name, level in regions]


class AgencyForm(forms.Form):
    name = forms.CharField(label=_("Agency name"), required=False, max_length=200)
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    region = forms.ChoiceField(label=_("Service region"), required=False)
    address = forms.CharField(label=_("Address"), required=False, max_length=200)
    contact_name = forms.CharField(label=_("Contact person"), required=False, max_length=50)
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    contract_start = forms.DateField(label=_("Contract start"), required=False, widget=DATE_INPUT)
    contract_end = forms.DateField(label=_("Contract end"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, user, agency: AssessmentAgency | None = None, **kwargs):
        if agency is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": agency.name,
                "credit_code": agency.credit_code,
                "region": agency.region_id,
                "address": agency.address,
                "contact_name": agency.contact_name,
                "phone": agency.phone,
                "contract_start": agency.contract_start,
                "contract_end": agency.contract_end,
            }
        super().__init__(*args, **kwargs)
        region_field = cast(forms.ChoiceField, self.fields["region"])
        region_field.choices = [("", "—"), *agency_region_choices(user)]


class AssessorForm(forms.Form):
    name = forms.CharField(label=_("Name"), required=False, max_length=50)
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    certificate_number = forms.CharField(
        label=_("Certificate number"), required=False, max_length=50
    )
    certified_on = forms.DateField(label=_("Certified on"), required=False, widget=DATE_INPUT)
    certificate_valid_until = forms.DateField(
        label=_("Certificate valid until"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Leave empty if the certificate does not expire."),
    )
    username = forms.CharField(
        label=_("User name for a login (optional)"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_("With a user name, a login is created and its initial password shown once."),
    )

    def __init__(self, *args, assessor: Assessor | None = None, **kwargs):
        if assessor is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": assessor.name,
                "phone": assessor.phone,
                "certificate_number": assessor.certificate_number,
                "certified_on": assessor.certified_on,
                "certificate_valid_until": assessor.certificate_valid_until,
            }
        super().__init__(*args, **kwargs)
        if assessor is not None:
            del self.fields["username"]


class TrainingForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), required=False, max_length=200)
    taken_on = forms.DateField(label=_("Date"), required=False, widget=DATE_INPUT)
    hours = forms.DecimalField(
        label=_("Hours"), required=False, max_digits=5, decimal_places=1, min_value=0
    )
    exam_score = forms.IntegerField(
        label=_("Examination score"), required=False, min_value=0, max_value=100
    )
    passed = forms.BooleanField(label=_("Passed"), required=False, initial=True)


class DeactivateForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)
