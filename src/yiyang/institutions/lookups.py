"""Find the registry elder an institution is admitting, by the number on their identity card."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core.validators.id_number import InvalidIdNumber, parse_id_number
from yiyang.institutions.errors import ErrorCode, InstitutionError
from yiyang.registry.models import Elder


def elder_by_id_number(value: str, *, field: str = "elder_id_number") -> Elder:
    """The elder with exactly this identity number, or a refusal naming `field`."""
    try:
        number = parse_id_number(value, today=timezone.localdate()).value
    except InvalidIdNumber:
        raise InstitutionError(
            ErrorCode.CHOICE_INVALID, _("The identity number is not valid."), field=field
        ) from None
    # scoped: the institution admits the person in front of it, found by the exact number on
    # their identity card; nothing of the record is shown beyond the name of the admitted person.
    elder = Elder.objects.filter(id_number=number).first()  # scoped: exact identity number
    if elder is None:
        raise InstitutionError(
            ErrorCode.ELDER_NOT_ACTIVE, _("This person is not in the registry."), field=field
        )
    return elder
