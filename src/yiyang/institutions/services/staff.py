"""Link an institution-staff account to its institution (one institution per account)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.core.roles import Role
from yiyang.core.scoping import require
from yiyang.institutions.errors import ErrorCode, InstitutionError
from yiyang.institutions.models import Institution, InstitutionMembership

CHECK = "institutions.check_filing"


def link_staff(institution: Institution, *, user, actor) -> InstitutionMembership:
    """The filing authority (district, city) gives an account access to one institution; a
    second link moves the account rather than adding a second institution."""
    require(actor, CHECK, institution.region_id)
    if user.role != Role.INSTITUTION_STAFF:
        raise InstitutionError(
            ErrorCode.CHOICE_INVALID,
            _("Only an institution-staff account can be linked to an institution."),
            field="user",
        )
    with transaction.atomic():
        membership, _created = InstitutionMembership.objects.update_or_create(
            user=user, defaults={"institution": institution}
        )
        audit.record_change(
            membership,
            actor=actor,
            action="link_staff",
            fields=["user", "institution"],
            region_code=institution.region_id,
        )
    return membership
