"""The family's confirmation link: a daughter confirms and rates her mother's visit from a link
sent to her phone, without an account (issue 5: confirmed by the elder or family).

The link carries the order's pk signed with the site's secret (django.core.signing, its own
salt); it is good for as long as the visit may still be confirmed by hand, the policy's
auto-confirmation hours after it is issued, and only while the visit waits for confirmation.
Whoever holds the link may confirm that one visit, or complain about it, and nothing else.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.homecare.errors import ErrorCode, HomecareError
from yiyang.homecare.models import ProviderCase, ServiceOrder
from yiyang.homecare.services.cases import ComplaintData, file_complaint_from_link
from yiyang.homecare.services.common import policy_on
from yiyang.homecare.services.visits import record_confirmation

SALT = "yiyang.homecare.family-confirmation"
VIA = "family_link"


def family_link_token(order: ServiceOrder) -> str:
    """Sign a token for the order's confirmation link (no state is stored: nothing to revoke
    but the visit's own status, which ends the link once confirmed)."""
    return signing.TimestampSigner(salt=SALT).sign_object({"order": order.pk})


def link_lifetime() -> timedelta:
    return timedelta(hours=policy_on(timezone.localdate()).auto_confirm_hours)


def order_for_link(token: str) -> ServiceOrder:
    """The order a link names, or `confirmation_link_invalid` when forged or expired."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=link_lifetime())
        pk = int(value["order"])
    except signing.SignatureExpired:
        raise HomecareError(
            ErrorCode.LINK_INVALID,
            _("This link has expired. Ask the service provider for a new one."),
            field="token",
        ) from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise HomecareError(
            ErrorCode.LINK_INVALID, _("This link is not valid."), field="token"
        ) from None
    # scoped: the signed link is the permission to this one order
    order = (
        ServiceOrder.objects.select_related("elder", "item", "caregiver", "provider")
        .filter(pk=pk)
        .first()
    )
    if order is None:
        raise HomecareError(ErrorCode.LINK_INVALID, _("This link is not valid."), field="token")
    return order


def confirm_from_link(token: str, *, rating: int | None, comment: str = "") -> ServiceOrder:
    """The family confirms and rates the visit the link names (a low rating opens a case)."""
    # A visit not waiting for confirmation (or confirmed by someone else) is refused by the
    # lifecycle with `order_wrong_status`; the family's own double tap returns it unchanged.
    return record_confirmation(
        order_for_link(token), rating=rating, comment=comment, actor=None, via=VIA
    )


def complain_from_link(token: str, *, data: ComplaintData) -> ProviderCase:
    """The family complains about the visit the link names (before or after confirming it);
    the complaint opens a case for the provider's manager."""
    return file_complaint_from_link(order_for_link(token), data=data)
