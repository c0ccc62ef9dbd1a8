"""Benefit pages: programmes, their versions with the rules in words, drafting and publishing.

Programmes carry no personal data: staff read those `Program.objects.visible_to` gives them.
Drafting, editing and publishing a version need `benefits.manage_programs` (the city); the
services check the funding region again.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiyang.benefits import services
from yiyang.benefits.choices import ApprovalLevel, VersionStatus
from yiyang.benefits.eligibility import START_RULES
from yiyang.benefits.errors import BenefitsError
from yiyang.benefits.forms import VersionForm, rules_text
from yiyang.benefits.models import Program, ProgramVersion
from yiyang.core.errors import DomainError
from yiyang.core.forms import show_domain_error
from yiyang.registry.choices import AbilityLevel, Category

VIEW = "benefits.view_program"
MANAGE = "benefits.manage_programs"


def yuan(fen: int | None) -> str:
    """Fen as yuan with two decimals, from integers only (DESIGN.md rule 4)."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(int(fen)), 100)
    return f"{sign}{whole:,}.{cents:02d}"


def _require(user, capability: str) -> None:
    if not user.has_capability(capability):
        raise PermissionDenied


def _programs(user):
    _require(user, VIEW)
    return Program.objects.visible_to(user).select_related("funding_region")


def _versions(user):
    """Versions of the programmes the user may see (a version has no region of its own)."""
    return ProgramVersion.objects.filter(program__in=_programs(user)).select_related(
        "program", "program__funding_region", "created_by", "published_by"
    )


# --- rules in words -----------------------------------------------------------------------------


def _ages(low, high) -> str:
    if low is not None and high is not None:
        return _("aged {low} to {high}").format(low=low, high=high)
    if low is not None:
        return _("aged {low} or over").format(low=low)
    if high is not None:
        return _("aged {high} or under").format(high=high)
    return ""


def _categories(codes) -> str:
    labels = dict(Category.choices)
    return "、".join(str(labels.get(code, code)) for code in codes or [])


def _levels(levels) -> str:
    labels = dict(AbilityLevel.choices)
    return "、".join(str(labels.get(level, level)) for level in sorted(levels or []))


def _amount(data: dict, minutes_key: str, fen_key: str) -> str:
    """A bracket's or cap's figure: minutes of service time, or yuan."""
    if isinstance(data.get(minutes_key), int):
        return _("{minutes} min").format(minutes=f"{data[minutes_key]:,}")
    return yuan(data[fen_key]) if isinstance(data.get(fen_key), int) else "—"


def _expiry(rules: dict) -> str:
    """How long a month's voucher credit lasts, in words (`credit_expiry`)."""
    expiry = rules.get("credit_expiry") or "never"
    if expiry == "months":
        return _("A month's credit can be spent for {months} months, its own included.").format(
            months=rules.get("credit_months") or 1
        )
    return {
        "month_end": _("A month's credit can be spent until the end of that month."),
        "year_end": _("A month's credit can be spent until the end of that year."),
    }.get(expiry, "")


def describe_rules(rules: dict) -> dict:
    """The rules as sentences and bracket rows for the page (amounts in yuan)."""
    conditions = []
    ages = _ages(rules.get("age_min"), rules.get("age_max"))
    if ages:
        conditions.append(_("Elders {ages}.").format(ages=ages))
    if rules.get("region_basis") == "hukou":
        conditions.append(_("Region by hukou (registered residence)."))
    else:
        conditions.append(_("Region by where the elder lives."))
    if rules.get("categories_any"):
        conditions.append(
            _("Holding one of: {categories}.").format(
                categories=_categories(rules["categories_any"])
            )
        )
    if rules.get("categories_none"):
        conditions.append(
            _("Not holding: {categories}.").format(categories=_categories(rules["categories_none"]))
        )
    if rules.get("ability_levels"):
        conditions.append(
            _("Ability level: {levels}.").format(levels=_levels(rules["ability_levels"]))
        )
    if rules.get("requires_valid_assessment"):
        conditions.append(_("A valid ability assessment is required."))
    if rules.get("exclude_concentrated_support"):
        conditions.append(_("Not for persons under concentrated support in an institution."))
    if rules.get("exclude_programs"):
        conditions.append(
            _("Not together with: {programs}.").format(
                programs="、".join(rules["exclude_programs"])
            )
        )
    if rules.get("region_prefixes"):
        conditions.append(
            _("Only in regions {codes}.").format(codes="、".join(rules["region_prefixes"]))
        )
    start = rules.get("start") if rules.get("start") in START_RULES else "next_month"
    start_text = (
        _("A change of age or category pays the new amount from the following month.")
        if start == "next_month"
        else _("A change of age or category pays the new amount in the same month.")
    )
    brackets = []
    for bracket in rules.get("brackets") or []:
        if not isinstance(bracket, dict):
            continue
        brackets.append(
            {
                "label": bracket.get("label") or "—",
                "ages": _ages(bracket.get("age_min"), bracket.get("age_max")) or _("any age"),
                "categories": _categories(bracket.get("categories_any")) or "—",
                "levels": _levels(bracket.get("ability_levels")) or "—",
                "amount": _amount(bracket, "minutes", "amount_fen"),
            }
        )
    cap = _amount(rules, "cap_minutes", "cap_fen")
    arrears = rules.get("arrears_months") or 0
    return {
        "conditions": conditions,
        "start": start_text,
        "brackets": brackets,
        "is_time": any(isinstance(b, dict) and "minutes" in b for b in rules.get("brackets") or []),
        "expiry": _expiry(rules),
        "cap": "" if cap == "—" else cap,
        "arrears": _("Back pay for up to {months} months.").format(months=arrears)
        if arrears
        else _("No back pay of earlier months."),
    }


