"""Generate the demo city's elders: a deterministic stream of plain records (no Django).

The n-th record depends only on the seed and on the records before it, so a larger N extends a
smaller one: re-running with more elders adds the missing ones. Ages and dates are counted from
the fixed REFERENCE_DATE, never from today, so the same seed gives the same city on any day.
Distributions (rough, for a believable demo): China's 60+ age pyramid (七普), female share
rising with age, Wuzhong's Han/Hui mix by county, living arrangements and categories.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from yiyang.core.validators.id_number import check_character
from yiyang.demo import names
from yiyang.demo.places import DISTRICTS, PlaceRow, place_rows

REFERENCE_DATE = date(2026, 1, 1)
# One planted possible duplicate every this many elders (same name and birth date, same county).
DUPLICATE_EVERY = 2000

# (lowest age, highest age, share, female share)
AGE_BANDS = (
    (60, 64, 28.0, 0.50),
    (65, 69, 24.0, 0.51),
    (70, 74, 18.0, 0.53),
    (75, 79, 12.0, 0.56),
    (80, 84, 9.0, 0.60),
    (85, 89, 5.5, 0.64),
    (90, 94, 2.5, 0.68),
    (95, 99, 0.8, 0.71),
    (100, 104, 0.05, 0.74),
)
LIVING = (("alone", 15), ("empty_nest", 35), ("with_children", 40), ("other", 10))
# Money-moving categories exclude each other: (category, percent).
MONEY = (("dibao", 8.0), ("extreme_poverty", 1.0), ("low_income", 5.0), ("near_dibao", 3.0))
MONEY_SOURCES = {
    "dibao": "最低生活保障审批",
    "extreme_poverty": "特困人员供养审批",
    "low_income": "低收入人口认定",
    "near_dibao": "低保边缘家庭认定",
}
OTHER_SOURCES = {
    "severe_disability": "残联重度残疾人名册",
    "dementia": "医疗机构诊断证明",
    "living_alone": "社区入户核实",
    "entitled_veteran": "退役军人事务局优抚对象名册",
    "family_planning_special": "卫生健康局计划生育特殊家庭名册",
}


@dataclass(frozen=True)
class CategoryRecord:
    category: str
    valid_from: date
    source: str
    document_number: str
    moves_money: bool


@dataclass(frozen=True)
class ContactRecord:
    kind: str  # guardian | emergency_contact
    name: str
    relation: str
    phone: str


@dataclass(frozen=True)
class ElderRecord:
    """One synthetic elder, in the Elder model's terms (codes, normalised phones)."""

    name: str
    id_number: str
    gender: str
    birth_date: date
    ethnicity: str
    phone_primary: str
    phone_secondary: str
    residence_region_code: str
    address: str
    hukou_region_code: str
    hukou_address: str
    living_arrangement: str
    latitude: Decimal
    longitude: Decimal
    registered_on: date
    categories: tuple[CategoryRecord, ...]
    contacts: tuple[ContactRecord, ...]


@dataclass(frozen=True)
class _Community:
    row: PlaceRow
    street: PlaceRow
    district_name: str
    is_urban: bool


def _weighted(pairs) -> tuple[list, list[float]]:
    values = [value for value, _w in pairs]
    return values, list(itertools.accumulate(weight for _v, weight in pairs))


