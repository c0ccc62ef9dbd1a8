"""PostgreSQL COPY text for imported elders and their audit records.

The rows of a batch are turned into COPY text by the checking side (one string per row), with
primary keys drawn from the table's sequence beforehand, so the writer only sends two strings
and commits: few round trips, little Python, little waiting for the GIL on the writer thread.
"""

# ruff: noqa: S608 -- SQL is built from model metadata (quoted identifiers); values are COPY data.
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import IntegrityError, connection, transaction

from yiyang.core.models import ChangeRecord
from yiyang.registry.models import Elder

_SPECIAL = re.compile(r"[\\\t\n\r]")
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"


def copy_value(value: Any) -> str:
    """Return a value as COPY text: NULL as \\N, tabs, newlines and backslashes escaped."""
    if value.__class__ is str:
        return value.translate(_ESCAPES) if _SPECIAL.search(value) else value
    if value is None:
        return NULL
    if isinstance(value, str):  # a TextChoices member
        return copy_value(str(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def copy_line(values: Sequence[Any]) -> str:
    """Return one row of COPY text (tab-separated, newline-terminated)."""
    return "\t".join([copy_value(value) for value in values]) + "\n"


def reserve_keys(count: int) -> list[int]:
    """Draw `count` primary keys for new elders from the table's sequence."""
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_agg(nextval(pg_get_serial_sequence(%s, 'id'))) "
            "FROM generate_series(1, %s)",
            [Elder._meta.db_table, count],
        )
        return cursor.fetchone()[0]


def find_elders(numbers: list[str], attnames: list[str]) -> list[tuple]:
    """Return `attnames` of the elders with these identity numbers (one array parameter)."""
    if not numbers:
        return []
    table = connection.ops.quote_name(Elder._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_columns(Elder, attnames)} FROM {table} "
            f"WHERE {_columns(Elder, ['id_number'])} = ANY(%s)",
            [numbers],
        )
        return cursor.fetchall()


def _columns(model, attnames: list[str]) -> str:
    by_attname = {f.attname: f.column for f in model._meta.concrete_fields}
    return ", ".join(connection.ops.quote_name(by_attname[name]) for name in attnames)


def copy_new_elders(text: str, fields: list[str]) -> set[int] | None:
    """COPY new elders (lines of "id + fields"); return the keys written, None meaning all.

    When someone registered one of the numbers since the batch was classified, the batch goes
    through a temporary table and INSERT … ON CONFLICT DO NOTHING: the others are still written.
    """
    if not text:
        return None
    table = connection.ops.quote_name(Elder._meta.db_table)
    columns = _columns(Elder, ["id", *fields])
    try:
        # cursor.copy is psycopg's own: wrap_database_errors turns its errors into Django's.
        with (
            transaction.atomic(),
            connection.wrap_database_errors,
            connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            copy.write(text)
        return None
    except IntegrityError:
        pass
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE yy_import_elder ON COMMIT DROP AS "
            f"SELECT {columns} FROM {table} WITH NO DATA"
        )
        with cursor.copy(f"COPY yy_import_elder ({columns}) FROM STDIN") as copy:
            copy.write(text)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM yy_import_elder "
            f"ON CONFLICT ({_columns(Elder, ['id_number'])}) DO NOTHING "
            f"RETURNING {_columns(Elder, ['id'])}"
        )
        written = {key for (key,) in cursor.fetchall()}
        cursor.execute("DROP TABLE yy_import_elder")
    return written


def copy_change_records(text: str, fields: list[str]) -> None:
    """COPY the audit records of a batch (lines in `fields` order)."""
    if not text:
        return
    table = connection.ops.quote_name(ChangeRecord._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({_columns(ChangeRecord, fields)}) FROM STDIN") as copy,
    ):
        copy.write(text)
