"""Reading and installing the alarm rules (data rows; the logic is in `yiyang.telecare.rules`)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from yiyang.telecare import directory
from yiyang.telecare.models import AlarmRule
from yiyang.telecare.rules import RuleSetting

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
