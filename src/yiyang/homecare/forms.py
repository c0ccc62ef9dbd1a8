"""Forms of the home-service pages; saving calls the services (STYLE.md B6)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yiyang.core.forms import DateInput, DateTimeInput
from yiyang.homecare.choices import (
    ComplainantKind,
    ComplaintCategory,
    ComplaintChannel,
    OrderSource,
)
from yiyang.homecare.models import Provider, ServiceItem

WEEKDAYS = [
    (1, _("Monday")),
    (2, _("Tuesday")),
    (3, _("Wednesday")),
    (4, _("Thursday")),
    (5, _("Friday")),
    (6, _("Saturday")),
    (7, _("Sunday")),
]


class _ServiceForm(forms.Form):
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=Provider.objects.none())
    item = forms.ModelChoiceField(
        label=_("Service item"), queryset=ServiceItem.objects.filter(is_active=True)
    )
    needs_note = forms.CharField(label=_("Needs and risks"), max_length=500, required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["provider"]
        field.queryset = Provider.objects.visible_to(user).active().order_by("name")  # type: ignore[attr-defined]


class OrderForm(_ServiceForm):
    planned_start = forms.DateTimeField(label=_("Planned start"), widget=DateTimeInput())
    source = forms.ChoiceField(label=_("Requested through"), choices=OrderSource.choices[:3])
    is_urgent = forms.BooleanField(
        label=_("Urgent"),
        required=False,
        help_text=_("The day planner places urgent visits first."),
    )


class CarePlanForm(_ServiceForm):
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("To"), required=False, widget=DateInput())


class ComplaintForm(forms.Form):
    """A clerk or hotline operator files a complaint; without a visit, the provider is chosen."""

    provider = forms.ModelChoiceField(label=_("Provider"), queryset=Provider.objects.none())
    complainant_kind = forms.ChoiceField(label=_("Who complains"), choices=ComplainantKind.choices)
    complainant_name = forms.CharField(
        label=_("Complainant's name"),
        max_length=50,
        required=False,
        help_text=_("Leave empty when the elder complains."),
    )
    phone = forms.CharField(label=_("Complainant's phone"), max_length=20, required=False)
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[c for c in ComplaintChannel.choices if c[0] != ComplaintChannel.FAMILY_LINK],
    )
    category = forms.ChoiceField(label=_("What it is about"), choices=ComplaintCategory.choices)
    text = forms.CharField(
        label=_("The complaint"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, user, order=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if order is not None:
            del self.fields["provider"]
        else:
            field = self.fields["provider"]
            field.queryset = Provider.objects.visible_to(user).order_by("name")  # type: ignore[attr-defined]
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs.setdefault("class", css)


class FamilyComplaintForm(forms.Form):
    """The family's complaint from the signed link: what about, in their words, and a number."""

    category = forms.ChoiceField(label=_("What it is about"), choices=ComplaintCategory.choices)
    text = forms.CharField(
        label=_("What happened"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    complainant_name = forms.CharField(label=_("Your name"), max_length=50)
    phone = forms.CharField(label=_("Your phone (we call you back)"), max_length=20, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs.setdefault("class", css + " fs-5")
