"""Writing an import's batches: the writer thread, its errors, numbers registered meanwhile, COPY text."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from tests.conftest import COMMUNITY_A1
from tests.factories import make_elder, make_id_number
from yiyang.core.models import ChangeRecord
from yiyang.registry.importing import writing
from yiyang.registry.importing.copying import copy_line
from yiyang.registry.importing.overlap import BatchWriter
from yiyang.registry.models import Elder
from yiyang.registry.services import imports

NUMBERS = [make_id_number(date(1940, 1, 1 + day), male=True, sequence=21) for day in range(5)]


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def _write_list(path, numbers):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["姓名", "身份证号", "社区", "联系电话"])
        for number in numbers:
            writer.writerow(["王秀英", number, COMMUNITY_A1, "13812345678"])
    return path


@pytest.mark.django_db(transaction=True)
def test_import_outside_a_transaction_writes_every_batch_with_its_audit(
    regions, tmp_path, settings, english
):
    # given a list of 5 elders, written 2 rows a batch (on PostgreSQL by the writer thread)
    settings.IMPORT_BATCH_SIZE = 2
    source = _write_list(tmp_path / "list.csv", NUMBERS)
    done: list[int] = []

    # when it is imported outside any transaction
    result = imports.import_elders(source, actor=None, progress=done.append)

    # then every elder and its creation record is written, and progress counts written rows
    assert result.summary() == {"created": 5, "updated": 0, "unchanged": 0, "rejected": 0}
    elders = dict(Elder.objects.values_list("id_number", "pk"))
    assert sorted(elders) == sorted(NUMBERS)
    records = ChangeRecord.objects.filter(action="create")
    assert sorted(int(pk) for pk in records.values_list("object_pk", flat=True)) == sorted(
        elders.values()
    )
    record = records.get(object_pk=str(elders[NUMBERS[0]]))
    assert record.changes["id_number"][1]["masked"] == NUMBERS[0][:6] + "********" + NUMBERS[0][-4:]
    assert record.changes["phone_primary"][1]["masked"] == "138****5678"
    assert record.reason == "import: list.csv"
    assert done == [2, 4, 5]


@pytest.mark.django_db(transaction=True)
def test_a_failed_batch_stops_the_import_and_keeps_the_batches_before_it(
    regions, tmp_path, settings, monkeypatch
):
    # given writing fails on the second batch
    settings.IMPORT_BATCH_SIZE = 2
    source = _write_list(tmp_path / "list.csv", NUMBERS)
    real_write = writing.write_batch
    calls = []

    def failing_write(batch, audit):
        calls.append(batch.rows_read)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_write(batch, audit)

    monkeypatch.setattr(writing, "write_batch", failing_write)

    # when the list is imported, then the caller gets the writer's error
    with pytest.raises(RuntimeError, match="disk full"):
        imports.import_elders(source, actor=None)

    # and the first batch, with its records, is all that was written
    assert sorted(Elder.objects.values_list("id_number", flat=True)) == sorted(NUMBERS[:2])
    assert ChangeRecord.objects.filter(action="create").count() == 2


def test_a_number_registered_meanwhile_is_skipped_without_a_record(
    regions, tmp_path, monkeypatch, english
):
    # given someone registers the first number after the batch was classified
    source = _write_list(tmp_path / "list.csv", NUMBERS[:3])
    real_plan = imports._Planner.__call__
    elder = None

    def plan_then_register(self, batch, *, dry_run):
        nonlocal elder
        planned = real_plan(self, batch, dry_run=dry_run)
        elder = make_elder(residence_region_id=COMMUNITY_A1, name="李兰", id_number=NUMBERS[0])
        return planned

    monkeypatch.setattr(imports._Planner, "__call__", plan_then_register)

    # when the list is imported
    result = imports.import_elders(source, actor=None)

    # then the other two are created with records; the registered one is left as it was
    assert result.summary() == {"created": 2, "updated": 0, "unchanged": 1, "rejected": 0}
    assert Elder.objects.get(id_number=NUMBERS[0]).name == "李兰"
    created = set(Elder.objects.exclude(pk=elder.pk).values_list("pk", flat=True))
    assert len(created) == 2
    records = ChangeRecord.objects.filter(action="create", reason="import: list.csv")
    assert {int(pk) for pk in records.values_list("object_pk", flat=True)} == created


def test_batch_writer_writes_in_order_and_passes_its_error_on():
    # given a writer whose third write fails
    written: list[int] = []

    def write(item: int) -> None:
        if item == 3:
            raise ValueError("bad item")
        written.append(item)

    writer: BatchWriter[int] = BatchWriter(write)

    # when three items are put and the writer closed
    for item in (1, 2, 3):
        writer.put(item)

    # then the error reaches the caller, after the items before it were written in order
    with pytest.raises(ValueError, match="bad item"):
        writer.close()
    assert written == [1, 2]


def test_copy_line_escapes_what_copy_text_reserves():
    assert copy_line(["a\tb", "c\\d", "e\nf\rg", None, date(1940, 5, 1), 7, Decimal("1.50")]) == (
        "a\\tb\tc\\\\d\te\\nf\\rg\t\\N\t1940-05-01\t7\t1.50\n"
    )
