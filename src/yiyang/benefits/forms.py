"""Forms of the benefits pages; each checks input, the services decide and write."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yiyang.benefits.choices import (
    ApplicantKind,
    ApplicationStatus,
    ApprovalLevel,
    RowChange,
)
from yiyang.benefits.models import Program
from yiyang.core.forms import DateInput
from yiyang.core.models import Region

MONTH = re.compile(r"(\d{4})-(\d{1,2})")


def parse_month(text: str) -> date:
    """Read "YYYY-MM" as the month's first day, or raise a ValidationError in words."""
    match = MONTH.fullmatch((text or "").strip())
    if match is None or not 1 <= int(match[2]) <= 12:
        raise forms.ValidationError(
            _("“{value}” is not a month; write it as YYYY-MM, for example 2026-06.").format(
                value=text
            )
        )
    return date(int(match[1]), int(match[2]), 1)


class MonthField(forms.CharField):
    """A month typed as YYYY-MM, cleaned to its first day."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 7)
        kwargs.setdefault("help_text", gettext_lazy("Year and month, for example 2026-06."))
        super().__init__(**kwargs)
        self.widget.attrs.update({"placeholder": "YYYY-MM", "inputmode": "numeric"})

    def prepare_value(self, value):
        if isinstance(value, date):
            return f"{value:%Y-%m}"
        return value

    def clean(self, value):
        text = super().clean(value)
        return parse_month(text) if text else None


# --- programmes ---------------------------------------------------------------------------------


class VersionForm(forms.Form):
    """A draft version: the month it takes effect, its rules as JSON, and a note."""

    effective_from = MonthField(label=gettext_lazy("Takes effect from month"))
    rules = forms.CharField(
        label=gettext_lazy("Rules (JSON)"),
        widget=forms.Textarea(attrs={"rows": 18, "class": "font-monospace small"}),
        help_text=gettext_lazy(
            "Amounts are in fen (10000 = 100 yuan). Keys: start (next_month or same_month), "
            "region_basis (hukou or residence), age_min, age_max, categories_any, "
            "categories_none, ability_levels, requires_valid_assessment, "
            "exclude_concentrated_support, exclude_programs, cap_fen, arrears_months, and "
            "brackets: a list of {label, age_min, age_max, categories_any, ability_levels, "
            "amount_fen}."
        ),
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=500, required=False)

    def clean_rules(self):
        text = self.cleaned_data["rules"]
        try:
            rules = json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("Not valid JSON (line {line}, column {column}).").format(
                    line=error.lineno, column=error.colno
                )
            ) from None
        if not isinstance(rules, dict):
            raise forms.ValidationError(_("The rules must be a JSON object {…}."))
        return rules


def rules_text(rules: dict) -> str:
    return json.dumps(rules, ensure_ascii=False, indent=2)


# --- applications -------------------------------------------------------------------------------


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Any status")), *ApplicationStatus.choices],
    )
    program = forms.ModelChoiceField(
        label=gettext_lazy("Programme"),
        required=False,
        queryset=Program.objects.none(),
        empty_label=gettext_lazy("All programmes"),
    )
    level = forms.ChoiceField(
        label=gettext_lazy("Waiting for"),
        required=False,
        choices=[("", gettext_lazy("Any step")), *ApprovalLevel.choices],
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["program"])
        field.queryset = Program.objects.visible_to(user).filter(needs_application=True)

    def apply(self, queryset):
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["program"]:
            queryset = queryset.filter(program=data["program"])
        if data["level"]:
            queryset = queryset.filter(
                status=ApplicationStatus.PENDING, current_level=data["level"]
            )
        return queryset


class ApplicationForm(forms.Form):
    program = forms.ModelChoiceField(
        label=gettext_lazy("Programme"), queryset=Program.objects.none(), empty_label=None
    )
    applicant_kind = forms.ChoiceField(
        label=gettext_lazy("Who applies"),
        choices=ApplicantKind.choices,
        initial=ApplicantKind.CLERK,
    )
    applicant_name = forms.CharField(
        label=gettext_lazy("Applicant's name"),
        max_length=50,
        required=False,
        help_text=gettext_lazy("When a family member applies."),
    )
    applied_on = forms.DateField(label=gettext_lazy("Applied on"), widget=DateInput())
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault("applied_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["program"])
        field.queryset = (
            Program.objects.visible_to(user, "benefits.apply")
            .active()
            .filter(needs_application=True)
            .order_by("code")
        )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("approve", gettext_lazy("Approve")), ("refuse", gettext_lazy("Refuse"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Required for a refusal; the elder is told it."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class BankAccountForm(forms.Form):
    bank_name = forms.CharField(label=gettext_lazy("Bank"), max_length=100)
    account_number = forms.CharField(
        label=gettext_lazy("Account number"),
        max_length=40,
        help_text=gettext_lazy("10 to 30 digits; spaces and dashes are ignored."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    account_holder = forms.CharField(
        label=gettext_lazy("Account holder"),
        max_length=50,
        required=False,
        help_text=gettext_lazy("Leave empty when it is the elder."),
    )


# --- payment runs -------------------------------------------------------------------------------


class ComputeForm(forms.Form):
    program = forms.ModelChoiceField(
        label=gettext_lazy("Programme"), queryset=Program.objects.none(), empty_label=None
    )
    region = forms.ChoiceField(label=gettext_lazy("Region"))
    month = MonthField(label=gettext_lazy("Month"))

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["program"])
        field.queryset = (
            Program.objects.visible_to(user, "benefits.compute_run").active().order_by("code")
        )
        regions = (
            Region.objects.visible_to(user, "benefits.compute_run")
            .filter(level__lte=4)
            .order_by("code")
        )
        region_field = cast(forms.ChoiceField, self.fields["region"])
        region_field.choices = [(r.code, r.name) for r in regions]
        self.regions = {r.code: r for r in regions}

    def clean_region(self):
        return self.regions[self.cleaned_data["region"]]


class RowFilterForm(forms.Form):
    change = forms.ChoiceField(
        label=gettext_lazy("Change"),
        required=False,
        choices=[("", gettext_lazy("All rows")), *RowChange.choices],
    )


class ReviewForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("hold", gettext_lazy("Hold")), ("confirm", gettext_lazy("Confirm"))]
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=500, required=False)
