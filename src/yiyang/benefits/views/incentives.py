"""Benefit pages: the payout plan of the caregiver incentives (seed 001 item 10).

No caregiver is stored yet (the workforce module comes later): staff enter one caregiver's
facts and see the plan, with the reading of the rules written on the page. Nothing is saved.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from yiyang.benefits.incentives import (
    CERTIFICATION,
    CERTIFICATION_UPGRADE,
    DUE,
    FORFEITED,
    FUTURE,
    HIRING,
    Caregiver,
    Certificate,
    load_parameters,
    plan_incentives,
    totals,
    totals_by_year,
)
from yiyang.benefits.views.simulation import yuan
from yiyang.core.forms import DateInput

VIEW = "benefits.view_program"


def _levels() -> list[tuple[str, str]]:
    """Skill levels 5 (lowest) to 1, labelled in the request's language."""
    return [("", "—")] + [
        (str(level), gettext("Skill level {level}").format(level=level))
        for level in (5, 4, 3, 2, 1)
    ]


DATE = DateInput()
EDUCATIONS = [
    ("", _("Not a graduate's hire")),
    ("secondary_vocational", _("Secondary vocational (中职)")),
    ("junior_college", _("Junior college or higher vocational (专科/高职)")),
    ("bachelor", _("Bachelor or above (本科以上)")),
]
KINDS = {
    CERTIFICATION: _("Certification incentive"),
    CERTIFICATION_UPGRADE: _("Certification incentive, upgrade"),
    HIRING: _("Hiring incentive"),
}
STATUSES = {
    DUE: _("Due (paid or payable)"),
    FORFEITED: _("Forfeited"),
    FUTURE: _("Future"),
}


class CaregiverForm(forms.Form):
    """One caregiver's facts, as the incentives read them."""

    level = forms.TypedChoiceField(
        label=_("Skill level of the first certificate"),
        choices=_levels,
        coerce=int,
        required=False,
        empty_value=None,
    )
    certified_on = forms.DateField(label=_("Certified on"), required=False, widget=DATE)
    upgrade_level = forms.TypedChoiceField(
        label=_("Later, higher certificate"),
        choices=_levels,
        coerce=int,
        required=False,
        empty_value=None,
    )
    upgraded_on = forms.DateField(label=_("Higher certificate on"), required=False, widget=DATE)
    education = forms.ChoiceField(label=_("Education"), choices=EDUCATIONS, required=False)
    graduated_on = forms.DateField(label=_("Graduated on"), required=False, widget=DATE)
    hired_on = forms.DateField(label=_("Hired into front-line care on"), widget=DATE)
    left_on = forms.DateField(label=_("Left front-line work on"), required=False, widget=DATE)
    as_of = forms.DateField(label=_("Plan as of"), required=False, widget=DATE)

    def clean(self):
        data = super().clean() or {}
        if data.get("level") and not data.get("certified_on"):
            self.add_error("certified_on", _("Give the date of the certificate."))
        if data.get("upgrade_level") and not data.get("upgraded_on"):
            self.add_error("upgraded_on", _("Give the date of the higher certificate."))
        if data.get("upgrade_level") and not data.get("level"):
            self.add_error("level", _("Give the first certificate before a later one."))
        if data.get("education") and not data.get("graduated_on"):
            self.add_error("graduated_on", _("Give the graduation date."))
        hired, left = data.get("hired_on"), data.get("left_on")
        if hired and left and left < hired:
            self.add_error("left_on", _("The caregiver cannot leave before being hired."))
        return data

    def caregiver(self) -> Caregiver:
        data = self.cleaned_data
        certificates = []
        if data.get("level"):
            certificates.append(Certificate(data["level"], data["certified_on"]))
        if data.get("upgrade_level"):
            certificates.append(Certificate(data["upgrade_level"], data["upgraded_on"]))
        return Caregiver(
            certificates=tuple(certificates),
            education=data.get("education") or None,
            graduated_on=data.get("graduated_on"),
            hired_on=data.get("hired_on"),
            left_on=data.get("left_on"),
        )


@login_required
@require_GET
def incentive_schedule(request):
    """Enter one caregiver's facts and see both incentives' instalments, year by year."""
    if not request.user.has_capability(VIEW):
        raise PermissionDenied
    parameters = load_parameters()
    form = CaregiverForm(request.GET or None)
    context: dict = {
        "form": form,
        "parameters": parameters,
        "certification_amounts": [
            (level, yuan(parameters.certification_fen[level])) for level in (5, 4, 3, 2, 1)
        ],
        "hiring_amounts": [
            (label, yuan(parameters.hiring_fen[code]))
            for code, label in EDUCATIONS
            if code in parameters.hiring_fen
        ],
    }
    if form.is_valid():
        as_of = form.cleaned_data.get("as_of") or timezone.localdate()
        plan = plan_incentives(form.caregiver(), as_of=as_of, parameters=parameters)
        context.update(
            {
                "as_of": as_of,
                "instalments": [
                    {
                        "instalment": instalment,
                        "kind": KINDS[instalment.kind],
                        "status": STATUSES[instalment.status],
                        "amount": yuan(instalment.amount_fen),
                    }
                    for instalment in plan
                ],
                "years": [
                    (year, {status: yuan(fen) for status, fen in amounts.items()})
                    for year, amounts in totals_by_year(plan)
                ],
                "totals": {status: yuan(fen) for status, fen in totals(plan).items()},
            }
        )
    return render(request, "benefits/incentives/schedule.html", context)


urlpatterns: list[URLPattern] = [
    path("incentives/", incentive_schedule, name="incentive_schedule"),
]
