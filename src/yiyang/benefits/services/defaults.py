"""Install the programmes the seeds name, with example figures marked as such."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from yiyang.benefits.choices import ProgramUnit, VersionStatus
from yiyang.benefits.eligibility import month_start
from yiyang.benefits.models import Program, ProgramVersion
from yiyang.benefits.services.programs import check_rules
from yiyang.core import audit
from yiyang.core.models import Region

DEFAULTS = Path(__file__).resolve().parent.parent / "data" / "programs.json"


def install_default_programs(funding_region: Region, *, start: date | None = None) -> int:
    """Create the default programmes funded by `funding_region`, each with one published
    example version from `start` (this month by default); existing codes are left alone.

    Returns how many programmes were created. Called by `yiyang install_programs` and the
    demo; the city administrator then sets her own figures as new versions.
    """
    start = month_start(start or timezone.localdate())
    data = json.loads(DEFAULTS.read_text(encoding="utf-8"))
    created = 0
    with transaction.atomic():
        for spec in data["programs"]:
            if Program.objects.filter(code=spec["code"]).exists():
                continue
            unit = spec.get("unit", ProgramUnit.FEN)
            check_rules(spec["rules"], unit=unit)
            program = Program.objects.create(
                code=spec["code"],
                name=spec["name"],
                kind=spec["kind"],
                unit=unit,
                funding_region=funding_region,
                needs_application=spec["needs_application"],
                approval_levels=spec["approval_levels"],
                ledger_start_month=start,
                description=spec["description"],
                policy_source=spec["policy_source"],
            )
            version = ProgramVersion.objects.create(
                program=program,
                number=1,
                effective_from=start,
                status=VersionStatus.PUBLISHED,
                rules=spec["rules"],
                is_example=True,
                note="示例参数，请按本地政策修改",
                published_at=timezone.now(),
            )
            audit.record_change(
                program,
                actor=None,
                action="create",
                fields=["code", "name", "kind", "unit", "funding_region", "needs_application"],
                reason="default programmes",
                region_code=funding_region.code,
            )
            audit.record_change(
                version,
                actor=None,
                action="create",
                fields=["program", "number", "effective_from", "rules", "status"],
                reason="default programmes",
                region_code=funding_region.code,
            )
            created += 1
    return created
