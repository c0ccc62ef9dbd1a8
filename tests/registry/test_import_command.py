"""`yiyang import_elders FILE [--dry-run] [--report OUT.xlsx] [--json]`."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import load_workbook

from tests.registry.test_import_service import write_messy_workbook
from yiyang.core.models import ChangeRecord
from yiyang.registry.management.commands.import_elders import Command as ImportCommand
from yiyang.registry.models import Elder


def _run(*args) -> list[str]:
    out = StringIO()
    with translation.override("en"):
        call_command("import_elders", *args, stdout=out)
    return out.getvalue().splitlines()


def test_json_last_line_counts_rows_for_the_whole_city(regions, tmp_path):
    path = write_messy_workbook(tmp_path / "list.xlsx")

    lines = _run(str(path), "--json")

    # Without --user the command acts for the whole city: street B's row is imported too.
    assert json.loads(lines[-1]) == {"created": 5, "updated": 0, "unchanged": 0, "rejected": 3}
    assert Elder.objects.count() == 5
    assert ChangeRecord.objects.filter(action="create", actor=None).count() == 5


def test_user_option_limits_rows_to_the_users_region(street_worker, tmp_path):
    path = write_messy_workbook(tmp_path / "list.xlsx")

    lines = _run(str(path), "--json", "--user", "street_worker")

    assert json.loads(lines[-1]) == {"created": 4, "updated": 0, "unchanged": 0, "rejected": 4}


def test_dry_run_writes_report_and_nothing_else(regions, tmp_path):
    path = write_messy_workbook(tmp_path / "list.xlsx")
    report = tmp_path / "out.xlsx"

    lines = _run(str(path), "--dry-run", "--report", str(report))

    assert (
        lines[0]
        == "Row 8, 村（社区）: Several communities are called “富平社区”: add the street or use the 12-digit code."
    )
    assert lines[-1] == ("Dry run, nothing written: 5 created, 0 updated, 0 unchanged, 3 rejected.")
    assert load_workbook(report).worksheets[0].max_row == 4
    assert Elder.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "reason_case"),
    [(None, "no such file"), (b"PK\x03\x04broken", "damaged")],
)
def test_unreadable_file_exits_non_zero_with_a_message(regions, tmp_path, content, reason_case):
    path = tmp_path / "list.xlsx"
    if content is not None:
        path.write_bytes(content)

    with pytest.raises(CommandError) as raised:
        _run(str(path), "--json")

    assert reason_case in str(raised.value)
    assert Elder.objects.count() == 0


def test_unreadable_file_exit_status_from_the_console(regions, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(b"\x00\x00")

    command = ImportCommand(stdout=StringIO(), stderr=StringIO())

    with translation.override("en"), pytest.raises(SystemExit) as raised:
        command.run_from_argv(["yiyang", "import_elders", str(path), "--json"])

    assert raised.value.code == 1
    assert "neither an Excel workbook nor a CSV file" in command.stderr._out.getvalue()
