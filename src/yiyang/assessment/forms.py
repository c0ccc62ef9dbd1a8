"""Forms of the assessment pages; each checks input, the services decide and write."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from yiyang.assessment.choices import AssessmentReason, AssessmentStatus, RequestSource
from yiyang.assessment.models import AssessmentAgency, Assessor
from yiyang.core.models import Region
from yiyang.core.scoping import region_prefix
from yiyang.core.validators.region_code import code_prefix

# A person asks for a first, routine, immediate or other assessment; objection and recheck
# assessments are ordered by the system.
REQUEST_REASONS = [
    (value, label)
    for value, label in AssessmentReason.choices
    if value not in (AssessmentReason.OBJECTION, AssessmentReason.RECHECK)
]
REQUEST_SOURCES = [
    (value, label) for value, label in RequestSource.choices if value != RequestSource.AUTOMATIC
]
LEVEL_CHOICES = [("", _("Any level"))] + [(str(level), str(level)) for level in range(5)]


class AssessmentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Assessment status"),
        required=False,
        choices=[("", _("Any status")), *AssessmentStatus.choices],
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=LEVEL_CHOICES)
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        required=False,
        queryset=AssessmentAgency.objects.none(),
        empty_label=_("All agencies"),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        prefix = region_prefix(user, "assessment.view_assessment")
        regions = Region.objects.none()
        if prefix is not None:
            regions = Region.objects.filter(code__startswith=prefix, level__in=(3, 4))
        region_field = cast(forms.ChoiceField, self.fields["region"])
        region_field.choices = [("", _("All my regions"))] + [
            (region.code, region.name) for region in regions.order_by("code")
        ]
        agency_field = cast(forms.ModelChoiceField, self.fields["agency"])
        agency_field.queryset = AssessmentAgency.objects.visible_to(user)

    def apply(self, queryset):
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["region"]:
            queryset = queryset.filter(
                elder__residence_region__code__startswith=code_prefix(data["region"])
            )
        if data["level"] != "" and data["level"] is not None:
            queryset = queryset.filter(level=int(data["level"]))
        if data["agency"]:
            queryset = queryset.filter(agency=data["agency"])
        return queryset


class RequestForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"), choices=REQUEST_REASONS, initial=AssessmentReason.FIRST
    )
    source = forms.ChoiceField(
        label=_("Requested through"), choices=REQUEST_SOURCES, initial=RequestSource.COMMUNITY
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssessorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Assessor) -> str:
        return f"{obj.name}（{obj.agency.name}）"


class AssignForm(forms.Form):
    """Agencies serving the elder's region, and their qualified assessors."""

    agency = forms.ModelChoiceField(label=_("Agency"), queryset=AssessmentAgency.objects.none())
    lead = AssessorChoiceField(label=_("Lead assessor"), queryset=Assessor.objects.none())
    second = AssessorChoiceField(label=_("Second assessor"), queryset=Assessor.objects.none())

    def __init__(self, *args, region_code: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        agencies = AssessmentAgency.objects.serving(region_code)
        agency_field = cast(forms.ModelChoiceField, self.fields["agency"])
        agency_field.queryset = agencies
        # Every assessor of a serving agency is listed; the service says which ones may not
        # sign, so the refusal names the reason rather than hiding the person.
        assessors = Assessor.objects.filter(agency__in=agencies, is_active=True).select_related(
            "agency"
        )
        for name in ("lead", "second"):
            assessor_field = cast(AssessorChoiceField, self.fields[name])
            assessor_field.queryset = assessors


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            ("approve", _("Approve and publish")),
            ("return", _("Return to the assessors")),
        ],
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class ObjectionForm(forms.Form):
    raised_by_name = forms.CharField(label=_("Raised by"), max_length=50)
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4})
    )


class DecideObjectionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            ("uphold", _("Uphold: re-assess by other assessors")),
            ("dismiss", _("Dismiss: the result stands")),
        ],
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class CancelForm(forms.Form):
    note = forms.CharField(
        label=_("Why is it cancelled?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
