"""Insert many plain rows at once: COPY on PostgreSQL, `bulk_create` in batches elsewhere.

For the writes of a city-sized batch (a payment run's rows, its ledger entries) where building a
model instance per row costs more than the database work itself. Rows are tuples in the order of
`fields`; columns not named take their field default. The caller owns the transaction.

`rows` may be a generator that reads the database: it is drawn a batch at a time outside the COPY,
since a connection in COPY mode cannot run another query (psycopg would wait forever).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from django.db import connection, models
from django.utils import timezone

BATCH = 5000


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple]) -> None:
    """Insert `rows` (tuples of `fields`' values) into `model`'s table."""
    source = iter(rows)
    batches = iter(lambda: list(islice(source, BATCH)), [])
    if connection.vendor != "postgresql":
        manager: Any = model._default_manager
        for batch in batches:
            manager.bulk_create([model(**dict(zip(fields, row, strict=True))) for row in batch])
        return
    meta = model._meta
    named = [meta.get_field(name) for name in fields]
    # What bulk_create would fill in: the field default ("" for text), the time for auto_now.
    defaults = [
        field for field in meta.concrete_fields if not field.primary_key and field not in named
    ]
    columns = [str(field.column) for field in named if isinstance(field, models.Field)]
    columns += [str(field.column) for field in defaults]
    now = timezone.now()
    extra = tuple(
        now
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        else field.get_default()
        for field in defaults
    )
    # psycopg's COPY adapts Python values itself, but not the dicts and lists of a JSON field.
    json_at = [index for index, field in enumerate(named) if isinstance(field, models.JSONField)]
    quote = connection.ops.quote_name
    statement = "COPY {table} ({columns}) FROM STDIN".format(
        table=quote(meta.db_table), columns=", ".join(quote(column) for column in columns)
    )
    for batch in batches:
        with connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in batch:
                values = list(row)
                for index in json_at:
                    values[index] = json.dumps(values[index])
                copy.write_row((*values, *extra))
