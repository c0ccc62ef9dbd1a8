"""Forms of the registry pages; elder fields are checked by `check_elder_fields`, as in API and import."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yiyang.core.forms import DateInput
from yiyang.core.scoping import region_prefix
from yiyang.core.validators.phone import InvalidPhone, normalise_phone
from yiyang.registry.choices import (
    ETHNICITIES,
    MONEY_CATEGORIES,
    Category,
    CategoryChangeKind,
    ContactKind,
    LivingArrangement,
    Relation,
)
from yiyang.registry.errors import PHONE_MESSAGES
from yiyang.registry.filters import community_choices, region_choices
from yiyang.registry.validation import ELDER_FIELDS, RegionResolver, check_elder_fields

DATE_INPUT = DateInput()


def _text_input(**attrs):
    return forms.TextInput(attrs={"autocomplete": "off", **attrs})


class ElderForm(forms.Form):
    """Create or edit an elder; every field is checked by `check_elder_fields`, nothing here.

    On edit the identity and phone inputs start empty (the full numbers are not shown without a
    recorded reason); an empty input keeps the stored value.
    """

    name = forms.CharField(label=_("Name"), required=False, max_length=60)
    id_number = forms.CharField(
        label=_("Identity number"),
        required=False,
        max_length=40,
        widget=_text_input(inputmode="text", spellcheck="false"),
    )
    ethnicity = forms.ChoiceField(
        label=_("Ethnicity"), required=False, choices=[("", "—"), *list(ETHNICITIES)]
    )
    phone_primary = forms.CharField(
        label=_("Phone"), required=False, max_length=40, widget=_text_input(inputmode="tel")
    )
    phone_secondary = forms.CharField(
        label=_("Second phone"), required=False, max_length=40, widget=_text_input(inputmode="tel")
    )
    residence_region = forms.CharField(
        label=_("Residence community"), required=False, widget=forms.Select
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    hukou_region = forms.CharField(label=_("Hukou region"), required=False, widget=forms.Select)
    hukou_address = forms.CharField(label=_("Hukou address"), required=False, max_length=300)
    living_arrangement = forms.ChoiceField(
        label=_("Living arrangement"),
        required=False,
        choices=LivingArrangement.choices,
        initial=LivingArrangement.OTHER,
    )
    latitude = forms.CharField(label=_("Latitude"), required=False, max_length=20)
    longitude = forms.CharField(label=_("Longitude"), required=False, max_length=20)
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=300,
        help_text=_("Optional; kept in the change history."),
    )

    def __init__(self, *args, user, elder=None, **kwargs):
        self.user = user
        self.elder = elder
        self.capability = "registry.change_elder" if elder else "registry.add_elder"
        if elder is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": elder.name,
                "ethnicity": elder.ethnicity,
                "residence_region": elder.residence_region_id,
                "address": elder.address,
                "hukou_region": elder.hukou_region_id or "",
                "hukou_address": elder.hukou_address,
                "living_arrangement": elder.living_arrangement,
                "latitude": elder.latitude if elder.latitude is not None else "",
                "longitude": elder.longitude if elder.longitude is not None else "",
            }
        super().__init__(*args, **kwargs)
        self.fields["residence_region"].widget.choices = [
            ("", gettext("Choose the community")),
            *community_choices(user, capability=self.capability),
        ]
        self.fields["hukou_region"].widget.choices = [("", "—"), *region_choices(user)]
        # Required by `check_elder_fields`, not by the form (so the messages are the same as
        # the API's and the import's); marked for the reader all the same.
        for name in (
            ("name", "residence_region") if elder else ("name", "id_number", "residence_region")
        ):
            self.fields[name].yy_required = True  # type: ignore[attr-defined]
        if elder is None:
            del self.fields["reason"]
        else:
            keep = gettext("Leave empty to keep {value}.")
            self.fields["id_number"].help_text = keep.format(value=elder.id_number_masked)
            for name, stored in (
                ("phone_primary", elder.phone_primary),
                ("phone_secondary", elder.phone_secondary),
            ):
                if stored:
                    self.fields[name].help_text = keep.format(
                        value=elder.phone_masked if name == "phone_primary" else "****"
                    )
        self.elder_data = None

    def raw_values(self) -> dict[str, str]:
        raw = {name: self.cleaned_data.get(name, "") for name in ELDER_FIELDS}
        if self.elder is not None:
            for name in ("id_number", "phone_primary", "phone_secondary"):
                if not str(raw[name]).strip():
                    raw[name] = getattr(self.elder, name)
        return raw

    def clean(self):
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        resolver = RegionResolver.load(region_prefix(self.user, self.capability) or "")
        data, problems = check_elder_fields(
            self.raw_values(), regions=resolver, today=timezone.localdate()
        )
        for problem in problems:
            self.add_error(problem.field if problem.field in self.fields else None, problem.message)
        self.elder_data = data
        return cleaned


class DeathForm(forms.Form):
    date_of_death = forms.DateField(label=_("Date of death"), widget=DATE_INPUT)
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        help_text=_("Where the death was reported: death certificate, police, hospital …"),
    )


class MoveOutForm(forms.Form):
    moved_out_on = forms.DateField(label=_("Moved out on"), widget=DATE_INPUT)
    source = forms.CharField(label=_("Source"), max_length=200)


class ContactForm(forms.Form):
    # Blank first choices, so an untouched empty row is not taken for a half-filled contact.
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *ContactKind.choices])
    name = forms.CharField(label=_("Name"), max_length=50)
    relation = forms.ChoiceField(label=_("Relation"), choices=[("", "—"), *Relation.choices])
    phone = forms.CharField(label=_("Phone"), max_length=40, widget=_text_input(inputmode="tel"))

    def __init__(self, *args, known: dict[str, str] | None = None, **kwargs):
        # Masked phones shown in the form, mapped back to the stored numbers they stand for.
        self.known = known or {}
        super().__init__(*args, **kwargs)

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        if value in self.known:
            return self.known[value]
        try:
            return normalise_phone(value, default_area_code=settings.PHONE_AREA_CODE)
        except InvalidPhone as error:
            raise forms.ValidationError(str(PHONE_MESSAGES[error.problem])) from None


class BaseContactFormSet(forms.BaseFormSet):
    def contacts(self) -> list[dict]:
        """The filled rows in order (the order is the call order)."""
        return [
            {key: form.cleaned_data[key] for key in ("kind", "name", "relation", "phone")}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


ContactFormSet = forms.formset_factory(
    ContactForm, formset=BaseContactFormSet, extra=1, can_delete=True, max_num=10
)


def _categories(money: bool):
    return [
        (value, label) for value, label in Category.choices if (value in MONEY_CATEGORIES) == money
    ]


class CategoryGrantForm(forms.Form):
    """Record a category that moves no money (独居, 失智 …)."""

    category = forms.ChoiceField(label=_("Category"), choices=_categories(money=False))
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE_INPUT)
    source = forms.CharField(label=_("Source"), max_length=200)
    document_number = forms.CharField(label=_("Document number"), max_length=100, required=False)


class CategoryEndForm(forms.Form):
    valid_to = forms.DateField(label=_("Valid to"), widget=DATE_INPUT)
    source = forms.CharField(label=_("Source"), max_length=200)


class CategoryProposalForm(forms.Form):
    """Propose granting or ending a category that moves money; a second person decides."""

    kind = forms.ChoiceField(label=_("Change"), choices=CategoryChangeKind.choices)
    category = forms.ChoiceField(label=_("Category"), choices=_categories(money=True))
    effective_date = forms.DateField(label=_("Effective date"), widget=DATE_INPUT)
    source = forms.CharField(
        label=_("Source document"),
        max_length=200,
        help_text=_("The decision that grants or ends it, e.g. the street office's approval form."),
    )
    document_number = forms.CharField(label=_("Document number"), max_length=100, required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.HiddenInput
    )
    note = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("decision") == "reject" and not (cleaned.get("note") or "").strip():
            self.add_error("note", gettext("Give the reason for the refusal."))
        return cleaned


class RevealForm(forms.Form):
    field = forms.ChoiceField(
        choices=[("id_number", _("Identity number")), ("phone", _("Phone"))],
        widget=forms.HiddenInput,
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=200,
        error_messages={"required": _("Say why you need the full number.")},
    )


class ExportForm(forms.Form):
    include_full_numbers = forms.BooleanField(label=_("Include full numbers"), required=False)
    purpose = forms.CharField(label=_("Purpose"), max_length=200, required=False)

    def __init__(self, *args, may_reveal: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_reveal = may_reveal

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("include_full_numbers"):
            if not self.may_reveal:
                self.add_error(
                    "include_full_numbers",
                    gettext("You may not export full identity or phone numbers."),
                )
            elif not (cleaned.get("purpose") or "").strip():
                self.add_error("purpose", gettext("Say why you need the full numbers."))
        return cleaned
