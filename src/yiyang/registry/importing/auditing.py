"""Build the ChangeRecords of imported elders cheaply: what `core.audit` would store, per row.

An import of a million elders writes a million ChangeRecords, so the constant parts (content
type, actor, reason, request id, hash key) are looked up once per import, the hash is one
`hmac.digest` call, and the changes are one `json.dumps` of a small dict.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from yiyang.core import audit
from yiyang.core.requestid import current_request_id
from yiyang.registry.models import Elder
from yiyang.registry.services.elders import AUDITED_FIELDS

# Audit name → the attribute holding its value in an imported row.
CREATE_AUDIT = [
    (name, f"{name}_id" if name.endswith("_region") else name) for name in AUDITED_FIELDS
]

_JSON = json.JSONEncoder(
    ensure_ascii=False
)  # what json.dumps(…, ensure_ascii=False) builds per call
# The same with each field's masker, if it has one (looked up once, not per row).
_CREATE_PLAN = [
    (name, attribute, audit.MASKED_FIELDS.get(name)) for name, attribute in CREATE_AUDIT
]


class AuditRows:
    """The ChangeRecord rows of one import (CHANGE_FIELDS order of `importing.writing`)."""

    def __init__(self, *, actor_id: int | None, reason: str) -> None:
        self.actor_id = actor_id
        self.reason = reason[:500]
        self.content_type_id = ContentType.objects.get_for_model(Elder).pk
        # Read here, in the caller's context: the rows may be written on another thread.
        self.request_id = current_request_id.get() or ""
        self.key = settings.AUDIT_HASH_KEY.encode()

    def hash(self, value: str) -> str:
        """Return `core.audit.keyed_hash(value)` (same key, same digest, same length)."""
        return hmac.digest(self.key, value.encode(), hashlib.sha256).hex()[:24]

    def value(self, field_name: str, value: Any) -> Any:
        """Return a value as `core.audit` stores it: identity and phone numbers masked and hashed."""
        if isinstance(value, date | datetime):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        masker = audit.MASKED_FIELDS.get(field_name)
        if masker is not None and value:
            return {"masked": masker(str(value)), "hash": self.hash(str(value))}
        return value

    def creation(self, values: dict[str, Any]) -> str:
        """Return the changes of a new record as JSON: its filled-in fields, from nothing."""
        changes = {}
        for name, attribute, masker in _CREATE_PLAN:
            value = values.get(attribute)
            if value is None or value == "":
                continue
            if masker is not None:
                value = {"masked": masker(str(value)), "hash": self.hash(str(value))}
            elif value.__class__ is not str:
                value = self.value(name, value)
            changes[name] = [None, value]
        return _JSON.encode(changes)

    def row(
        self, *, pk: int, name: str, region: str, changes: str, action: str, now: datetime | str
    ) -> list[Any]:
        """Return one ChangeRecord row; `changes` is already JSON.

        `now` is a datetime, or its ISO text when the row becomes COPY text.
        """
        return [
            self.actor_id,
            action,
            self.content_type_id,
            str(pk),
            name[:200],
            region,
            changes,
            self.reason,
            self.request_id,
            now,
        ]
