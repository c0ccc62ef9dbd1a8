"""Writes of the bank accounts benefits are paid into."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.benefits.errors import BenefitsError, ErrorCode
from yiyang.benefits.models import BankAccount
from yiyang.core import audit
from yiyang.core.scoping import require
from yiyang.registry.models import Elder

_ACCOUNT = re.compile(r"[0-9]{10,30}")


def record_bank_account(
    elder: Elder, *, bank_name: str, account_number: str, account_holder: str, actor
) -> BankAccount:
    """Record (or replace) the account the elder's benefits are paid into."""
    require(actor, "benefits.manage_accounts", elder.residence_region_id)
    number = re.sub(r"[\s-]", "", account_number or "")
    if not _ACCOUNT.fullmatch(number):
        raise BenefitsError(
            ErrorCode.ACCOUNT_INVALID,
            _("An account number has 10 to 30 digits."),
            field="account_number",
        )
    if not (bank_name or "").strip():
        raise BenefitsError(ErrorCode.ACCOUNT_INVALID, _("Name the bank."), field="bank_name")
    holder = (account_holder or "").strip() or elder.name
    with transaction.atomic():
        account, created = BankAccount.objects.select_for_update().get_or_create(
            elder=elder,
            defaults={
                "bank_name": bank_name.strip(),
                "account_number": number,
                "account_holder": holder,
            },
        )
        fields = ["bank_name", "account_number", "account_holder"]
        before = None if created else audit.snapshot(account, fields)
        account.bank_name = bank_name.strip()[:100]
        account.account_number = number
        account.account_holder = holder[:50]
        account.updated_at = timezone.now()
        account.save(update_fields=[*fields, "updated_at"])
        audit.record_change(
            account,
            actor=actor,
            action="create" if created else "update",
            before=before,
            fields=fields,
            region_code=elder.residence_region_id,
        )
    return account
