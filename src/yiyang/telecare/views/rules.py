"""The alarm rules page (`telecare.manage_rules`): the city's rules in force with their
thresholds and windows, versions to come, the elders' own overrides, and a form that adds a
version of a rule for everyone or for one elder. A refused value is named beside its field."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core.errors import DomainError, PermissionDeniedError
from yiyang.core.forms import show_domain_error
from yiyang.registry.models import Elder
from yiyang.telecare import services
from yiyang.telecare.choices import AlarmSeverity, RuleCode
from yiyang.telecare.forms import RuleForm
from yiyang.telecare.models import AlarmRule
from yiyang.telecare.rules import THRESHOLD_RANGES, WINDOW_RULES
from yiyang.telecare.services.rules import MANAGE_RULES, RULE_UNIT_LABELS, settings_in_force


def _require(user) -> None:
    if not user.has_capability(MANAGE_RULES):
        raise PermissionDenied


def _elder(request) -> Elder | None:
    pk = request.GET.get("elder") or request.POST.get("elder")
    if not pk:
        return None
    if not str(pk).isdigit():
        raise Http404
    return get_object_or_404(Elder.objects.visible_to(request.user), pk=int(pk))


def _rows(settings: dict, overrides: dict) -> list[dict]:
    return [
        {
            "code": code,
            "label": label,
            "setting": settings.get(code),
            "is_override": code in overrides,
            "unit": RULE_UNIT_LABELS.get(code, ""),
        }
        for code, label in RuleCode.choices
    ]


@login_required
def rule_list(request):
    _require(request.user)
    elder = _elder(request)
    today = timezone.localdate()
    found = settings_in_force(today, [elder.pk] if elder else [])
    overrides = found.get(elder.pk, {}) if elder else {}
    settings = {**found[None], **overrides}
    upcoming = AlarmRule.objects.filter(effective_from__gt=today).select_related("elder")
    elder_rules = (
        AlarmRule.objects.in_force(today)
        .filter(elder__isnull=False)
        .select_related("elder")
        .order_by("elder__name", "code", "-effective_from")
    )
    if elder:
        upcoming = upcoming.filter(elder=elder)
    return render(
        request,
        "telecare/rule_list.html",
        {
            "elder": elder,
            "rows": _rows(settings, overrides),
            "severities": dict(AlarmSeverity.choices),
            "upcoming": list(upcoming.order_by("effective_from", "code")),
            "elder_rules": [] if elder else list(elder_rules[:200]),
        },
    )


@login_required
def rule_edit(request, code: str):
    _require(request.user)
    if code not in RuleCode.values:
        raise Http404
    elder = _elder(request)
    today = timezone.localdate()
    found = settings_in_force(today, [elder.pk] if elder else [])
    current = {**found[None], **(found.get(elder.pk, {}) if elder else {})}.get(code)
    initial = {"effective_from": today, "is_enabled": True}
    if current:
        initial.update(
            severity=current.severity,
            is_enabled=current.is_enabled,
            threshold=current.threshold,
            window_start_hour=current.window_start_hour,
            window_end_hour=current.window_end_hour,
        )
    form = RuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_rule(code, elder=elder, **form.cleaned_data, actor=request.user)
        except PermissionDeniedError:
            raise PermissionDenied from None
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Alarm rule saved."))
            target = redirect("telecare:rule_list")
            if elder:
                target["Location"] += f"?elder={elder.pk}"
            return target
    low_high = THRESHOLD_RANGES.get(code)
    return render(
        request,
        "telecare/rule_form.html",
        {
            "form": form,
            "code": code,
            "label": RuleCode(code).label,
            "elder": elder,
            "unit": RULE_UNIT_LABELS.get(code, ""),
            "range": low_high,
            "has_window": code in WINDOW_RULES,
        },
        status=422 if request.method == "POST" else 200,
    )


urlpatterns = [
    path("rules/", rule_list, name="rule_list"),
    path("rules/<str:code>/", rule_edit, name="rule_edit"),
]
