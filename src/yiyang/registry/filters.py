"""The elder list's search and filters: parse the query string, apply it to a scoped QuerySet."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yiyang.core.models import Region, RegionLevel
from yiyang.registry.choices import (
    Category,
    DerivedCategory,
    ElderStatus,
    Gender,
    LivingArrangement,
)

AGE_BANDS = {
    "60-69": (60, 69),
    "70-79": (70, 79),
    "80-89": (80, 89),
    "90-99": (90, 99),
    "100+": (100, None),
}
AGE_BAND_CHOICES = [
    ("60-69", _("60–69")),
    ("70-79", _("70–79")),
    ("80-89", _("80–89")),
    ("90-99", _("90–99")),
    ("100+", _("100 and over")),
]
# The full-width space indents a street under its district and a community under its street.
INDENT = "\u3000"


def region_choices(user, *, capability: str = "registry.view_elder", min_level: int = 3):
    """Regions the user may see, from districts down, indented as a tree (codes sort as one)."""
    regions = (
        Region.objects.visible_to(user, capability)
        .filter(level__gte=min_level, is_active=True)
        .order_by("code")
        .values_list("code", "name", "level")
    )
    return [(code, INDENT * (level - min_level) + name) for code, name, level in regions]


def community_choices(user, *, capability: str):
    """Communities the user may write to, grouped by street, for a form's region picker."""
    regions = (
        Region.objects.visible_to(user, capability)
        .filter(level=RegionLevel.COMMUNITY, is_active=True)
        .select_related("parent")
        .order_by("code")
    )
    groups: dict[str, list[tuple[str, str]]] = {}
    for region in regions:
        street = region.parent.name if region.parent else ""
        groups.setdefault(street, []).append((region.code, region.name))
    return list(groups.items())


def _blank(label):
    return [("", label)]


class ElderFilterForm(forms.Form):
    """Search box and filter bar of the elder list; every choice is limited to what the user sees."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=50,
        widget=forms.TextInput(
            attrs={
                "placeholder": _("Name, pinyin initials, identity number (or its last 4), phone"),
                "autocomplete": "off",
            }
        ),
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    age_band = forms.ChoiceField(
        label=_("Age"), required=False, choices=_blank(_("All ages")) + AGE_BAND_CHOICES
    )
    gender = forms.ChoiceField(
        label=_("Gender"), required=False, choices=_blank(_("All")) + list(Gender.choices)
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_blank(_("All")) + list(ElderStatus.choices)
    )
    living_arrangement = forms.ChoiceField(
        label=_("Living arrangement"),
        required=False,
        choices=_blank(_("All")) + list(LivingArrangement.choices),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = (  # type: ignore[attr-defined]
            _blank(_("All my regions")) + region_choices(user)
        )
        self.fields["category"].choices = (  # type: ignore[attr-defined]
            _blank(_("All categories"))
            + list(Category.choices)
            + [(DerivedCategory.ADVANCED_AGE.value, DerivedCategory.ADVANCED_AGE.label)]
        )

    @property
    def is_filtered(self) -> bool:
        """True when the user searched or filtered: only then is anything listed."""
        return self.is_valid() and any(self.cleaned_data.values())

    def apply(self, queryset):
        """Narrow an already scoped QuerySet by the search text and the chosen filters."""
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.search(data["q"])
        if data["region"]:
            queryset = queryset.in_region(Region(code=data["region"]).code_prefix)
        if data["category"]:
            queryset = queryset.holding(data["category"])
        if data["age_band"]:
            low, high = AGE_BANDS[data["age_band"]]
            queryset = queryset.aged_between(low, high)
        for name in ("gender", "status", "living_arrangement"):
            if data[name]:
                queryset = queryset.filter(**{name: data[name]})
        return queryset
