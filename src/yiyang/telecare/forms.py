"""Forms of the alarm console and the device pages; each valid form calls a service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from yiyang.telecare.choices import AlarmOutcome, CallResult, DeviceKind, DispatchTarget


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
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
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
