"""Load the shipped scales (GB/T 42195-2022, MZ/T 039-2013 published; LTC 2021 draft, unverified).

Reads the JSON files beside the app (`data/`) and uses only `apps.get_model` (STYLE.md B7). The
reverse removes the version-1 rows this created, unless an assessment already uses them.
"""

import json
from pathlib import Path

from django.db import migrations
from django.utils import timezone

DATA = Path(__file__).resolve().parent.parent / "data"
SHIPPED = (
    ("gbt_42195_2022.json", True),
    ("mzt_039_2013.json", True),
    ("ltc_2021.json", False),
)


def load(apps, schema_editor):
    Scale = apps.get_model("assessment", "Scale")
    for name, publish in SHIPPED:
        definition = json.loads((DATA / name).read_text(encoding="utf-8"))
        if Scale.objects.filter(code=definition["code"]).exists():
            continue
        verified = definition.get("verified", True) is True
        published = publish and verified
        Scale.objects.create(
            code=definition["code"],
            version=1,
            name=definition["name"],
            status="published" if published else "draft",
            is_verified=verified,
            source=definition.get("source", ""),
            definition=definition,
            published_at=timezone.now() if published else None,
        )


def unload(apps, schema_editor):
    Scale = apps.get_model("assessment", "Scale")
    codes = [json.loads((DATA / name).read_text(encoding="utf-8"))["code"] for name, _ in SHIPPED]
    Scale.objects.filter(code__in=codes, version=1, assessments__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
