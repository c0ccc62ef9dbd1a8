"""Ship seed 000's 16 indicators with their 2025 targets, the common ones of seeds 001-004 and
the figures the platform computes today (stats/data/indicators.json).

Reversing deletes the indicators this migration added (and their default targets) by code.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "indicators.json"


def _rows():
    return json.loads(DATA.read_text(encoding="utf-8"))


def install(apps, schema_editor):
    Indicator = apps.get_model("stats", "Indicator")
    Target = apps.get_model("stats", "Target")
    data = _rows()
    for row in data["indicators"]:
        definition = row["numerator"]
        if row["denominator"]:
            definition = f"{row['numerator']} ÷ {row['denominator']}"
        indicator, _created = Indicator.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "group": row["group"],
                "definition": definition,
                "numerator": row["numerator"],
                "denominator": row["denominator"],
                "computation": row["computation"],
                "unit": row["unit"],
                "direction": row["direction"],
                "binding": row["binding"],
                "near_ratio": Decimal(data["near_ratio"]),
                "source": row["source"],
                "position": row["position"],
            },
        )
        for year, value in row["targets"].items():
            Target.objects.get_or_create(
                indicator=indicator,
                region=None,
                year=int(year),
                defaults={"value": Decimal(value), "note": row["source"]},
            )


def remove(apps, schema_editor):
    Indicator = apps.get_model("stats", "Indicator")
    Target = apps.get_model("stats", "Target")
    codes = [row["code"] for row in _rows()["indicators"]]
    Target.objects.filter(indicator__code__in=codes, region__isnull=True).delete()
    Indicator.objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("stats", "0001_initial")]
    operations = [migrations.RunPython(install, remove)]
