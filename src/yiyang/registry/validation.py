"""Turn raw elder fields (from a form, the API or a spreadsheet row) into checked values.

One function for all three doors, so a clerk's form, an API client and an import row are refused
for the same reasons in the same words. Problems are collected, not raised one at a time: an
import report lists every problem of a row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from yiyang.core.validators.id_number import InvalidIdNumber, age_on, parse_id_number
from yiyang.core.validators.phone import InvalidPhone, normalise_phone
from yiyang.registry.choices import ETHNICITIES, ETHNICITY_BY_NAME, LivingArrangement
from yiyang.registry.errors import ID_NUMBER_MESSAGES, PHONE_MESSAGES, ErrorCode

ETHNICITY_CODES = {code for code, _name in ETHNICITIES}
LIVING_BY_LABEL = {
    "独居": LivingArrangement.ALONE,
    "空巢": LivingArrangement.EMPTY_NEST,
    "与子女同住": LivingArrangement.WITH_CHILDREN,
    "子女同住": LivingArrangement.WITH_CHILDREN,
    "其他": LivingArrangement.OTHER,
    "其它": LivingArrangement.OTHER,
} | {choice.value: choice for choice in LivingArrangement}

# The fields an elder record is written from, in the order forms and exports show them.
ELDER_FIELDS = [
    "name",
    "id_number",
    "ethnicity",
    "phone_primary",
    "phone_secondary",
    "residence_region",
    "address",
    "hukou_region",
    "hukou_address",
    "living_arrangement",
    "latitude",
    "longitude",
]


@dataclass(frozen=True)
class Problem:
    field: str
    code: str
    message: str


@dataclass
class ElderData:
    """Checked values of an elder record, ready for `register_elder` or `update_elder`."""

    name: str
    id_number: str
    birth_date: date
    gender: str
    residence_region_id: str
    ethnicity: str = ""
    phone_primary: str = ""
    phone_secondary: str = ""
    address: str = ""
    hukou_region_id: str | None = None
    hukou_address: str = ""
    living_arrangement: str = LivingArrangement.OTHER
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    warnings: list[str] = field(default_factory=list)

    def model_values(self) -> dict[str, Any]:
        """The values as Elder field names (what the import compares and writes)."""
        return {
            "name": self.name,
            "id_number": self.id_number,
            "birth_date": self.birth_date,
            "gender": self.gender,
            "residence_region_id": self.residence_region_id,
            "ethnicity": self.ethnicity,
            "phone_primary": self.phone_primary,
            "phone_secondary": self.phone_secondary,
            "address": self.address,
            "hukou_region_id": self.hukou_region_id,
            "hukou_address": self.hukou_address,
            "living_arrangement": self.living_arrangement,
            "latitude": self.latitude,
            "longitude": self.longitude,
        }


class RegionResolver:
    """Find communities by 12-digit code, by name, or by "street + name" when names repeat.

    Built once per import (a city has a few thousand communities) so rows need no queries.
    """

    def __init__(self, regions: list[tuple[str, str, int, str | None]], scope_prefix: str) -> None:
        self.scope_prefix = scope_prefix
        self.by_code = {code: (name, level, parent) for code, name, level, parent in regions}
        self.by_name: dict[str, list[str]] = {}
        for code, name, _level, _parent in regions:
            self.by_name.setdefault(name, []).append(code)
        # (text, street, community_only, scope) → code, for answers without a problem: an
        # import resolves the same few thousand communities a million times.
        self._found: dict[tuple[str, str, bool, str], str] = {}

    @classmethod
    def load(cls, scope_prefix: str = "") -> RegionResolver:
        from yiyang.core.models import Region

        rows = Region.objects.filter(is_active=True).values_list(
            "code", "name", "level", "parent_id"
        )
        return cls(list(rows), scope_prefix)

    def resolve(
        self, raw: str, *, street: str = "", community_only: bool = True
    ) -> tuple[str | None, Problem | None]:
        text = str(raw).strip()
        key = (text, street, community_only, self.scope_prefix)
        found = self._found.get(key)
        if found is not None:
            return found, None
        code, problem = self._resolve(text, street=street, community_only=community_only)
        if problem is None:
            assert code is not None  # `_resolve` returns a code whenever it finds no problem
            self._found[key] = code
        return code, problem

    def _resolve(
        self, text: str, *, street: str, community_only: bool
    ) -> tuple[str | None, Problem | None]:
        field_name = "residence_region"
        code: str | None = None
        if text.isdigit() and len(text) in (9, 12):
            code = text.ljust(12, "0")
            if code not in self.by_code:
                return None, Problem(
                    field_name,
                    ErrorCode.REGION_UNKNOWN,
                    _("No region has code {code}.").format(code=text),
                )
        else:
            candidates = self.by_name.get(text, [])
            if not candidates:
                return None, Problem(
                    field_name,
                    ErrorCode.REGION_UNKNOWN,
                    _("No community is called “{name}”.").format(name=text),
                )
            if community_only:
                candidates = [c for c in candidates if self.by_code[c][1] == 5] or candidates
            if len(candidates) > 1 and street:
                street_codes = set(self.by_name.get(street.strip(), []))
                candidates = [c for c in candidates if self.by_code[c][2] in street_codes]
            if len(candidates) > 1:
                return None, Problem(
                    field_name,
                    ErrorCode.REGION_AMBIGUOUS,
                    _(
                        "Several communities are called “{name}”: add the street or use the 12-digit code."
                    ).format(name=text),
                )
            if not candidates:
                return None, Problem(
                    field_name,
                    ErrorCode.REGION_UNKNOWN,
                    _("No community “{name}” in street “{street}”.").format(
                        name=text, street=street
                    ),
                )
            code = candidates[0]
        if community_only and self.by_code[code][1] != 5:
            return None, Problem(
                field_name,
                ErrorCode.REGION_NOT_COMMUNITY,
                _("“{name}” is not a community: choose the community the elder lives in.").format(
                    name=self.by_code[code][0]
                ),
            )
        if not code.startswith(self.scope_prefix):
            return None, Problem(
                field_name,
                ErrorCode.REGION_OUT_OF_SCOPE,
                _("“{name}” is outside your region.").format(name=self.by_code[code][0]),
            )
        return code, None


def _text(raw: Any) -> str:
    if raw.__class__ is str:  # nearly always: checked first, for import speed
        return raw.strip()
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip()


def check_elder_fields(
    raw: dict[str, Any], *, regions: RegionResolver, today: date
) -> tuple[ElderData | None, list[Problem]]:
    """Check every field of `raw` and return the values, or every problem found."""
    problems: list[Problem] = []
    name = _text(raw.get("name")).replace(" ", "").replace("\u3000", "")
    if not name:
        problems.append(Problem("name", ErrorCode.REQUIRED, _("Enter the name.")))
    elif len(name) > 50:
        problems.append(
            Problem("name", ErrorCode.TOO_LONG, _("The name is longer than 50 characters."))
        )

    parsed = None
    try:
        parsed = parse_id_number(_text(raw.get("id_number")), today=today)
    except InvalidIdNumber as error:
        message = str(ID_NUMBER_MESSAGES[error.problem]).format(expected=error.expected)
        problems.append(Problem("id_number", ErrorCode.ID_NUMBER_INVALID, message))
    min_age = settings.REGISTRY_MIN_AGE
    if parsed is not None and age_on(parsed.birth_date, today) < min_age:
        problems.append(
            Problem(
                "id_number",
                ErrorCode.TOO_YOUNG,
                _(
                    "The person is under {age}: the registry keeps elders aged {age} or over."
                ).format(age=min_age),
            )
        )

    phones: dict[str, str] = {}
    for field_name in ("phone_primary", "phone_secondary"):
        value = _text(raw.get(field_name))
        if not value:
            phones[field_name] = ""
            continue
        try:
            phones[field_name] = normalise_phone(value, default_area_code=settings.PHONE_AREA_CODE)
        except InvalidPhone as error:
            problems.append(
                Problem(field_name, ErrorCode.PHONE_INVALID, str(PHONE_MESSAGES[error.problem]))
            )

    region_raw = _text(raw.get("residence_region"))
    residence = None
    if not region_raw:
        problems.append(
            Problem(
                "residence_region", ErrorCode.REQUIRED, _("Enter the community the elder lives in.")
            )
        )
    else:
        residence, problem = regions.resolve(region_raw, street=_text(raw.get("street")))
        if problem:
            problems.append(problem)

    hukou = None
    hukou_raw = _text(raw.get("hukou_region"))
    if hukou_raw:
        # Hukou may be anywhere in the tree (or outside the city, then only the address is kept).
        saved_prefix, regions.scope_prefix = regions.scope_prefix, ""
        hukou, problem = regions.resolve(hukou_raw, community_only=False)
        regions.scope_prefix = saved_prefix
        if problem:
            problems.append(Problem("hukou_region", problem.code, problem.message))

    ethnicity = _text(raw.get("ethnicity"))
    if ethnicity:
        code = ethnicity.zfill(2) if ethnicity.isdigit() else ETHNICITY_BY_NAME.get(ethnicity)
        if code not in ETHNICITY_CODES:
            problems.append(
                Problem(
                    "ethnicity",
                    ErrorCode.CHOICE_INVALID,
                    _("“{value}” is not one of the 56 ethnic groups.").format(value=ethnicity),
                )
            )
        ethnicity = code or ""

    living_raw = _text(raw.get("living_arrangement"))
    living = LivingArrangement.OTHER
    if living_raw:
        if living_raw not in LIVING_BY_LABEL:
            problems.append(
                Problem(
                    "living_arrangement",
                    ErrorCode.CHOICE_INVALID,
                    _("Living arrangement must be one of: 独居, 空巢, 与子女同住, 其他."),
                )
            )
        else:
            living = LIVING_BY_LABEL[living_raw]

    coordinates: dict[str, Decimal | None] = {}
    for field_name, limit in (("latitude", 90), ("longitude", 180)):
        value = _text(raw.get(field_name))
        coordinates[field_name] = None
        if not value:
            continue
        try:
            number = Decimal(value).quantize(Decimal("0.000001"))
        except InvalidOperation:
            number = None
        if number is None or abs(number) > limit:
            problems.append(
                Problem(field_name, ErrorCode.COORDINATE_INVALID, _("Not a valid coordinate."))
            )
        else:
            coordinates[field_name] = number

    for field_name, limit in (("address", 200), ("hukou_address", 200)):
        if len(_text(raw.get(field_name))) > limit:
            problems.append(
                Problem(
                    field_name,
                    ErrorCode.TOO_LONG,
                    _("Longer than {limit} characters.").format(limit=limit),
                )
            )

    if problems or parsed is None or residence is None:
        return None, problems
    return (
        ElderData(
            name=name,
            id_number=parsed.value,
            birth_date=parsed.birth_date,
            gender="male" if parsed.is_male else "female",
            residence_region_id=residence,
            ethnicity=ethnicity,
            phone_primary=phones["phone_primary"],
            phone_secondary=phones["phone_secondary"],
            address=_text(raw.get("address")),
            hukou_region_id=hukou,
            hukou_address=_text(raw.get("hukou_address")),
            living_arrangement=living,
            latitude=coordinates["latitude"],
            longitude=coordinates["longitude"],
            warnings=[w.value for w in parsed.warnings],
        ),
        [],
    )
