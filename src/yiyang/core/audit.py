"""Write the audit trail: changes with before and after, unmasked views and exports (B12)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from yiyang.core.models import AccessRecord, ChangeRecord
from yiyang.core.requestid import current_request_id
from yiyang.core.validators.id_number import mask_id_number
from yiyang.core.validators.phone import mask_phone

# Fields whose values are personal identifiers: stored masked plus a keyed hash.
MASKED_FIELDS = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "phone_primary": mask_phone,
    "phone_secondary": mask_phone,
}


def keyed_hash(value: str) -> str:
    key = settings.AUDIT_HASH_KEY.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:24]


def _plain(field: str, value: Any) -> Any:
    if isinstance(value, models.Model):
        value = value.pk
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if field in MASKED_FIELDS and value:
        return {"masked": MASKED_FIELDS[field](str(value)), "hash": keyed_hash(str(value))}
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """Return the audit form of `fields` of `obj`, for comparing after a change."""
    return {field: _plain(field, getattr(obj, _attname(obj, field))) for field in fields}


def _attname(obj: models.Model, field: str) -> str:
    try:
        model_field = obj._meta.get_field(field)
    except FieldDoesNotExist:  # properties are allowed in snapshots
        return field
    return getattr(model_field, "attname", field)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        field: [before.get(field), value]
        for field, value in after.items()
        if before.get(field) != value
    }


def record_change(
    obj: models.Model,
    *,
    actor,
    action: str,
    before: dict[str, Any] | None = None,
    fields: list[str] | None = None,
    reason: str = "",
    region_code: str = "",
) -> ChangeRecord | None:
    """Write one ChangeRecord for `obj`; an update that changed nothing writes nothing."""
    fields = fields if fields is not None else list((before or {}).keys())
    after = snapshot(obj, fields)
    changes = (
        diff(before or {}, after)
        if before is not None
        else {f: [None, v] for f, v in after.items()}
    )
    if action == "update" and not changes:
        return None
    return ChangeRecord.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_pk=str(obj.pk),
        object_repr=str(obj)[:200],
        region_code=region_code,
        changes=changes,
        reason=reason[:500],
        request_id=current_request_id.get(),
    )


def record_access(
    *,
    actor,
    model: type[models.Model],
    kind: str,
    fields: Sequence[str],
    object_pk: str = "",
    region_code: str = "",
    row_count: int = 1,
    purpose: str = "",
) -> AccessRecord:
    """Log one unmasked view or export (个人信息保护法): who, what, when, why."""
    return AccessRecord.objects.create(
        actor=actor,
        kind=kind,
        content_type=ContentType.objects.get_for_model(model),
        object_pk=object_pk,
        region_code=region_code,
        fields=list(fields),
        row_count=row_count,
        purpose=purpose[:200],
        request_id=current_request_id.get(),
    )
