"""Importing elder lists the way street offices send them (service level)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from tests.conftest import COMMUNITY_A1, COMMUNITY_A2
from tests.factories import make_elder, make_id_number
from yiyang.core.models import ChangeRecord
from yiyang.core.validators.id_number import check_character
from yiyang.registry.importing.reading import ImportFileError
from yiyang.registry.models import Elder
from yiyang.registry.services.imports import import_elders

HEADER = [
    "序号",
    "姓名*",
    "公民身份号码",
    "出生日期",
    "联系电话",
    "民族",
    "街道(乡镇)",
    "村（社区）",
    "现住址",
    "居住情况",
]


def _id_ending_in_x() -> str:
    for sequence in range(0, 998, 2):
        number = make_id_number(date(1941, 2, 3), male=False, sequence=sequence)
        if number.endswith("X"):
            return number
    raise AssertionError("no sequence gives X")


ID_WANG = make_id_number(date(1940, 5, 1), male=False, sequence=120)
ID_LI = make_id_number(date(1938, 7, 9), male=True, sequence=331)
ID_X = _id_ending_in_x()
LEGACY = "640302420315123"
ID_LEGACY = "6403021942031512" + "3" + check_character("64030219420315123")
ID_ZHAO = make_id_number(date(1950, 1, 1), male=True, sequence=11)
ID_BAD_CHECK = ID_ZHAO[:17] + ("0" if ID_ZHAO[17] != "0" else "1")
ID_NEW_CITY = make_id_number(date(1944, 4, 4), male=True, sequence=71)
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def messy_rows() -> list[list]:
    """Data rows of a real-looking list: the sheet starts them on row 3."""
    return [
        # row 3: the ambiguous 富平社区 is resolved by the street column; an Excel date cell
        ["1", "王桂英", ID_WANG, datetime(1940, 5, 1), "138 1234 5678", "回族", "胜利街道", "富平社区", "胜利路1号", "独居"],
        # row 4: full-width digits
        ["2", "李建国", ID_LI.translate(FULL_WIDTH), "1938年7月9日", "13912345678", "汉族", "胜利街道", "明珠社区", "", "空巢"],
        # row 5: lower-case x
        ["3", "马秀英", ID_X.lower(), "1941/2/3", "", "回", "", COMMUNITY_A2, "", ""],
        # row 6: a 15-digit legacy number
        ["4", "杨明", LEGACY, "", "0953-2012345", "", "胜利街道", "明珠社区", "", "其他"],
        [None] * 10,
        # row 8: the same community name in two streets and no street given
        ["5", "赵德", ID_NEW_CITY, "", "", "", "", "富平社区", "", ""],
        # row 9: a typing error in the number, and a phone too short
        ["6", "赵德明", ID_BAD_CHECK, "", "12345", "", "胜利街道", "富平社区", "", ""],
        # row 10: row 3's number again, written with spaces
        ["7", "王桂英", f"{ID_WANG[:6]} {ID_WANG[6:14]} {ID_WANG[14:]}", "", "", "", "胜利街道", "富平社区", "", ""],
        # row 11: a community of street B, outside a street A clerk's region
        ["8", "孙兰", make_id_number(date(1939, 9, 9), male=False, sequence=40), "", "", "", "金星镇", "新华社区", "", ""],
        ["", "", "", "", "", "", "", "", "", ""],
    ]  # fmt: skip


EXPECTED_PROBLEMS = [
    (8, "村（社区）", "residence_region", "Several communities are called “富平社区”: add the street or use the 12-digit code."),
    (9, "公民身份号码", "id_number", f"The check character is wrong: the number has a typing error (the last character would be {ID_ZHAO[17]})."),
    (9, "联系电话", "phone_primary", "Not a phone number: a mobile has 11 digits starting with 1; a landline has an area code."),
    (10, "公民身份号码", "id_number", "Row 3 of this file has the same identity number."),
    (11, "村（社区）", "residence_region", "“新华社区” is outside your region."),
]  # fmt: skip


def write_messy_workbook(path: Path, rows: list[list] | None = None) -> Path:
    """A workbook with a merged title row above the header, as street offices send them."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["胜利街道老年人花名册"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append(HEADER)
    for row in rows if rows is not None else messy_rows():
        sheet.append(row)
    workbook.save(path)
    return path


def _problems(result) -> list[tuple]:
    return [(p.row, p.column, p.field, p.message) for p in result.problems]


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_imports_messy_workbook_and_reports_every_problem(street_worker, tmp_path, english):
    path = write_messy_workbook(tmp_path / "花名册.xlsx")

    result = import_elders(path, actor=street_worker)

    assert result.summary() == {"created": 4, "updated": 0, "unchanged": 0, "rejected": 4}
    assert result.rows == 8
    assert _problems(result) == EXPECTED_PROBLEMS
    elders = {e.id_number: e for e in Elder.objects.all()}
    assert sorted(elders) == sorted([ID_WANG, ID_LI, ID_X, ID_LEGACY])
    wang = elders[ID_WANG]
    assert (wang.residence_region_id, wang.phone_primary, wang.ethnicity) == (
        COMMUNITY_A1,
        "13812345678",
        "03",
    )
    assert (wang.name_initials, wang.living_arrangement, wang.address) == ("wgy", "alone", "胜利路1号")
    assert elders[ID_LEGACY].birth_date == date(1942, 3, 15)
    assert elders[ID_X].residence_region_id == COMMUNITY_A2
    records = ChangeRecord.objects.filter(action="create")
    assert records.count() == 4
    record = records.get(object_pk=str(wang.pk))
    assert record.actor == street_worker
    assert record.changes["id_number"][1]["masked"] == ID_WANG[:6] + "********" + ID_WANG[-4:]
    assert ID_WANG not in str(record.changes)
    assert "13812345678" not in str(record.changes)
