"""Forms of the home-service pages; saving calls the services (STYLE.md B6)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yiyang.homecare.choices import OrderSource
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
    planned_start = forms.DateTimeField(
        label=_("Planned start"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
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
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
