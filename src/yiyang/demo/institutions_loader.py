"""The demo city's care institutions: two per district, filed two months before the loading day
through the filing services, their documents and a confirmed check, rooms of ordinary, nursing and
dementia-care beds, and residents admitted from the district's elders (the 特困 among them with
concentrated support). Idempotent: an institution whose credit code exists is left as it is."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from yiyang.core.models import User
from yiyang.core.validators.credit_code import credit_check_character, organisation_check_character
from yiyang.demo.places import DISTRICTS, place_rows
from yiyang.institutions import services
from yiyang.institutions.errors import InstitutionError
from yiyang.institutions.models import GradeScheme, Institution, InstitutionMembership, Residency
from yiyang.registry.choices import Category, ElderStatus
from yiyang.registry.models import Elder, ElderCategory

HOMES = (
    ("颐康护理院", "care_home", "public_private", 200000, 450000),
    ("福寿老年公寓", "senior_apartment", "private", 150000, 320000),
)
# (building, floor, room, [(bed, kind)]): 12 beds, 6 of them nursing, 2 dementia-care.
ROOMS = tuple(
    ("1号楼", floor, f"{floor}0{room}", [("1", kind), ("2", kind)])
    for floor, kinds in (
        (1, ("nursing", "nursing", "nursing")),
        (2, ("ordinary", "ordinary", "dementia")),
    )
    for room, kind in enumerate(kinds, start=1)
)
RESIDENTS_PER_HOME = 7


def demo_credit_code(district: str, number: int) -> str:
    organisation = f"MJ{district[2:6]}{number:02d}"
    first17 = "52" + district + organisation + organisation_check_character(organisation)
    return first17 + credit_check_character(first17)


def _point(region_code: str, number: int) -> dict[str, str]:
    """A point near the street's own (so the service map shows each home apart)."""
    for row in place_rows():
        if row.code == region_code and row.latitude is not None and row.longitude is not None:
            return {
                "latitude": f"{float(row.latitude) + 0.004 * (number + 1):.6f}",
                "longitude": f"{float(row.longitude) - 0.005 * number:.6f}",
            }
    return {}


def _file_home(district, number: int, spec, *, filed_on: date, actor: User) -> Institution:
    name, kind, ownership, low, high = spec
    street_code, street_name = district.streets[0][0], district.streets[0][1]
    region_code = f"{district.code}{street_code}000"
    filing = services.file_new_institution(
        data={
            "name": f"{district.name}{name}",
            "credit_code": demo_credit_code(district.code, number),
            "ownership": ownership,
            "legal_form": "social_organisation",
            "kind": kind,
            "region_code": region_code,
            **_point(region_code, number),
            "address": f"{district.name}{street_name}康宁路 {number + 1} 号",
            "contact_name": "值班室",
            "contact_phone": f"0953-20{district.code[4:6]}{number:03d}",
            # Near the district's seat, so the public map has something to show.
            "latitude": Decimal(f"{district.latitude + 0.012 * (number + 1):.6f}"),
            "longitude": Decimal(f"{district.longitude + 0.015 * (number - 0.5):.6f}"),
            "fire_safety_accepted": True,
            "price_min_fen": low,
            "price_max_fen": high,
        },
        filed_on=filed_on,
        actor=actor,
    )
    for item in filing.required_documents:
        services.add_document(
            filing,
            code=item["code"],
            upload=ContentFile(b"demo scan", name=f"{item['code']}.txt"),
            actor=actor,
        )
    services.record_check(
        filing,
        checked_on=min(filing.check_due_on, filed_on + timedelta(days=20)),
        result="confirmed",
        note="",
        actor=actor,
    )
    return Institution.objects.get(pk=filing.institution_id)  # now operating


def _residents(institution: Institution, district: str, *, today: date, actor: User) -> int:
    housed = Residency.objects.current().values("elder_id")
    candidates = list(
        Elder.objects.filter(residence_region__code__startswith=district, status=ElderStatus.ACTIVE)
        .exclude(pk__in=housed)
        .order_by("-ability_level", "pk")[:RESIDENTS_PER_HOME]
    )
    poor = set(
        ElderCategory.objects.filter(
            elder__in=candidates, category=Category.EXTREME_POVERTY, valid_to__isnull=True
        ).values_list("elder_id", flat=True)
    )
    beds = [bed for room in institution.rooms.order_by("pk") for bed in room.beds.order_by("pk")]
    admitted = 0
    for elder, bed in zip(candidates, beds, strict=False):
        supported = elder.pk in poor and institution.ownership != "private"
        services.admit(
            bed,
            elder=elder,
            admitted_on=today - timedelta(days=30),
            contract_number=f"HT-{institution.pk}-{bed.pk}",
            fee_level_fen=institution.price_min_fen or 0,
            payer="government" if supported else "family",
            concentrated_support=supported,
            actor=actor,
        )
        admitted += 1
    return admitted


def _grade(institution: Institution, *, today: date, actor: User) -> None:
    """A grade assessment a month ago on the scheme in force, four fifths of every item's points
    (the demo's own figure: the scheme itself is a placeholder until the city checks it)."""
    scheme = GradeScheme.objects.in_force(today)
    if scheme is None:
        return
    scores = {
        item["code"]: str(Decimal(item["max_points"]) * 4 / 5)
        for section in scheme.sections
        for item in section["items"]
    }
    services.record_grade_assessment(
        institution,
        assessed_on=today - timedelta(days=30),
        prerequisites_met=True,
        scores=scores,
        note="演示评定",
        actor=actor,
    )


def _link_demo_staff(users: dict[str, User], actor: User) -> None:
    """`yanglao` works at 利通区's first home, which has residents."""
    staff = users.get("yanglao")
    home = Institution.objects.filter(credit_code=demo_credit_code("640302", 0)).first()
    if staff is None or home is None or InstitutionMembership.objects.filter(user=staff).exists():
        return
    services.link_staff(home, user=staff, actor=actor)


def load_institutions(*, today: date, users: dict[str, User]) -> dict[str, int]:
    """Write the demo institutions (see the module docstring); returns what was created."""
    actor = users["shenhe"]  # the city checker: files, checks and keeps beds city-wide
    filed_on = today - timedelta(days=60)
    created = residents = 0
    for district in DISTRICTS:
        for number, spec in enumerate(HOMES):
            if Institution.objects.filter(
                credit_code=demo_credit_code(district.code, number)
            ).exists():
                continue
            try:
                with transaction.atomic():
                    institution = _file_home(district, number, spec, filed_on=filed_on, actor=actor)
                    for building, floor, room, beds in ROOMS:
                        services.add_room(
                            institution,
                            building=building,
                            floor=floor,
                            number=room,
                            beds=beds,
                            actor=actor,
                        )
                    residents += _residents(institution, district.code, today=today, actor=actor)
                    if number == 0:
                        _grade(institution, today=today, actor=actor)
            except InstitutionError as error:
                if error.code == "calendar_unknown":
                    return {"institutions": created, "residents": residents}
                raise
            created += 1
    _link_demo_staff(users, actor)
    return {"institutions": created, "residents": residents}
