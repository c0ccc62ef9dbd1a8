"""Write checked elder rows in bulk, with their audit records (called only by
`registry.services.imports`, inside its one-transaction-per-batch).

PostgreSQL: COPY into a temporary table, then one INSERT … ON CONFLICT DO NOTHING RETURNING and
one UPDATE … FROM; audit records are COPYed straight in. SQLite: executemany. Either way a
batch costs a handful of statements, not one per row.
"""

# ruff: noqa: S608 -- SQL is built from model metadata (quoted identifiers); values are parameters.
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction

from yiyang.core.models import ChangeRecord
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
    """Insert new elders (values in INSERT_FIELDS order); return id_number → pk of those written.

    A number someone else wrote meanwhile is skipped (ON CONFLICT DO NOTHING), so two imports
    of one file never create one person twice.
    """
    if not rows:
        return {}
    if connection.vendor == "postgresql":
        try:
            with transaction.atomic():
                return _copy_elders(rows)
        except IntegrityError:
            # Someone registered one of these numbers since the batch was classified.
            return _copy_elders_skipping_conflicts(rows)
    columns = ", ".join(_column(Elder, name) for name in INSERT_FIELDS)
    placeholders = ", ".join(["%s"] * len(INSERT_FIELDS))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {_table(Elder)} ({columns}) VALUES ({placeholders}) "
            f"ON CONFLICT ({_column(Elder, 'id_number')}) DO NOTHING",
            _sqlite_rows(rows, INSERT_FIELDS),
        )
    # SQLite cannot return rows from executemany; one indexed query finds the new keys.
    id_at, created_at = INSERT_FIELDS.index("id_number"), INSERT_FIELDS.index("created_at")
    return dict(
        Elder.objects.filter(
            id_number__in=[row[id_at] for row in rows], created_at=rows[0][created_at]
        ).values_list("id_number", "pk")
    )


def _copy_elders(rows: Sequence[Sequence[Any]]) -> dict[str, int]:
    """COPY straight into the table with keys drawn from its sequence beforehand."""
    table = Elder._meta.db_table
    columns = ", ".join(_column(Elder, name) for name in ["id", *INSERT_FIELDS])
    id_at = INSERT_FIELDS.index("id_number")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(rows)],
        )
        keys = [key for (key,) in cursor.fetchall()]
        with cursor.copy(f"COPY {_table(Elder)} ({columns}) FROM STDIN") as copy:
            for key, row in zip(keys, rows, strict=True):
                copy.write_row((key, *row))
    return {row[id_at]: key for key, row in zip(keys, rows, strict=True)}


def _copy_elders_skipping_conflicts(rows: Sequence[Sequence[Any]]) -> dict[str, int]:
    columns = ", ".join(_column(Elder, name) for name in INSERT_FIELDS)
    table = _table(Elder)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE yy_import_elder ON COMMIT DROP AS "
            f"SELECT {columns} FROM {table} WITH NO DATA"
        )
        with cursor.copy(f"COPY yy_import_elder ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM yy_import_elder "
            f"ON CONFLICT ({_column(Elder, 'id_number')}) DO NOTHING "
            f"RETURNING {_column(Elder, 'id')}, {_column(Elder, 'id_number')}"
        )
        return {number: pk for pk, number in cursor.fetchall()}


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
    """What one batch writes, decided by the checking side and written in one transaction."""

    rows_read: int
    now: datetime
    creates: list[list[Any]] = field(default_factory=list)  # INSERT_FIELDS order
    create_changes: list[str] = field(default_factory=list)  # audit JSON of each create
    updates: list[tuple[int, list[Any]]] = field(default_factory=list)
    update_fields: list[str] = field(default_factory=list)
    update_changes: list[list[Any]] = field(default_factory=list)  # ChangeRecord rows


def write_batch(batch: PlannedBatch, audit: AuditRows) -> int:
    """Write a planned batch and its audit records in one transaction; return how many were created.

    A number someone else registered meanwhile is not created (the rest are), and has no record.
    """
    with transaction.atomic():
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


def insert_change_records(rows: Sequence[Sequence[Any]]) -> None:
    """Write the audit records of a batch in one statement."""
    if not rows:
        return
    columns = ", ".join(_column(ChangeRecord, name) for name in CHANGE_FIELDS)
    table = _table(ChangeRecord)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(CHANGE_FIELDS))
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",
            _sqlite_rows(rows, CHANGE_FIELDS),
        )
