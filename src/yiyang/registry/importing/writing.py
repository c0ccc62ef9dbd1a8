"""Write checked elder rows in bulk, with their audit records (called only by
`registry.services.imports`, one transaction per batch).

PostgreSQL: COPY text prepared by the checking side (`importing.copying`), written in two COPY
statements. SQLite: executemany. Either way a batch costs a handful of statements, not one per
row; updates of existing elders are one executemany.
"""

# ruff: noqa: S608 -- SQL is built from model metadata (quoted identifiers); values are parameters.
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection, transaction

from yiyang.core.models import ChangeRecord
from yiyang.registry.importing import copying
from yiyang.registry.importing.auditing import AuditRows
from yiyang.registry.models import Elder

# Elder columns an import writes on creation (attribute names; the db columns are looked up).
INSERT_FIELDS = [
    "name",
    "name_initials",
    "id_number",
    "gender",
    "birth_date",
    "ethnicity",
    "phone_primary",
    "phone_secondary",
    "hukou_region_id",
    "hukou_address",
    "residence_region_id",
    "address",
    "latitude",
    "longitude",
    "living_arrangement",
    "status",
    "external_ids",
    "created_at",
    "updated_at",
]
_ID_AT = INSERT_FIELDS.index("id_number")
_NAME_AT = INSERT_FIELDS.index("name")
_REGION_AT = INSERT_FIELDS.index("residence_region_id")
CHANGE_FIELDS = [
    "actor_id",
    "action",
    "content_type_id",
    "object_pk",
    "object_repr",
    "region_code",
    "changes",
    "reason",
    "request_id",
    "created_at",
]


def _column(model, attname: str) -> str:
    for model_field in model._meta.concrete_fields:
        if model_field.attname == attname:
            return connection.ops.quote_name(model_field.column)
    raise LookupError(attname)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def insert_elders(rows: Sequence[Sequence[Any]]) -> dict[str, int]:
    """Insert new elders (SQLite; values in INSERT_FIELDS order); return id_number → pk written.

    A number someone else wrote meanwhile is skipped (ON CONFLICT DO NOTHING), so two imports
    of one file never create one person twice.
    """
    if not rows:
        return {}
    columns = ", ".join(_column(Elder, name) for name in INSERT_FIELDS)
    placeholders = ", ".join(["%s"] * len(INSERT_FIELDS))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {_table(Elder)} ({columns}) VALUES ({placeholders}) "
            f"ON CONFLICT ({_column(Elder, 'id_number')}) DO NOTHING",
            _sqlite_rows(rows, INSERT_FIELDS),
        )
    # SQLite cannot return rows from executemany; one indexed query finds the new keys.
    created_at = INSERT_FIELDS.index("created_at")
    return dict(
        Elder.objects.filter(
            id_number__in=[row[_ID_AT] for row in rows], created_at=rows[0][created_at]
        ).values_list("id_number", "pk")
    )


def _sqlite_rows(rows: Sequence[Sequence[Any]], fields: list[str]) -> list[list[Any]]:
    """Adapt dates, times and decimals the way Django stores them in SQLite (by column)."""
    converted = [list(row) for row in rows]
    first = rows[0]
    for index in range(len(fields)):
        sample = next((row[index] for row in rows if row[index] is not None), None)
        if isinstance(sample, datetime):
            if all(row[index] is first[index] for row in rows):
                value = _sqlite_value(first[index])
                for row in converted:
                    row[index] = value
                continue
            for row in converted:
                row[index] = _sqlite_value(row[index])
        elif isinstance(sample, date | Decimal):
            for row in converted:
                if row[index] is not None:
                    row[index] = _sqlite_value(row[index])
    return converted


def update_elders(fields: list[str], rows: Iterable[tuple[int, list[Any]]]) -> None:
    """Set `fields` (attribute names) of existing elders: rows are (pk, values in order)."""
    assignments = ", ".join(f"{_column(Elder, name)} = %s" for name in fields)
    params = [
        [*(_sqlite_value(v) if connection.vendor == "sqlite" else v for v in values), pk]
        for pk, values in rows
    ]
    if not params:
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {_table(Elder)} SET {assignments} WHERE {_column(Elder, 'id')} = %s", params
        )


@dataclass
class PlannedBatch:
    """What one batch writes, decided by the checking side and written in one transaction.

    PostgreSQL batches carry COPY text (`keys`, `elder_lines` and `create_change_lines` run in
    parallel); SQLite batches carry rows (`creates` and `create_changes` in parallel).
    """

    rows_read: int
    now: datetime
    copy: bool
    keys: list[int] = field(default_factory=list)
    elder_lines: list[str] = field(default_factory=list)
    create_change_lines: list[str] = field(default_factory=list)
    creates: list[list[Any]] = field(default_factory=list)  # INSERT_FIELDS order
    create_changes: list[str] = field(default_factory=list)  # audit JSON of each create
    updates: list[tuple[int, list[Any]]] = field(default_factory=list)
    update_fields: list[str] = field(default_factory=list)
    update_changes: list[list[Any]] = field(default_factory=list)  # ChangeRecord rows

    @property
    def create_count(self) -> int:
        return len(self.keys) if self.copy else len(self.creates)


def write_batch(batch: PlannedBatch, audit: AuditRows) -> int:
    """Write a planned batch and its audit records in one transaction; return how many were created.

    A number someone else registered meanwhile is not created (the rest are), and has no record.
    """
    with transaction.atomic():
        if batch.copy:
            return _copy_batch(batch)
        written = insert_elders(batch.creates)
        changes = list(batch.update_changes)
        for values, created in zip(batch.creates, batch.create_changes, strict=True):
            pk = written.get(values[_ID_AT])
            if pk is not None:
                changes.append(
                    audit.row(
                        pk=pk,
                        name=values[_NAME_AT],
                        region=values[_REGION_AT],
                        changes=created,
                        action="create",
                        now=batch.now,
                    )
                )
        update_elders(batch.update_fields, batch.updates)
        insert_change_records(changes)
    return len(written)


def _copy_batch(batch: PlannedBatch) -> int:
    written = copying.copy_new_elders("".join(batch.elder_lines), INSERT_FIELDS)
    lines = batch.create_change_lines
    if written is not None:
        lines = [line for key, line in zip(batch.keys, lines, strict=True) if key in written]
    update_elders(batch.update_fields, batch.updates)
    changes = "".join(copying.copy_line(row) for row in batch.update_changes)
    copying.copy_change_records(changes + "".join(lines), CHANGE_FIELDS)
    return len(batch.keys) if written is None else len(written)


def insert_change_records(rows: Sequence[Sequence[Any]]) -> None:
    """Write the audit records of a batch in one statement (SQLite)."""
    if not rows:
        return
    columns = ", ".join(_column(ChangeRecord, name) for name in CHANGE_FIELDS)
    placeholders = ", ".join(["%s"] * len(CHANGE_FIELDS))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {_table(ChangeRecord)} ({columns}) VALUES ({placeholders})",
            _sqlite_rows(rows, CHANGE_FIELDS),
        )
