"""Reading and installing the alarm rules (data rows; the logic is in `yiyang.telecare.rules`)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from yiyang.core import audit
from yiyang.core.scoping import require
from yiyang.registry.models import Elder
from yiyang.telecare import directory
from yiyang.telecare.choices import AlarmSeverity, RuleCode
from yiyang.telecare.errors import ErrorCode, TelecareError
from yiyang.telecare.models import AlarmRule
from yiyang.telecare.rules import THRESHOLD_RANGES, RuleSetting, setting_problem

MANAGE_RULES = "telecare.manage_rules"
# The unit of each rule's threshold, in words (`RULE_UNITS` in `yiyang.telecare.rules`).
RULE_UNIT_LABELS = {
    "low_battery": pgettext_lazy("alarm rule unit", "percent of battery"),
    "no_motion": pgettext_lazy("alarm rule unit", "hours"),
    "door_open_night": pgettext_lazy("alarm rule unit", "minutes"),
    "silent": pgettext_lazy("alarm rule unit", "missed heartbeats"),
    "escalation": pgettext_lazy("alarm rule unit", "seconds"),
    "daily_ok": pgettext_lazy("alarm rule unit", "hours"),
    "test_call": pgettext_lazy("alarm rule unit", "days"),
}

DEFAULTS_FILE = Path(__file__).resolve().parent.parent / "data" / "alarm_rules.json"


def _setting(rule: AlarmRule) -> RuleSetting:
    return RuleSetting(
        code=rule.code,
        severity=rule.severity,
        is_enabled=rule.is_enabled,
        threshold=rule.threshold,
        window_start_hour=rule.window_start_hour,
        window_end_hour=rule.window_end_hour,
    )


def settings_in_force(
    on: date, elder_pks: list[int] | None
) -> dict[int | None, dict[str, RuleSetting]]:
    """Return, in one query, the rule settings in force on `on`: the defaults under None and
    each listed elder's overrides under its pk, every elder's when `elder_pks` is None (the
    latest version of each rule wins)."""
    rules = AlarmRule.objects.in_force(on).order_by("effective_from", "pk")
    if elder_pks is not None:
        rules = rules.filter(Q(elder__isnull=True) | Q(elder_id__in=elder_pks))
    found: dict[int | None, dict[str, RuleSetting]] = {None: {}}
    for rule in rules:
        found.setdefault(rule.elder_id, {})[rule.code] = _setting(rule)
    return found


def settings_for(elder_pk: int, on: date) -> dict[str, RuleSetting]:
    """The rule settings for one elder: its overrides over the city's defaults."""
    found = settings_in_force(on, [elder_pk])
    merged = dict(found[None])
    merged.update(found.get(elder_pk, {}))
    return merged


def install_default_rules() -> int:
    """Install the defaults of `data/alarm_rules.json` once (idempotent); return rows added."""
    definition = json.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))
    effective_from = date.fromisoformat(definition["effective_from"])
    added = 0
    with transaction.atomic():
        for row in definition["rules"]:
            _rule, created = AlarmRule.objects.get_or_create(
                code=row["code"],
                elder=None,
                effective_from=effective_from,
                defaults={
                    "severity": row["severity"],
                    "is_enabled": row.get("is_enabled", True),
                    "threshold": row.get("threshold"),
                    "window_start_hour": row.get("window_start_hour"),
                    "window_end_hour": row.get("window_end_hour"),
                    "note": definition["source"][:200],
                },
            )
            added += int(created)
        if added:
            directory.changed()
    return added


def _problem_message(code: str, problem: str) -> str:
    low, high = THRESHOLD_RANGES.get(code, (0, 0))
    unit = RULE_UNIT_LABELS.get(code, "")
    return {
        "threshold_needed": _("This rule needs a threshold."),
        "threshold_unused": _("This rule has no threshold: leave it blank."),
        "threshold_range": _("Between %(low)s and %(high)s %(unit)s.")
        % {"low": low, "high": high, "unit": unit},
        "window_needed": _("This rule looks within hours of the day: give both hours."),
        "window_unused": _("This rule has no time window: leave the hours blank."),
        "hour_range": _("An hour from 0 to 24."),
        "window_empty": _("The window ends when it starts: it would never apply."),
    }[problem]


def set_rule(
    code: str,
    *,
    elder: Elder | None = None,
    severity: int,
    is_enabled: bool = True,
    threshold: int | None = None,
    window_start_hour: int | None = None,
    window_end_hour: int | None = None,
    effective_from: date,
    note: str = "",
    actor,
) -> AlarmRule:
    """A new version of a rule, for everyone or for one elder, from `effective_from` (today
    or later: what applied in the past stays as it was). Every process's cache sees it."""
    require(actor, MANAGE_RULES, elder.residence_region_id if elder else None)
    if code not in RuleCode.values:
        raise TelecareError(ErrorCode.VALUE_INVALID, _("Choose a rule."), field="code")
    if severity not in AlarmSeverity.values:
        raise TelecareError(ErrorCode.VALUE_INVALID, _("Choose the severity."), field="severity")
    if effective_from < timezone.localdate():
        raise TelecareError(
            ErrorCode.VALUE_INVALID,
            _("A rule changes from today or later; the past stays as it was."),
            field="effective_from",
        )
    found = setting_problem(code, threshold, window_start_hour, window_end_hour)
    if found:
        field, problem = found
        raise TelecareError(ErrorCode.VALUE_INVALID, _problem_message(code, problem), field=field)
    with transaction.atomic():
        rule, created = AlarmRule.objects.update_or_create(
            code=code,
            elder=elder,
            effective_from=effective_from,
            defaults={
                "severity": severity,
                "is_enabled": is_enabled,
                "threshold": threshold,
                "window_start_hour": window_start_hour,
                "window_end_hour": window_end_hour,
                "note": note.strip()[:200],
            },
        )
        audit.record_change(
            rule,
            actor=actor,
            action="create" if created else "update",
            fields=["code", "severity", "is_enabled", "threshold", "effective_from"],
            region_code=elder.residence_region_id if elder else "",
        )
        directory.changed()
    return rule
