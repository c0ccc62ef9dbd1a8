"""Detect possible duplicates (疑似重复档案) with one grouped SQL statement per rule.

Each rule groups the registry by its key (GROUP BY … HAVING COUNT(*) > 1), joins the members of
each group back in pairs (lower pk first) and inserts the pairs no candidate row holds yet, in
any status: a dismissed pair is never raised again. Nothing is read into Python, so a city of a
million elders is checked in seconds. Records already merged into another take no part.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from yiyang.registry.choices import DuplicateReason, DuplicateStatus, ElderStatus
from yiyang.registry.models import DuplicateCandidate, Elder

# Rule key expressions over an elder row aliased `e`; the district is the first 6 digits.
RULES: dict[str, tuple[str, ...]] = {
    DuplicateReason.NAME_BIRTH_DATE_DISTRICT: (
        "e.name",
        "e.birth_date",
        "SUBSTR(e.{region}, 1, 6)",
    ),
    DuplicateReason.NAME_PHONE: ("e.name", "e.phone_primary"),
}


def _statement(reason: str) -> str:
    quote = connection.ops.quote_name
    elder = quote(Elder._meta.db_table)
    candidate = quote(DuplicateCandidate._meta.db_table)
    region = quote(Elder._meta.get_field("residence_region").column)
    keys = [key.format(region=region) for key in RULES[reason]]
    key_columns = [f"k{index}" for index in range(len(keys))]
    selected = ", ".join(f"{key} AS {name}" for key, name in zip(keys, key_columns, strict=True))
    grouped = ", ".join(keys)
    same = " AND ".join(f"a.{name} = b.{name}" for name in key_columns)
    not_empty = " AND e.phone_primary <> ''" if reason == DuplicateReason.NAME_PHONE else ""
    # Members of groups with more than one record, as (pk, key…) rows; computed once.
    # Only quoted table and column names are interpolated; every value is a parameter.
    # The WITH sits inside the INSERT: sqlite3 reports rowcount only for statements that
    # start with INSERT.
    return f"""
        INSERT INTO {candidate} (elder_a_id, elder_b_id, reason, status, found_at, note)
        WITH members AS (
          SELECT e.id, {selected} FROM {elder} e
          WHERE e.status <> %s AND e.{region} LIKE %s{not_empty}
            AND ({grouped}) IN (
              SELECT {grouped} FROM {elder} e
              WHERE e.status <> %s AND e.{region} LIKE %s{not_empty}
              GROUP BY {grouped} HAVING COUNT(*) > 1
            )
        )
        SELECT a.id, b.id, %s, %s, %s, ''
        FROM members a JOIN members b ON {same} AND a.id < b.id
        WHERE NOT EXISTS (
            SELECT 1 FROM {candidate} d WHERE d.elder_a_id = a.id AND d.elder_b_id = b.id
        )
    """  # noqa: S608


def detect_duplicates(*, region_prefix: str = "") -> dict[str, int]:
    """Insert the new candidate pairs of every rule among elders under `region_prefix`.

    Returns the number of new pairs by reason. The caller holds the transaction and the audit.
    """
    found_at = connection.ops.adapt_datetimefield_value(timezone.now())
    like = region_prefix + "%"
    members_params = [ElderStatus.MERGED, like, ElderStatus.MERGED, like]

    counts = {}
    with connection.cursor() as cursor:
        for reason in RULES:
            cursor.execute(
                _statement(reason),
                [*members_params, reason, DuplicateStatus.OPEN, found_at],
            )
            counts[str(reason)] = max(cursor.rowcount, 0)
    return counts
