"""Install the city's default alarm rules from data/alarm_rules.json (issue 7)."""

import json
from datetime import date
from pathlib import Path

from django.db import migrations

RULES = Path(__file__).resolve().parent.parent / "data" / "alarm_rules.json"


def install(apps, schema_editor):
    AlarmRule = apps.get_model("telecare", "AlarmRule")
    definition = json.loads(RULES.read_text(encoding="utf-8"))
    effective_from = date.fromisoformat(definition["effective_from"])
    for row in definition["rules"]:
        AlarmRule.objects.get_or_create(
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


def remove(apps, schema_editor):
    AlarmRule = apps.get_model("telecare", "AlarmRule")
    AlarmRule.objects.filter(elder=None, effective_from=date(2025, 1, 1)).delete()


class Migration(migrations.Migration):
    dependencies = [("telecare", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
