"""The basic-information fields of GB/T 42195-2022 Annex A that the on-site form asks for.

Field labels and options are the standard's wording (data, in Chinese, like the scale items);
name, gender, birth date, ethnicity and identity number (A.2.1–A.2.5, A.2.9) come from the
registry and are not asked again. Pure module: no Django import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A.4 疾病诊断 takes ICD-10 codes: a letter, two digits, optionally a decimal part ("F03", "I10.x").
ICD10 = re.compile(r"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,2})?$")

# Codes offered as one-tap choices on the form (A.4 lists them as the common ones).
COMMON_DIAGNOSES: tuple[tuple[str, str], ...] = (
    ("I10", "高血压"),
    ("I25", "冠心病"),
    ("E11", "糖尿病"),
    ("I63", "脑梗死"),
    ("F03", "痴呆"),
    ("G20", "帕金森病"),
    ("J44", "慢性阻塞性肺疾病"),
)

# A.2.14 近30天内照护风险事件: each type recorded as 无 / 1次 / 2次 / ≥3次 (stored 0–3).
RISK_EVENTS: tuple[tuple[str, str], ...] = (
    ("fall", "跌倒"),
    ("wandering", "走失"),
    ("choking", "噎食"),
    ("suicide", "自杀"),
    ("self_harm", "自伤"),
    ("other", "其他"),
)
RISK_EVENT_COUNTS: tuple[tuple[int, str], ...] = (
    (0, "无"),
    (1, "1次"),
    (2, "2次"),
    (3, "3次及以上"),
)


@dataclass(frozen=True)
class BasicField:
    """One Annex A field: its code, the standard's label, and its options (none: typed)."""

    code: str
    label: str
    kind: str  # "number", "text", "choice", "multi"
    options: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None


BASIC_FIELDS: tuple[BasicField, ...] = (
    BasicField("A.2.6", "身高（cm）", "number", minimum=50, maximum=250),
    BasicField("A.2.7", "体重（kg）", "number", minimum=10, maximum=300),
    BasicField("A.2.8", "宗教信仰", "choice", ("无", "有")),
    BasicField(
        "A.2.10",
        "文化程度",
        "choice",
        ("文盲", "小学", "初中", "高中/技校/中专", "大学专科及以上", "不详"),
    ),
    BasicField(
        "A.2.11",
        "居住情况",
        "multi",
        (
            "独居",
            "与配偶居住",
            "与子女居住",
            "与父母居住",
            "与兄弟姐妹居住",
            "与其他亲属居住",
            "与非亲属关系的人居住",
            "养老机构",
        ),
    ),
    BasicField("A.2.12", "婚姻状况", "choice", ("未婚", "已婚", "丧偶", "离婚", "未说明")),
    BasicField(
        "A.2.13",
        "医疗费用支付方式",
        "multi",
        (
            "城镇职工基本医疗保险",
            "城乡居民基本医疗保险",
            "自费",
            "公务员补助",
            "企业补充保险",
            "商业医疗保险",
            "医疗救助",
            "其他",
        ),
    ),
    BasicField(
        "A.2.15",
        "经济来源",
        "multi",
        ("退休金/养老金", "子女补贴", "亲友资助", "国家普惠型补贴", "个人储蓄", "其他"),
    ),
    BasicField("A.3.1", "信息提供者的姓名", "text"),
    BasicField(
        "A.3.2",
        "信息提供者与老人的关系",
        "choice",
        ("本人", "配偶", "子女", "其他亲属", "雇佣照顾者", "村（居）委会工作人员", "其他"),
    ),
    BasicField("A.3.3", "联系人电话", "text"),
    BasicField(
        "A.5.1",
        "压力性损伤",
        "choice",
        ("无", "Ⅰ期", "Ⅱ期", "Ⅲ期", "Ⅳ期", "不可分期及深部组织损伤"),
    ),
    BasicField("A.5.8", "吞咽困难", "choice", ("无", "有")),
)
BASIC_BY_CODE = {field.code: field for field in BASIC_FIELDS}

# The cards the form shows before the scale's items, each with the fields it holds.
BASIC_CARDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("A.2", "评估对象基本信息", ("A.2.6", "A.2.7", "A.2.8", "A.2.10", "A.2.12")),
    ("A.2-living", "居住情况与经济来源", ("A.2.11", "A.2.13", "A.2.15")),
    ("A.3", "信息提供者及联系人", ("A.3.1", "A.3.2", "A.3.3")),
    ("A.5", "健康相关问题", ("A.5.1", "A.5.8")),
)


def basic_info_problems(values: dict) -> list[tuple[str, str]]:
    """Return (code, reason) for every value that is not a known Annex A field or option."""
    problems: list[tuple[str, str]] = []
    for code, value in values.items():
        field = BASIC_BY_CODE.get(code)
        if field is None:
            problems.append((code, "unknown"))
        elif value in (None, "", []):
            continue
        elif field.kind == "number":
            try:
                number = float(value)
            except (TypeError, ValueError):
                problems.append((code, "not_a_number"))
                continue
            if (field.minimum is not None and number < field.minimum) or (
                field.maximum is not None and number > field.maximum
            ):
                problems.append((code, "out_of_range"))
        elif not _is_option(field, value):
            problems.append((code, "not_an_option"))
        elif field.kind == "text" and (not isinstance(value, str) or len(value) > 100):
            problems.append((code, "too_long"))
    return problems


def _is_option(field: BasicField, value) -> bool:
    if field.kind == "choice":
        return value in field.options
    if field.kind == "multi":
        return isinstance(value, list) and all(item in field.options for item in value)
    return True
