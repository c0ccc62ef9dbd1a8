"""Tables of the benefits module (补贴津贴)."""

from yiyang.benefits.models.application import (
    Application,
    ApplicationStep,
    BankAccount,
    Entitlement,
)
from yiyang.benefits.models.payment import Finding, LedgerEntry, PaymentRow, PaymentRun
from yiyang.benefits.models.program import Program, ProgramBudget, ProgramVersion

__all__ = [
    "Application",
    "ApplicationStep",
    "BankAccount",
    "Entitlement",
    "Finding",
    "LedgerEntry",
    "PaymentRow",
    "PaymentRun",
    "Program",
    "ProgramBudget",
    "ProgramVersion",
]