class CityGenerator:
    """Hold the random stream and the state that keeps identity numbers unique."""

    def __init__(self, seed: int = 0) -> None:
        self.rng = random.Random(seed)
        rows = {row.code: row for row in place_rows()}
        self.communities: dict[str, tuple[list[_Community], list[float]]] = {}
        self.all_communities: list[_Community] = []
        for district in DISTRICTS:
            members, weights = [], []
            for street_code, _name, is_urban, community_names in district.streets:
                street = rows[district.code + street_code + "000"]
                for index in range(1, len(community_names) + 1):
                    row = rows[f"{district.code}{street_code}{index:03d}"]
                    members.append(_Community(row, street, district.name, is_urban))
                    # Town communities and city streets hold more people than villages.
                    weights.append(3.0 if is_urban or row.name.endswith("社区") else 1.0)
            self.communities[district.code] = (members, list(itertools.accumulate(weights)))
            self.all_communities += members
        self.districts, self.district_weights = _weighted(
            [(district, district.weight) for district in DISTRICTS]
        )
        self.bands, self.band_weights = _weighted([(band, band[2]) for band in AGE_BANDS])
        self.han = _weighted(names.HAN_SURNAMES)
        self.hui = _weighted(names.HUI_SURNAMES)
        self.others = _weighted(names.OTHER_ETHNICITIES)
        self.sequences: dict[tuple[str, date, bool], int] = {}
        self.recent: list[ElderRecord] = []
        self.count = 0

    # --- pieces -----------------------------------------------------------------------------

    def _pick(self, weighted):
        values, cumulative = weighted
        return self.rng.choices(values, cum_weights=cumulative)[0]

    def _id_number(self, area: str, birth: date, male: bool) -> str | None:
        """Return a valid unique number for the area, birth date and sex, or None when full."""
        key = (area, birth, male)
        index = self.sequences.get(key, 0)
        if index >= 500:
            return None
        self.sequences[key] = index + 1
        # 37 is coprime to 500: the first 500 indexes give 500 different sequence numbers.
        sequence = ((index * 37 + birth.toordinal()) % 500) * 2 + (1 if male else 0)
        first17 = f"{area}{birth:%Y%m%d}{sequence:03d}"
        return first17 + check_character(first17)

    def _mobile(self) -> str:
        return self.rng.choice(names.MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def _landline(self) -> str:
        return f"0953-{self.rng.randrange(2, 8)}{self.rng.randrange(10**6):06d}"

    def _address(self, community: _Community) -> str:
        place = community.district_name + community.street.name + community.row.name
        rng = self.rng
        if community.row.name.endswith("社区"):
            floor, room = rng.randrange(1, 7), rng.randrange(1, 4)
            building, unit = rng.randrange(1, 30), rng.randrange(1, 5)
            return f"{place} {building} 号楼 {unit} 单元 {floor}{room:02d}"
        group = rng.choice(names.CHINESE_NUMERALS[:8])
        return f"{place}{group}组 {rng.randrange(1, 80)} 号"

    def _birth(self, band) -> tuple[date, bool]:
        low, high, _share, female_share = band
        age = self.rng.randint(low, high)
        days = self.rng.randrange(int(age * 365.2425) + 1, int((age + 1) * 365.2425))
        return REFERENCE_DATE - timedelta(days=days), self.rng.random() >= female_share

    def _name(self, is_hui: bool, male: bool) -> str:
        surname = self._pick(self.hui if is_hui and self.rng.random() < 0.9 else self.han)
        given: tuple[str, ...]
        if is_hui and self.rng.random() < 0.3:
            given = names.HUI_MALE_GIVEN if male else names.HUI_FEMALE_GIVEN
        else:
            given = names.MALE_GIVEN if male else names.FEMALE_GIVEN
        return surname + self.rng.choice(given)

    def _contacts(self, name: str, male: bool, is_hui: bool, living: str, guardian: bool):
        rng = self.rng
        chance = {"alone": 0.7, "empty_nest": 0.9, "with_children": 0.97, "other": 0.5}[living]
        if rng.random() >= chance:
            return ()
        contacts = []
        for priority in range(rng.choice((1, 1, 2))):
            son = rng.random() < 0.55
            # A son of a father keeps his surname; otherwise the other parent's (any surname).
            surname = name[0] if son and male else self._pick(self.hui if is_hui else self.han)
            given = names.CHILD_GIVEN_MALE if son else names.CHILD_GIVEN_FEMALE
            relation = "child" if rng.random() < 0.9 else rng.choice(("child_in_law", "grandchild"))
            kind = "guardian" if guardian and priority == 0 else "emergency_contact"
            contacts.append(
                ContactRecord(kind, surname + rng.choice(given), relation, self._mobile())
            )
        return tuple(contacts)

    def _document(self, prefix: str) -> str:
        return f"{prefix}〔{self.rng.randrange(2016, 2026)}〕{self.rng.randrange(1, 80)}号"

    def _categories(self, district, birth: date, male: bool, living: str, age: int):
        rng = self.rng
        held: list[CategoryRecord] = []

        def since() -> date:
            earliest = max(birth.toordinal() + 60 * 365, date(2012, 1, 1).toordinal())
            return date.fromordinal(rng.randrange(earliest, REFERENCE_DATE.toordinal()))

        draw = rng.random() * 100
        for category, percent in MONEY:
            if draw < percent:
                held.append(
                    CategoryRecord(
                        category, since(), MONEY_SOURCES[category],
                        self._document(district.doc_prefix), True,
                    )
                )  # fmt: skip
                break
            draw -= percent
        chances = (
            ("severe_disability", 0.03),
            ("dementia", 0.06 if age >= 80 else 0.01),
            ("entitled_veteran", 0.018 if male else 0.002),
            ("family_planning_special", 0.01),
        )
        for category, chance in chances:
            if rng.random() < chance:
                held.append(CategoryRecord(category, since(), OTHER_SOURCES[category], "", False))
        if living == "alone":
            held.append(CategoryRecord("living_alone", since(), OTHER_SOURCES["living_alone"], "", False))  # fmt: skip
        return tuple(held)

    # --- elders -----------------------------------------------------------------------------

    def next_elder(self) -> ElderRecord:
        """Return the next elder of the stream (every DUPLICATE_EVERY-th a planted duplicate)."""
        self.count += 1
        if self.count % DUPLICATE_EVERY == 0 and self.recent:
            elder = self._duplicate_of(self.rng.choice(self.recent))
        else:
            elder = self._new_elder()
        self.recent = [*self.recent[-49:], elder]
        return elder

    def _new_elder(self) -> ElderRecord:
        rng = self.rng
        district = self._pick((self.districts, self.district_weights))
        members, cumulative = self.communities[district.code]
        community = rng.choices(members, cum_weights=cumulative)[0]
        while True:
            birth, male = self._birth(self._pick((self.bands, self.band_weights)))
            number = self._id_number(district.code, birth, male)
            if number is not None:
                break
        draw = rng.random()
        if draw < district.hui_share:
            ethnicity, is_hui = "03", True
        elif draw < district.hui_share + 0.02:
            ethnicity, is_hui = self._pick(self.others), False
        else:
            ethnicity, is_hui = "01", False
        name = self._name(is_hui, male)
        living = self._pick(_weighted(LIVING))
        return self._finish(name, number, birth, male, ethnicity, is_hui, community, living)

    def _finish(self, name, number, birth, male, ethnicity, is_hui, community, living, phone=None):
        rng = self.rng
        district = next(d for d in DISTRICTS if d.code == number[:6])
        age = REFERENCE_DATE.year - birth.year
        phone_draw = rng.random()
        if phone_draw < 0.78:
            phone_primary = self._mobile()
            phone_secondary = self._landline() if rng.random() < 0.08 else ""
        elif phone_draw < 0.90:
            phone_primary, phone_secondary = self._landline(), ""
        else:
            phone_primary = phone_secondary = ""
        if phone is not None:
            phone_primary = phone
        address = self._address(community)
        if rng.random() < 0.9:
            hukou_code, hukou_address = community.row.code, address
        else:
            other = rng.choice(self.all_communities)
            hukou_code, hukou_address = other.row.code, self._address(other)
        categories = self._categories(district, birth, male, living, age)
        guardian = any(c.category in ("dementia", "severe_disability") for c in categories)
        first = max(birth.toordinal() + 60 * 365, date(2016, 1, 1).toordinal())
        return ElderRecord(
            name=name,
            id_number=number,
            gender="male" if male else "female",
            birth_date=birth,
            ethnicity=ethnicity,
            phone_primary=phone_primary,
            phone_secondary=phone_secondary,
            residence_region_code=community.row.code,
            address=address,
            hukou_region_code=hukou_code,
            hukou_address=hukou_address,
            living_arrangement=living,
            latitude=Decimal(f"{float(community.row.latitude) + rng.uniform(-0.004, 0.004):.6f}"),
            longitude=Decimal(f"{float(community.row.longitude) + rng.uniform(-0.004, 0.004):.6f}"),
            registered_on=date.fromordinal(rng.randrange(first, REFERENCE_DATE.toordinal())),
            categories=categories,
            contacts=self._contacts(name, male, is_hui, living, guardian),
        )

    def _duplicate_of(self, original: ElderRecord) -> ElderRecord:
        """Plant a second record of the same person, the way registries really collect them.

        Every other plant has the same name and birth date in the same county under another
        identity number; the rest have the same name and phone with the birth date mistyped.
        """
        male = original.gender == "male"
        district = original.id_number[:6]
        same_phone = (self.count // DUPLICATE_EVERY) % 2 == 0 and bool(original.phone_primary)
        birth = original.birth_date + timedelta(
            days=self.rng.choice((-1, 1, 10)) if same_phone else 0
        )
        number = self._id_number(district, birth, male)
        if number is None:  # the day is full: no duplicate this time
            return self._new_elder()
        members, _weights = self.communities[district]
        street = original.residence_region_code[:9] + "000"
        community = self.rng.choice([m for m in members if m.street.code == street])
        return self._finish(
            original.name, number, birth, male, original.ethnicity, original.ethnicity == "03",
            community, original.living_arrangement,
            phone=original.phone_primary if same_phone else None,
        )  # fmt: skip


def generate_elders(count: int, *, seed: int = 0) -> Iterator[ElderRecord]:
    """Yield `count` elders of the demo city for `seed` (the first n are the same for any count)."""
    generator = CityGenerator(seed)
    for _ in range(count):
        yield generator.next_elder()
