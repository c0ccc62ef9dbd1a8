from yiyang.telecare.models.alarms import Alarm, AlarmEvent, AlarmQuerySet
from yiyang.telecare.models.beds import BedMonthPlan, HomeCareBed
from yiyang.telecare.models.devices import Device, DeviceQuerySet, IngestRejection
from yiyang.telecare.models.plans import PlanContact, ResponsePlan
from yiyang.telecare.models.rules import AlarmRule

__all__ = [
    "Alarm",
    "AlarmEvent",
    "AlarmQuerySet",
    "AlarmRule",
    "BedMonthPlan",
    "Device",
    "DeviceQuerySet",
    "HomeCareBed",
    "IngestRejection",
    "PlanContact",
    "ResponsePlan",
]
