"""Write the demo city into the database fast: regions through `import_regions`, elders with
`bulk_create` in batches, one ChangeRecord per batch (demo data skips the per-row services)."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from yiyang.core.models import ChangeRecord, Region
from yiyang.core.services import import_regions
from yiyang.demo.accounts import ensure_demo_accounts
from yiyang.demo.assessment_loader import load_assessments
from yiyang.demo.benefits_loader import load_benefits
from yiyang.demo.generator import ElderRecord, generate_elders
from yiyang.demo.homecare_loader import load_homecare
from yiyang.demo.institutions_loader import load_institutions
from yiyang.demo.places import CITY, place_rows
from yiyang.registry.models import Contact, Elder, ElderCategory
from yiyang.registry.services import name_initials

REGIONS_CSV = Path(__file__).parent / "data" / "wuzhong_regions.csv"
BATCH_SIZE = 5000
_TZ = ZoneInfo("Asia/Shanghai")


@dataclass
class DemoResult:
    regions_created: int = 0
    elders_created: int = 0
    elders_skipped: int = 0
    categories_created: int = 0
    contacts_created: int = 0
    duplicates_found: int = 0
    assessments_created: int = 0
    final_assessments_created: int = 0
    benefits: dict[str, int] = field(default_factory=dict)
    institutions: dict[str, int] = field(default_factory=dict)
    telecare: dict[str, int] = field(default_factory=dict)
    homecare: dict[str, int] = field(default_factory=dict)
    facilities: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def load_regions() -> int:
    """Load the demo tree from the shipped CSV (idempotent) and fill missing coordinates."""
    result = import_regions(REGIONS_CSV)
    if result.problems:
        raise RuntimeError(f"the demo region file is broken: {result.problems[:3]}")
    places = {row.code: row for row in place_rows() if row.latitude is not None}
    missing = list(Region.objects.filter(code__in=list(places), latitude__isnull=True))
    for region in missing:
        region.latitude, region.longitude = (
            places[region.code].latitude,
            places[region.code].longitude,
        )
    Region.objects.bulk_update(missing, ["latitude", "longitude"], batch_size=500)
    return result.created


def _registered_at(record: ElderRecord) -> datetime:
    return datetime.combine(record.registered_on, clock(9, 0), tzinfo=_TZ)


class _Initials(dict):
    """Pinyin initials by name: names repeat, and pypinyin is the slow part of a row."""

    def __missing__(self, name: str) -> str:
        value = self[name] = name_initials(name)
        return value


def _write_batch(records: list[ElderRecord], *, checker, initials: _Initials, seed: int, result):
    existing = set(
        Elder.objects.filter(id_number__in=[r.id_number for r in records]).values_list(
            "id_number", flat=True
        )
    )
    fresh = [r for r in records if r.id_number not in existing]
    result.elders_skipped += len(records) - len(fresh)
    if not fresh:
        return
    with transaction.atomic():
        elders = Elder.objects.bulk_create(
            [
                Elder(
                    name=r.name,
                    name_initials=initials[r.name],
                    id_number=r.id_number,
                    gender=r.gender,
                    birth_date=r.birth_date,
                    ethnicity=r.ethnicity,
                    phone_primary=r.phone_primary,
                    phone_secondary=r.phone_secondary,
                    residence_region_id=r.residence_region_code,
                    address=r.address,
                    hukou_region_id=r.hukou_region_code,
                    hukou_address=r.hukou_address,
                    living_arrangement=r.living_arrangement,
                    latitude=r.latitude,
                    longitude=r.longitude,
                    created_at=_registered_at(r),
                    updated_at=_registered_at(r),
                )
                for r in fresh
            ],
            batch_size=BATCH_SIZE,
        )
        if elders[0].pk is None:  # a database that returns no keys from a bulk insert
            by_number = dict(
                Elder.objects.filter(id_number__in=[r.id_number for r in fresh]).values_list(
                    "id_number", "pk"
                )
            )
            for elder in elders:
                elder.pk = by_number[elder.id_number]
        categories, contacts = [], []
        for elder, record in zip(elders, fresh, strict=True):
            for held in record.categories:
                categories.append(
                    ElderCategory(
                        elder_id=elder.pk,
                        category=held.category,
                        valid_from=held.valid_from,
                        source=held.source,
                        document_number=held.document_number,
                        approved_by=checker if held.moves_money else None,
                        created_at=datetime.combine(held.valid_from, clock(10, 0), tzinfo=_TZ),
                    )
                )
            for priority, contact in enumerate(record.contacts, start=1):
                contacts.append(
                    Contact(
                        elder_id=elder.pk,
                        kind=contact.kind,
                        name=contact.name,
                        relation=contact.relation,
                        phone=contact.phone,
                        priority=priority,
                    )
                )
        ElderCategory.objects.bulk_create(categories, batch_size=BATCH_SIZE)
        Contact.objects.bulk_create(contacts, batch_size=BATCH_SIZE)
        ChangeRecord.objects.create(
            actor=None,
            action="demo_city",
            content_type=ContentType.objects.get_for_model(Elder),
            object_pk=f"{elders[0].pk}-{elders[-1].pk}",
            object_repr=f"{len(elders)} demo elders",
            # The city's code, so the city's auditors see what the demo loader wrote.
            region_code=CITY[0],
            changes={
                "elders": [None, len(elders)],
                "categories": [None, len(categories)],
                "contacts": [None, len(contacts)],
            },
            reason=f"yiyang demo_city --seed {seed}: synthetic data, not real people",
        )
    result.elders_created += len(elders)
    result.categories_created += len(categories)
    result.contacts_created += len(contacts)


def load_demo_city(
    elders: int, *, seed: int = 0, progress=None, today: date | None = None
) -> DemoResult:
    """Write the demo city with `elders` elders; existing regions and elders are kept as they are.

    Assessments count back from `today` (the loading day) so their results are current.
    """
    today = today or timezone.localdate()
    result = DemoResult()
    started = time.perf_counter()
    result.regions_created = load_regions()
    users = ensure_demo_accounts()
    checker = users["shenhe"]
    result.seconds["regions"] = time.perf_counter() - started
    started = time.perf_counter()
    initials = _Initials()
    stream = generate_elders(elders, seed=seed)
    while batch := list(itertools.islice(stream, BATCH_SIZE)):
        _write_batch(batch, checker=checker, initials=initials, seed=seed, result=result)
        if progress is not None:
            progress(result)
    result.seconds["elders"] = time.perf_counter() - started
    started = time.perf_counter()
    counts = load_assessments(seed=seed, today=today)
    result.assessments_created = counts["assessments"]
    result.final_assessments_created = counts["final"]
    result.seconds["assessments"] = time.perf_counter() - started
    started = time.perf_counter()
    result.benefits = load_benefits(today=today, users=users)
    result.seconds["benefits"] = time.perf_counter() - started
    started = time.perf_counter()
    result.institutions = load_institutions(today=today, users=users)
    result.seconds["institutions"] = time.perf_counter() - started
    started = time.perf_counter()
    from yiyang.demo.facilities_loader import load_facilities

    result.facilities = load_facilities(users=users)
    result.seconds["facilities"] = time.perf_counter() - started
    started = time.perf_counter()
    from yiyang.demo.telecare_loader import load_telecare

    result.telecare = load_telecare(today=today, users=users)
    result.seconds["telecare"] = time.perf_counter() - started
    started = time.perf_counter()
    result.homecare = load_homecare(today=today, users=users)
    result.seconds["homecare"] = time.perf_counter() - started
    started = time.perf_counter()
    from yiyang.registry.services.duplicates import find_duplicates

    result.duplicates_found = find_duplicates(actor=None)
    result.seconds["duplicates"] = time.perf_counter() - started
    # The dashboard reads the month's snapshots (the daily task's), so count them once now.
    started = time.perf_counter()
    from yiyang.stats.services import snapshot_month

    if today <= timezone.localdate():  # a month not begun has nothing to count
        snapshot_month(today.replace(day=1))
    result.seconds["statistics"] = time.perf_counter() - started
    return result
