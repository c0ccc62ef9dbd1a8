"""Every write of the telecare module (STYLE.md B4)."""

from yiyang.telecare.services.alarms import (
    acknowledge_alarm,
    dispatch_alarm,
    escalate_alarm,
    raise_alarm,
    record_arrival,
    record_call,
    resolve_alarm,
)
from yiyang.telecare.services.beds import (
    close_bed,
    delivered_visits,
    open_bed,
    plan_month,
    record_adaptation,
    set_up_bed,
)
from yiyang.telecare.services.checks import run_checks
from yiyang.telecare.services.devices import provision_device, unbind_device
from yiyang.telecare.services.ingest import IngestResult, ingest_envelope, ingest_message
from yiyang.telecare.services.plans import PlanContactData, set_response_plan
from yiyang.telecare.services.rules import install_default_rules, set_rule, settings_for

__all__ = [
    "IngestResult",
    "PlanContactData",
    "acknowledge_alarm",
    "close_bed",
    "delivered_visits",
    "dispatch_alarm",
    "escalate_alarm",
    "ingest_envelope",
    "ingest_message",
    "install_default_rules",
    "open_bed",
    "plan_month",
    "provision_device",
    "raise_alarm",
    "record_adaptation",
    "record_arrival",
    "record_call",
    "resolve_alarm",
    "run_checks",
    "set_response_plan",
    "set_rule",
    "set_up_bed",
    "settings_for",
    "unbind_device",
]
