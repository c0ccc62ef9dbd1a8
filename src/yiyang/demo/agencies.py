"""The demo city's assessment agencies (评估机构): one per county, three or four assessors each.

Pure data and arithmetic, no Django. Credit codes are valid GB 32100-2015 codes (registration
authority 5 民政, kind 2 民办非企业单位, the county's code, a GB 11714 organisation code);
dates count from the loading day so certificates are current (one per agency lapsed).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from yiyang.core.validators.credit_code import credit_check_character, organisation_check_character
from yiyang.demo.places import DISTRICTS

# The district whose agency the demo's assessor logins (pinggu1, pinggu2) work for.
DEMO_DISTRICT = "640302"

AGENCY_NAMES = {
    "640302": ("吴忠市利通区康宁老年人能力评估中心", "利通区开元大道 118 号"),
    "640303": ("吴忠市红寺堡区安康养老服务评估中心", "红寺堡区罗山路 26 号"),
    "640323": ("盐池县颐和老年人能力评估中心", "盐池县花马池镇振兴路 9 号"),
    "640324": ("同心县福寿老年人能力评估中心", "同心县豫海镇新区 33 号"),
    "640381": ("青铜峡市康泰老年人能力评估中心", "青铜峡市小坝镇裕民路 57 号"),
}
# The last name of each list holds a lapsed certificate (shown, but not allowed to sign).
ASSESSOR_NAMES = {
    "640302": ("马丽萍", "杨志军", "丁海燕", "王国栋"),
    "640303": ("海建英", "李卫平", "田秀梅", "金永福"),
    "640323": ("张晓燕", "刘建平", "孙玉霞"),
    "640324": ("马文学", "丁桂花", "杨海龙", "白玉兰"),
    "640381": ("陈丽娟", "周志刚", "郭晓梅"),
}
CONTACTS = {"640302": "王建华", "640303": "马成龙", "640323": "李春梅", "640324": "马占林", "640381": "赵红霞"}  # fmt: skip
TRAINING = (
    ("GB/T 42195-2022《老年人能力评估规范》岗前培训", 24),
    ("老年人能力评估实操考核", 8),
    ("年度继续教育：评估质量控制与复评", 12),
)


@dataclass(frozen=True)
class TrainingSpec:
    topic: str
    taken_on: date
    hours: int
    exam_score: int
    passed: bool


@dataclass(frozen=True)
class AssessorSpec:
    name: str
    phone: str
    certificate_number: str
    certified_on: date
    certificate_valid_until: date
    trainings: tuple[TrainingSpec, ...]

    def qualified_on(self, day: date) -> bool:
        return self.certified_on <= day <= self.certificate_valid_until


@dataclass(frozen=True)
class AgencySpec:
    district_code: str
    name: str
    credit_code: str
    address: str
    contact_name: str
    phone: str
    contract_start: date
    contract_end: date
    assessors: tuple[AssessorSpec, ...]


def credit_code(district_code: str, rng: random.Random) -> str:
    """Return a valid unified social credit code of a private non-enterprise unit in the county."""
    first8 = f"{rng.randrange(10**7, 10**8)}"
    organisation = first8 + organisation_check_character(first8)
    first17 = "52" + district_code + organisation
    return first17 + credit_check_character(first17)


def _assessor(district: str, index: int, name: str, lapsed: bool, today: date, rng) -> AssessorSpec:
    if lapsed:
        # Certified three years ago and not renewed: lapsed about two months ago.
        valid_until = today - timedelta(days=rng.randint(40, 80))
        certified_on = valid_until - timedelta(days=3 * 365)
    else:
        certified_on = today - timedelta(days=rng.randint(400, 900))
        valid_until = certified_on + timedelta(days=3 * 365)
    trainings = []
    for number, (topic, hours) in enumerate(TRAINING):
        taken_on = certified_on - timedelta(days=30) + timedelta(days=number * 200)
        if taken_on > today - timedelta(days=7):
            break
        score = rng.randint(78, 97)
        trainings.append(TrainingSpec(topic, taken_on, hours, score, score >= 60))
    return AssessorSpec(
        name=name,
        phone=f"139{rng.randrange(10**8):08d}",
        certificate_number=f"NXPG{certified_on:%Y}{district[4:]}{index + 1:03d}",
        certified_on=certified_on,
        certificate_valid_until=valid_until,
        trainings=tuple(trainings),
    )


def demo_agencies(today: date) -> list[AgencySpec]:
    """Return one agency per county with its assessors (the same for any seed)."""
    rng = random.Random("yiyang-demo-agencies")
    agencies = []
    for district in DISTRICTS:
        name, address = AGENCY_NAMES[district.code]
        names = ASSESSOR_NAMES[district.code]
        assessors = tuple(
            _assessor(district.code, index, person, index == len(names) - 1, today, rng)
            for index, person in enumerate(names)
        )
        agencies.append(
            AgencySpec(
                district_code=district.code,
                name=name,
                credit_code=credit_code(district.code, rng),
                address=address,
                contact_name=CONTACTS[district.code],
                phone=f"0953-{rng.randrange(2, 8)}{rng.randrange(10**6):06d}",
                contract_start=date(today.year - 1, 1, 1),
                contract_end=date(today.year + 1, 12, 31),
                assessors=assessors,
            )
        )
    return agencies
