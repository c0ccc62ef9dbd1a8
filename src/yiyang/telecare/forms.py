"""Forms of the alarm console and the device pages; each valid form calls a service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from yiyang.core.forms import DateInput, DateTimeInput, MonthInput
from yiyang.telecare.choices import (
    AlarmOutcome,
    AlarmSeverity,
    CallResult,
    DeviceKind,
    DispatchTarget,
    ResponderRole,
)


class AcknowledgeForm(forms.Form):
    late_reason = forms.CharField(
        label=_("Reason for a late answer"), max_length=200, required=False
    )


class CallForm(forms.Form):
    called = forms.CharField(label=_("Called"), max_length=100)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    result = forms.ChoiceField(label=_("Result"), choices=CallResult.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class DispatchForm(forms.Form):
    target = forms.ChoiceField(label=_("Sent or called"), choices=DispatchTarget.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ArrivalForm(forms.Form):
    responder = forms.CharField(label=_("Who arrived"), max_length=100)
    arrived_at = forms.DateTimeField(
        label=_("Arrived at"),
        required=False,
        help_text=_("Blank: now."),
        widget=DateTimeInput(),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=AlarmOutcome.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class DeviceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DeviceKind.choices)
    serial = forms.CharField(label=_("Serial number"), max_length=64)
    installed_on = forms.DateField(label=_("Installation date"))
    heartbeat_seconds = forms.IntegerField(
        label=_("Heartbeat interval (seconds)"), initial=300, min_value=1
    )
    address = forms.CharField(
        label=_("Installed at"),
        max_length=200,
        required=False,
        help_text=_("Blank: the elder's address."),
    )


class UnbindForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class ResponsePlanForm(forms.Form):
    home_access = forms.CharField(
        label=_("Home access"),
        max_length=300,
        required=False,
        help_text=_("Key safe and its code holder, who keeps a key, gate or door codes."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    conditions = forms.CharField(
        label=_("Conditions to know"),
        max_length=500,
        required=False,
        help_text=_("What a responder must know: illnesses, medicines, hearing, a dog."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PlanContactForm(forms.Form):
    # A blank first choice: an empty row posts nothing that counts as a change, so it is skipped.
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *ResponderRole.choices])
    name = forms.CharField(label=_("Name"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=20)
    has_consented = forms.BooleanField(label=_("Agreed to be called"), required=False)
    consented_on = forms.DateField(
        label=_("Agreed on"),
        required=False,
        widget=DateInput(),
    )
    is_keyholder = forms.BooleanField(label=_("Holds a key"), required=False)


# Rows in call order; ORDER lets the operator move a contact up the cascade, DELETE drops one.
PlanContactFormSet = forms.formset_factory(
    PlanContactForm, extra=2, can_order=True, can_delete=True, max_num=10, absolute_max=10
)


class BedForm(forms.Form):
    provider_name = forms.CharField(label=_("Provider"), max_length=100)
    contract_number = forms.CharField(label=_("Contract number"), max_length=50)
    contract_start = forms.DateField(label=_("Contract from"), widget=DateInput())
    contract_end = forms.DateField(label=_("Contract until"), widget=DateInput())
    adaptation_done_on = forms.DateField(
        label=_("Home adaptation done on"),
        required=False,
        help_text=_("Blank until the adaptation is finished."),
        widget=DateInput(),
    )


class AdaptationForm(forms.Form):
    adaptation_done_on = forms.DateField(
        label=_("Home adaptation done on"),
        widget=DateInput(),
    )


class BedMonthForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=MonthInput(),
    )
    owed_visits = forms.IntegerField(label=_("Visits owed"), min_value=0, max_value=100)
    services = forms.CharField(
        label=_("Services"),
        max_length=300,
        required=False,
        help_text=_("What the visits bring: bathing, cleaning, nursing, rehabilitation."),
    )


class BedCloseForm(forms.Form):
    reason = forms.CharField(label=_("Reason for closing"), max_length=200)


class RuleForm(forms.Form):
    severity = forms.TypedChoiceField(
        label=_("Severity"), choices=AlarmSeverity.choices, coerce=int
    )
    is_enabled = forms.BooleanField(label=_("Enabled"), required=False)
    threshold = forms.IntegerField(label=_("Threshold"), required=False, min_value=0)
    window_start_hour = forms.IntegerField(
        label=_("From hour"), required=False, min_value=0, max_value=24
    )
    window_end_hour = forms.IntegerField(
        label=_("To hour"), required=False, min_value=0, max_value=24
    )
    effective_from = forms.DateField(label=_("Effective from"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"),
        max_length=200,
        required=False,
        help_text=_("Why: the decision or the elder’s habit behind the change."),
    )
