"""Forms of the recheck pages: drawing a round and assigning a case's recheck."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.assessment.forms import AssessorChoiceField
from yiyang.assessment.models import AssessmentAgency, Assessor, RecheckCase
from yiyang.core.models import Region, RegionLevel

INDENT = "\u3000"
QUARTERS = [
    (1, _("Q1 (January–March)")),
    (2, _("Q2 (April–June)")),
    (3, _("Q3 (July–September)")),
    (4, _("Q4 (October–December)")),
]


def recheck_region_choices(user) -> list[tuple[str, str]]:
    """Regions (city to street) where the user may draw recheck rounds."""
    regions = (
        Region.objects.visible_to(user, "assessment.run_rechecks")
        .filter(level__gte=RegionLevel.CITY, level__lte=RegionLevel.STREET, is_active=True)
        .order_by("code")
        .values_list("code", "name", "level")
    )
    return [(code, INDENT * (level - RegionLevel.CITY) + name) for code, name, level in regions]


def last_quarter() -> tuple[int, int]:
    """The quarter before today's: the usual one to draw."""
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    return (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)


class DrawForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Quarter"), choices=QUARTERS, coerce=int)
    share = forms.DecimalField(
        label=_("Share drawn (optional)"),
        required=False,
        max_digits=4,
        decimal_places=3,
        help_text=_("Empty: the policy's share on the day of the draw (0.05 is 5%)."),
    )
    seed = forms.IntegerField(
        label=_("Random seed (optional)"),
        required=False,
        min_value=0,
        help_text=_("Empty: a random seed, recorded. Give a recorded seed to redraw a sample."),
    )

    def __init__(self, *args, user, **kwargs):
        year, quarter = last_quarter()
        kwargs.setdefault("initial", {"year": year, "quarter": quarter})
        super().__init__(*args, **kwargs)
        region_field = cast(forms.ChoiceField, self.fields["region"])
        region_field.choices = recheck_region_choices(user)


class AssignRecheckForm(forms.Form):
    """Agencies serving the elder and their qualified assessors, the original team left out."""

    agency = forms.ModelChoiceField(label=_("Agency"), queryset=AssessmentAgency.objects.none())
    lead = AssessorChoiceField(label=_("Lead assessor"), queryset=Assessor.objects.none())
    second = AssessorChoiceField(label=_("Second assessor"), queryset=Assessor.objects.none())

    def __init__(self, *args, user, case: RecheckCase, **kwargs):
        super().__init__(*args, **kwargs)
        elder_region = case.original.elder.residence_region_id
        agencies = AssessmentAgency.objects.visible_to(user).serving(elder_region)
        original_team = [
            pk for pk in (case.original.lead_assessor_id, case.original.second_assessor_id) if pk
        ]
        assessors = (
            Assessor.objects.visible_to(user)
            .qualified()
            .filter(agency__in=agencies)
            .exclude(pk__in=original_team)
            .select_related("agency")
        )
        agency_field = cast(forms.ModelChoiceField, self.fields["agency"])
        agency_field.queryset = agencies
        for name in ("lead", "second"):
            assessor_field = cast(AssessorChoiceField, self.fields[name])
            assessor_field.queryset = assessors
