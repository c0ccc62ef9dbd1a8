"""The column names street offices use, mapped to the fields of an elder record."""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext_lazy as _

# Field key → the names clerks give that column (compared after `clean_header`).
HEADER_VARIANTS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "老人姓名", "老年人姓名", "名字"),
    "id_number": (
        "身份证号",
        "身份证号码",
        "公民身份号码",
        "公民身份证号码",
        "身份证",
        "证件号码",
        "证件号",
        "身份证件号码",
    ),
    "ethnicity": ("民族",),
    "phone_primary": ("联系电话", "电话", "手机", "手机号", "手机号码", "联系方式", "本人电话"),
    "phone_secondary": ("备用电话", "其他电话", "联系电话2", "电话2", "固定电话", "座机"),
    "residence_region": (
        "社区",
        "所在社区",
        "居住社区",
        "村(社区)",
        "社区(村)",
        "村/社区",
        "社区/村",
        "村居",
        "所属社区",
        "社区名称",
        "社区代码",
    ),
    "street": ("街道", "乡镇", "街道(乡镇)", "乡镇(街道)", "街道/乡镇", "乡镇/街道", "所属街道"),
    "address": ("现住址", "居住地址", "地址", "家庭住址", "现居住地址", "详细地址", "住址"),
    "hukou_region": ("户籍地", "户籍所在地", "户籍地区划", "户籍区划代码"),
    "hukou_address": ("户籍地址", "户籍详细地址", "户口所在地地址"),
    "living_arrangement": ("居住状况", "居住情况", "居住方式", "居住类型"),
    "latitude": ("纬度",),
    "longitude": ("经度",),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "生日"),
    "categories": ("人员类别", "类别", "人员类型"),
}

# Columns a sheet must have: without them no row could be checked.
REQUIRED_FIELDS = ("name", "id_number", "residence_region")

FIELD_LABELS = {
    "name": _("Name"),
    "id_number": _("Identity number"),
    "ethnicity": _("Ethnicity"),
    "phone_primary": _("Phone"),
    "phone_secondary": _("Second phone"),
    "residence_region": _("Community"),
    "street": _("Street"),
    "address": _("Address"),
    "hukou_region": _("Hukou region"),
    "hukou_address": _("Hukou address"),
    "living_arrangement": _("Living arrangement"),
    "latitude": _("Latitude"),
    "longitude": _("Longitude"),
    "birth_date": _("Birth date"),
    "categories": _("Category"),
}

# "姓名*", "身份证号（必填）", "序 号" and line breaks inside a header cell are all common.
_NOISE = re.compile(r"[\s*:：]|\(必填\)|\(选填\)")

_BY_NAME = {variant: key for key, variants in HEADER_VARIANTS.items() for variant in variants}


def clean_header(value: object) -> str:
    """Fold a header cell to the form the variants are written in."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return _NOISE.sub("", text)


def field_for(value: object) -> str | None:
    """Return the field key a header cell names, or None for a column we do not read."""
    return _BY_NAME.get(clean_header(value))


def match_header(cells: list[object]) -> dict[int, str]:
    """Map column index → field key for a candidate header row (first column wins)."""
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for index, cell in enumerate(cells):
        key = field_for(cell)
        if key is not None and key not in taken:
            mapping[index] = key
            taken.add(key)
    return mapping