# --- pages --------------------------------------------------------------------------------------


@login_required
def program_list(request):
    programs = _programs(request.user).order_by("funding_region_id", "code")
    rows = []
    for program in programs:
        current = program.version_for(_this_month())
        rows.append({"program": program, "current": current})
    return render(request, "benefits/programs/list.html", {"rows": rows})


def _this_month():
    return timezone.localdate().replace(day=1)


@login_required
def program_detail(request, pk: int):
    program = get_object_or_404(_programs(request.user), pk=pk)
    return _detail(request, program)


def _detail(request, program: Program, *, form=None, status=200):
    versions = list(
        program.versions.select_related("created_by", "published_by").order_by("-number")
    )
    current = program.version_for(_this_month())
    may_manage = request.user.has_capability(MANAGE)
    latest = versions[0] if versions else None
    if form is None and may_manage:
        form = VersionForm(
            initial={
                "rules": rules_text(latest.rules if latest else {"brackets": []}),
                "effective_from": "",
            }
        )
    context = {
        "program": program,
        "versions": [(v, describe_rules(v.rules)) for v in versions],
        "current": current,
        "may_manage": may_manage,
        "form": form,
        "steps": [
            label
            for value, label in ApprovalLevel.choices
            if value in (program.approval_levels or [])
        ],
    }
    return render(request, "benefits/programs/detail.html", context, status=status)


def _managed_program(request, pk: int) -> Program:
    program = get_object_or_404(_programs(request.user), pk=pk)
    _require(request.user, MANAGE)
    return program


def _managed_version(request, pk: int) -> ProgramVersion:
    version = get_object_or_404(_versions(request.user), pk=pk)
    _require(request.user, MANAGE)
    return version


def _show_rules_error(form: VersionForm, error: DomainError) -> None:
    """Put a refusal of the rules beside the rules box, naming the field it concerns."""
    if isinstance(error, BenefitsError) and (error.field or "").startswith("rules"):
        form.add_error("rules", error.message)
    else:
        show_domain_error(form, error)


@login_required
def version_create(request, pk: int):
    """Draft a new version of a programme's rules (the current ones stay as they are)."""
    program = _managed_program(request, pk)
    if request.method != "POST":
        return _detail(request, program)
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            version = services.draft_version(
                program,
                rules=form.cleaned_data["rules"],
                effective_from=form.cleaned_data["effective_from"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except DomainError as error:
            _show_rules_error(form, error)
        else:
            messages.success(
                request,
                _("Version {number} was drafted. Check it, then publish it.").format(
                    number=version.number
                ),
            )
            return redirect("benefits:version_update", pk=version.pk)
    return _detail(request, program, form=form, status=422)


@login_required
def version_update(request, pk: int):
    """Edit a draft version; a published version is never edited."""
    version = _managed_version(request, pk)
    if request.method == "POST":
        form = VersionForm(request.POST)
        if form.is_valid():
            try:
                services.update_draft(
                    version,
                    rules=form.cleaned_data["rules"],
                    effective_from=form.cleaned_data["effective_from"],
                    note=form.cleaned_data["note"],
                    actor=request.user,
                )
            except DomainError as error:
                _show_rules_error(form, error)
            else:
                messages.success(request, _("The draft was saved."))
                return redirect("benefits:version_update", pk=version.pk)
    else:
        form = VersionForm(
            initial={
                "rules": rules_text(version.rules),
                "effective_from": version.effective_from,
                "note": version.note,
            }
        )
    context = {
        "version": version,
        "program": version.program,
        "form": form,
        "words": describe_rules(version.rules),
        "is_draft": version.status == VersionStatus.DRAFT,
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "benefits/programs/version_form.html", context, status=status)


@login_required
@require_POST
def version_publish(request, pk: int):
    version = _managed_version(request, pk)
    try:
        services.publish_version(version, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("benefits:version_update", pk=version.pk)
    messages.success(
        request,
        _("Version {number} is published and applies from {month}.").format(
            number=version.number, month=f"{version.effective_from:%Y-%m}"
        ),
    )
    return redirect("benefits:program_detail", pk=version.program_id)


urlpatterns = [
    path("programs/", program_list, name="program_list"),
    path("programs/<int:pk>/", program_detail, name="program_detail"),
    path("programs/<int:pk>/versions/new/", version_create, name="version_create"),
    path("versions/<int:pk>/edit/", version_update, name="version_update"),
    path("versions/<int:pk>/publish/", version_publish, name="version_publish"),
]
