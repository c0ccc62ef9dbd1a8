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
EXCEL_DATE = datetime(1940, 5, 1)  # noqa: DTZ001 -- Excel date cells carry no time zone
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def messy_rows() -> list[list]:
    """Data rows of a real-looking list: the sheet starts them on row 3."""
    return [
        # row 3: the ambiguous 富平社区 is resolved by the street column; an Excel date cell
        ["1", "王桂英", ID_WANG, EXCEL_DATE, "138 1234 5678", "回族", "胜利街道", "富平社区", "胜利路1号", "独居"],
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
    assert (wang.name_initials, wang.living_arrangement, wang.address) == (
        "wgy",
        "alone",
        "胜利路1号",
    )
    assert elders[ID_LEGACY].birth_date == date(1942, 3, 15)
    assert elders[ID_X].residence_region_id == COMMUNITY_A2
    records = ChangeRecord.objects.filter(action="create")
    assert records.count() == 4
    record = records.get(object_pk=str(wang.pk))
    assert record.actor == street_worker
    assert record.changes["id_number"][1]["masked"] == ID_WANG[:6] + "********" + ID_WANG[-4:]
    assert ID_WANG not in str(record.changes)
    assert "13812345678" not in str(record.changes)


def test_reimporting_the_same_file_changes_nothing(street_worker, tmp_path, english):
    path = write_messy_workbook(tmp_path / "list.xlsx")
    import_elders(path, actor=street_worker)
    before = list(Elder.objects.order_by("pk").values())
    records = ChangeRecord.objects.count()

    result = import_elders(path, actor=street_worker)

    assert result.summary() == {"created": 0, "updated": 0, "unchanged": 4, "rejected": 4}
    assert list(Elder.objects.order_by("pk").values()) == before
    assert ChangeRecord.objects.count() == records


def test_dry_run_counts_and_writes_nothing(street_worker, tmp_path, english):
    path = write_messy_workbook(tmp_path / "list.xlsx")

    result = import_elders(path, actor=street_worker, dry_run=True)

    assert result.summary() == {"created": 4, "updated": 0, "unchanged": 0, "rejected": 4}
    assert _problems(result) == EXPECTED_PROBLEMS
    assert Elder.objects.count() == 0
    assert ChangeRecord.objects.count() == 0


def test_changed_row_updates_only_columns_in_the_file(street_worker, tmp_path, english):
    elder = make_elder(
        residence_region_id=COMMUNITY_A1,
        name="王桂英",
        id_number=ID_WANG,
        birth=date(1940, 5, 1),
        phone_primary="13800000000",
        hukou_address="利通区老家",
    )
    path = write_messy_workbook(tmp_path / "list.xlsx", messy_rows()[:1])

    result = import_elders(path, actor=street_worker)

    assert result.summary() == {"created": 0, "updated": 1, "unchanged": 0, "rejected": 0}
    elder.refresh_from_db()
    assert (elder.phone_primary, elder.ethnicity, elder.living_arrangement) == (
        "13812345678",
        "03",
        "alone",
    )
    assert elder.hukou_address == "利通区老家"
    record = ChangeRecord.objects.get(action="update", object_pk=str(elder.pk))
    assert sorted(record.changes) == ["address", "ethnicity", "living_arrangement", "phone_primary"]
    assert record.changes["phone_primary"][0]["masked"] == "138****0000"


def test_rejects_row_of_an_elder_registered_in_another_street(
    other_street_worker, tmp_path, english
):
    elder = make_elder(residence_region_id=COMMUNITY_A1, id_number=ID_WANG, birth=date(1940, 5, 1))
    row = ["1", "王桂英", ID_WANG, "", "", "", "金星镇", "新华社区", "", ""]
    path = write_messy_workbook(tmp_path / "list.xlsx", [row])

    result = import_elders(path, actor=other_street_worker)

    assert result.summary() == {"created": 0, "updated": 0, "unchanged": 0, "rejected": 1}
    assert _problems(result) == [
        (
            3,
            "公民身份号码",
            "id_number",
            "An elder with this identity number is registered outside your region: ask that region to move the record.",
        )
    ]
    elder.refresh_from_db()
    assert elder.residence_region_id == COMMUNITY_A1
    assert ChangeRecord.objects.count() == 0


def test_reads_gbk_csv_with_other_header_names(street_worker, tmp_path, english):
    text = (
        "姓名,身份证号码,手机号码,居住社区,居住状况,出生年月\r\n"
        f"王桂英,{ID_WANG},13812345678,640302001001,独居,1940.5.1\r\n"
        "\r\n"
        f"李建国,{ID_LI},,明珠社区,空巢,1938-07-10\r\n"
    )
    path = tmp_path / "list.csv"
    path.write_bytes(text.encode("gbk"))

    result = import_elders(path, actor=street_worker)

    assert result.summary() == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 1}
    assert _problems(result) == [
        (
            4,
            "出生年月",
            "birth_date",
            "The birth date 1938-07-10 does not match the identity number, which gives 1938-07-09.",
        )
    ]
    assert Elder.objects.get().name == "王桂英"


def test_error_report_keeps_the_columns_and_adds_the_problems(street_worker, tmp_path, english):
    path = write_messy_workbook(tmp_path / "list.xlsx")
    report = tmp_path / "errors.xlsx"

    import_elders(path, actor=street_worker, report_path=report)

    workbook = load_workbook(report)
    rejected, summary = workbook.worksheets
    rows = list(rejected.iter_rows(values_only=True))
    assert rows[0] == (*HEADER, "Problems", "Row in the file")
    assert [row[-1] for row in rows[1:]] == [8, 9, 10, 11]
    assert rows[2][1:3] == ("赵德明", ID_BAD_CHECK)
    assert rows[2][-2] == (
        "公民身份号码: " + EXPECTED_PROBLEMS[1][3] + "；联系电话: " + EXPECTED_PROBLEMS[2][3]
    )
    assert [row[1] for row in summary.iter_rows(min_row=3, max_row=6, values_only=True)] == [
        4,
        0,
        0,
        4,
    ]


def test_corrected_report_imports_on_upload(street_worker, tmp_path, english):
    path = write_messy_workbook(tmp_path / "list.xlsx")
    report = tmp_path / "errors.xlsx"
    import_elders(path, actor=street_worker, report_path=report)
    workbook = load_workbook(report)
    sheet = workbook.worksheets[0]
    sheet.cell(row=2, column=7).value = "胜利街道"  # row 8 gets its street
    workbook.save(report)

    result = import_elders(report, actor=street_worker)

    # Row 10 repeated row 3, now on record: its blank cells erase nothing.
    assert result.summary() == {"created": 1, "updated": 0, "unchanged": 1, "rejected": 2}


@pytest.mark.parametrize(
    ("name", "content", "message_case"),
    [
        ("list.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "old Excel"),
        ("list.xlsx", b"PK\x03\x04 not really a zip", "damaged"),
        ("list.csv", "标题\n没有表头,的文件\n".encode(), "No header row"),
        ("list.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "neither"),
    ],
)
def test_unreadable_file_raises_and_writes_nothing(
    street_worker, tmp_path, english, name, content, message_case
):
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(ImportFileError) as raised:
        import_elders(path, actor=street_worker)

    assert message_case in raised.value.message
    assert Elder.objects.count() == 0
