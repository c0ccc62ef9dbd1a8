"""The form a city administrator reports a figure with (人工填报)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yiyang.core.models import Region
from yiyang.stats.formulas import parse_month
from yiyang.stats.models import Indicator


class ManualReportForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator name"), queryset=Indicator.objects.none())
    region = forms.ModelChoiceField(label=_("Reporting unit"), queryset=Region.objects.none())
    month = forms.CharField(
        label=_("Month"), max_length=7, help_text=_("Year and month, for example 2026-06.")
    )
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=4)
    numerator = forms.DecimalField(
        label=_("Numerator"), max_digits=14, decimal_places=2, required=False
    )
    denominator = forms.DecimalField(
        label=_("Denominator"), max_digits=14, decimal_places=2, required=False
    )
    source = forms.CharField(
        label=_("Source of the figure"),
        max_length=200,
        help_text=_("The ledger, table or document the figure comes from."),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["indicator"]
        assert isinstance(field, forms.ModelChoiceField)  # for mypy: set just above
        field.queryset = Indicator.objects.active().filter(computation="")
        region_field = self.fields["region"]
        assert isinstance(region_field, forms.ModelChoiceField)
        # Regions the user may report for: her own and those under it, down to streets.
        region_field.queryset = (
            Region.objects.visible_to(user).filter(level__lte=4).order_by("code")
        )

        for name, form_field in self.fields.items():
            kind = "form-select" if name in ("indicator", "region") else "form-control"
            form_field.widget.attrs["class"] = kind

    def clean_month(self):
        try:
            return parse_month(self.cleaned_data["month"])
        except ValueError:
            raise forms.ValidationError(
                _("Write the month as YYYY-MM, e.g. 2026-06."), code="month"
            ) from None


class TargetForm(forms.Form):
    """A target for an indicator and year: the city's default (no region) or one region's own."""

    indicator = forms.ModelChoiceField(label=_("Indicator name"), queryset=Indicator.objects.none())
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.none(),
        required=False,
        help_text=_("Leave empty for the default target of every region."),
    )
    year = forms.IntegerField(label=_("Year"), help_text=_("For example 2025."))
    value = forms.DecimalField(label=_("Target value"), max_digits=14, decimal_places=4)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        indicator = self.fields["indicator"]
        region = self.fields["region"]
        assert isinstance(indicator, forms.ModelChoiceField)  # for mypy: declared above
        assert isinstance(region, forms.ModelChoiceField)
        indicator.queryset = Indicator.objects.active()
        region.queryset = Region.objects.visible_to(user).filter(level__lte=4).order_by("code")
        for name, form_field in self.fields.items():
            kind = "form-select" if name in ("indicator", "region") else "form-control"
            form_field.widget.attrs["class"] = kind
