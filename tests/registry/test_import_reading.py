"""Pure parts of the import: header names, written dates, pinyin initials at speed."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yiyang.registry.importing.dates import parse_date
from yiyang.registry.importing.headers import field_for, match_header
from yiyang.registry.importing.initials import fast_initials
from yiyang.registry.importing.reading import sniff_encoding
from yiyang.registry.services.elders import name_initials


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("身份证号", "id_number"),
        ("公民身份号码", "id_number"),
        ("身份证号码（必填）", "id_number"),
        ("姓 名*", "name"),
        ("村（社区）", "residence_region"),
        ("街道/乡镇", "street"),
        ("手机号码", "phone_primary"),
        ("居住情况", "living_arrangement"),
        ("户籍所在地", "hukou_region"),
        ("序号", None),
    ],
)
def test_header_variants_map_to_fields(header, field):
    assert field_for(header) == field


def test_first_column_of_a_field_wins():
    assert match_header(["姓名", "电话", "手机", None]) == {0: "name", 1: "phone_primary"}


@pytest.mark.parametrize(
    "value",
    [
        datetime(1945, 3, 8),  # noqa: DTZ001 -- Excel date cells carry no time zone
        date(1945, 3, 8),
        "1945-03-08",
        "1945-3-8 00:00:00",
        "1945/3/8",
        "1945.03.08",
        "1945年3月8日",
        "19450308",
        16504,  # an Excel serial number that lost its date format
        "16504",
    ],
)
def test_reads_dates_as_clerks_write_them(value):
    assert parse_date(value) == date(1945, 3, 8)


@pytest.mark.parametrize("value", ["1945-02-30", "三月八日", "45.3.8", ""])
def test_rejects_what_is_not_a_date(value):
    assert parse_date(value) is None


@pytest.mark.parametrize(
    ("sample", "encoding"),
    [("姓名,社区\n".encode(), "utf-8-sig"), ("姓名,社区\n".encode("gbk"), "gb18030")],
)
def test_sniffs_utf8_and_gbk(sample, encoding):
    assert sniff_encoding(sample) == encoding


CHINESE = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)


@settings(max_examples=300, deadline=None)
@given(st.text(CHINESE, min_size=1, max_size=4))
def test_fast_initials_equal_name_initials(name):
    assert fast_initials(name) == name_initials(name)


@pytest.mark.parametrize("name", ["曾国藩", "单雄信", "王秀英", "买买提·艾力", "欧阳修"])
def test_fast_initials_of_ambiguous_names(name):
    assert fast_initials(name) == name_initials(name)


# Characters whose readings start with different letters, mixed with common name characters,
# so most drawn names take the character-by-character path and some contain a phrase.
AMBIGUOUS_MIX = st.sampled_from(list("曾单长乐朝重行的了和区仇查解朴盖覃翟国藩雄信王秀英子女"))


@settings(max_examples=300, deadline=None)
@given(st.text(AMBIGUOUS_MIX, min_size=1, max_size=5))
def test_fast_initials_equal_name_initials_for_ambiguous_characters(name):
    assert fast_initials(name) == name_initials(name)
