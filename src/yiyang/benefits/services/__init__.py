"""Every write of the benefits module (STYLE.md B4)."""

from yiyang.benefits.services.accounts import record_bank_account
from yiyang.benefits.services.applications import (
    apply_for_benefit,
    decide_application,
    stop_entitlements,
    withdraw_application,
)
from yiyang.benefits.services.ledger import record_correction
from yiyang.benefits.services.programs import (
    check_rules,
    draft_version,
    publish_version,
    set_budget,
    update_draft,
)
from yiyang.benefits.services.runs import (
    approve_run,
    cancel_run,
    compute_run,
    review_finding,
    submit_run,
)
from yiyang.benefits.services.vouchers import close_voucher_month

__all__ = [
    "apply_for_benefit",
    "approve_run",
    "cancel_run",
    "check_rules",
    "close_voucher_month",
    "compute_run",
    "decide_application",
    "draft_version",
    "publish_version",
    "record_bank_account",
    "record_correction",
    "review_finding",
    "set_budget",
    "stop_entitlements",
    "submit_run",
    "update_draft",
    "withdraw_application",
]
