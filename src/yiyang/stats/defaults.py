"""Install the shipped indicators and their default targets (stats/data/indicators.json).

Migration 0002 does the same with the historical models (it may not import this module); this
function serves `yiyang install_indicators` and tests whose database was emptied after the
migrations ran. Idempotent: definitions are updated by code, existing targets are kept.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from yiyang.stats.models import Indicator, Target

DATA = Path(__file__).resolve().parent / "data" / "indicators.json"


def install_default_indicators() -> int:
    """Create or update every shipped indicator; add its default targets where missing."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    with transaction.atomic():
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
    return len(data["indicators"])
