"""Two streets full of marker strings, for the access-leak test (tests/test_access_leaks.py).

Every name, number and text of a street's objects is unique to that street, so finding one of
them in the other street's responses proves a leak, whatever the page or format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from io import BytesIO

import openpyxl
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.conftest import STREET_A, STREET_B
from tests.factories import make_elder, make_id_number
from yiyang.core.models import Region, User
from yiyang.core.validators.id_number import mask_id_number
from yiyang.core.validators.phone import mask_phone
from yiyang.registry import services
from yiyang.registry.models import (
    CategoryChange,
    Contact,
    DuplicateCandidate,
    Elder,
    ElderCategory,
    ImportJob,
    TimelineEntry,
)

# A surname both streets share, so a search for it would find both if scoping failed.
COMMON_SURNAME = "欧阳"


@dataclass
class Side:
    """One street: its user, its objects, and the strings that belong to it alone."""

    key: str
    user: User
    street: str
    community: str
    elders: list[Elder] = field(default_factory=list)
    held: ElderCategory | None = None
    change: CategoryChange | None = None
    contact: Contact | None = None
    timeline: TimelineEntry | None = None
    duplicate: DuplicateCandidate | None = None
    import_job: ImportJob | None = None
    markers: list[str] = field(default_factory=list)

    @property
    def elder(self) -> Elder:
        return self.elders[0]

    @property
    def region_codes(self) -> set[str]:
        return {self.street, self.community}

    def owns_region(self, code: str) -> bool:
        return code.startswith(self.street[:9])


def _side(key: str, mark: str, user: User, street: str, digit: str) -> Side:
    """Build one street: a marker community, two elders, and one of every object kind."""
    community_code = street[:9] + "099"
    community_name = f"{mark}标社区"
    Region.objects.create(code=community_code, name=community_name, level=5, parent_id=street)
    side = Side(key=key, user=user, street=street, community=community_code)
    for number in (1, 2):
        id_number = make_id_number(
            date(1941 + number, 2, 3), male=True, sequence=int(f"{digit}0{number}")
        )
        phone = f"139{digit * 4}{digit}{digit}0{number}"
        elder = make_elder(
            residence_region_id=community_code,
            name=f"{COMMON_SURNAME}{mark}{number}号",
            birth=date(1941 + number, 2, 3),
            male=True,
            id_number=id_number,
            phone_primary=phone,
            address=f"{mark}街{number}号院",
        )
        side.elders.append(elder)
        side.markers += [
            elder.name,
            id_number,
            mask_id_number(id_number),
            phone,
            mask_phone(phone),
            elder.address,
        ]
    side.markers += [community_name]
    elder = side.elder
    side.held = services.grant_category(
        elder,
        category="living_alone",
        valid_from=date(2024, 1, 1),
        source=f"{mark}走访记录",
        actor=user,
    )
    side.change = services.propose_category_change(
        elder,
        kind="grant",
        category="dibao",
        effective_date=date(2025, 1, 1),
        source=f"{mark}低保审批表",
        document_number=f"{mark}民〔2025〕7号",
        actor=user,
    )
    contact_phone = f"137{digit * 4}{digit}{digit}77"
    side.contact = services.set_contacts(
        elder,
        [
            {
                "kind": "guardian",
                "name": f"{mark}监护人",
                "relation": "child",
                "phone": contact_phone,
            }
        ],
        actor=user,
    )[0]
    side.timeline = services.add_timeline_entry(
        elder, kind="registry.note", actor=user, data={"source": f"{mark}时间线"}
    )
    # Opened once already, so the "recently viewed" lists have a row before the walk.
    services.note_viewed(elder, user=user)
    first, second = sorted(side.elders, key=lambda e: e.pk)
    side.duplicate = DuplicateCandidate.objects.create(
        elder_a=first, elder_b=second, reason="name_phone"
    )
    job = ImportJob(
        created_by=user,
        region_code=street,
        original_name=f"{mark}导入名单.xlsx",
        file_sha256=digit * 64,
        status="done",
        rows_total=3,
        rows_done=3,
        created_count=2,
        rejected_count=1,
        problems=[
            {"row": 3, "column": "身份证号", "field": "id_number", "message": f"{mark}行错误"}
        ],
    )
    job.file.save(f"{mark}.csv", ContentFile("姓名,身份证号\n".encode()), save=False)
    book = openpyxl.Workbook()
    book.active.append(["姓名", "身份证号", "错误"])
    book.active.append([f"{mark}报告行", "-", f"{mark}行错误"])
    report = BytesIO()
    book.save(report)
    job.report_file.save(f"{mark}-report.xlsx", ContentFile(report.getvalue()), save=False)
    job.save()
    side.import_job = job
    side.markers += [
        f"{mark}走访记录",
        f"{mark}低保审批表",
        f"{mark}民〔2025〕7号",
        f"{mark}监护人",
        contact_phone,
        mask_phone(contact_phone),
        f"{mark}时间线",
        f"{mark}导入名单",
        f"{mark}行错误",
        f"{mark}报告行",
    ]
    side.markers += [reverse("registry:elder_detail", kwargs={"pk": e.pk}) for e in side.elders]
    return side


def build_world(street_worker: User, other_street_worker: User) -> dict[str, Side]:
    """Street A (甲) and street B (乙), each with its own worker and objects."""
    return {
        "a": _side("a", "甲", street_worker, STREET_A, "1"),
        "b": _side("b", "乙", other_street_worker, STREET_B, "2"),
    }
