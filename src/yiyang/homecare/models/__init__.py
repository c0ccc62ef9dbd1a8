"""Tables of the home-services module (居家上门服务)."""

from yiyang.homecare.models.cases import CaseEvent, Complaint, ProviderCase
from yiyang.homecare.models.catalog import (
    HomecarePolicy,
    ServiceItem,
    ServicePrice,
)
from yiyang.homecare.models.dispatch import DayPlan
from yiyang.homecare.models.notice import PlanNotice
from yiyang.homecare.models.order import ElderAbsence, OrderEvent, ServiceOrder, VisitFlag
from yiyang.homecare.models.plan import CarePlan
from yiyang.homecare.models.provider import Employment, Provider, ProviderStaff
from yiyang.homecare.models.settlement import Settlement, SettlementLine

__all__ = [
    "CarePlan",
    "CaseEvent",
    "Complaint",
    "DayPlan",
    "ElderAbsence",
    "Employment",
    "HomecarePolicy",
    "OrderEvent",
    "PlanNotice",
    "Provider",
    "ProviderCase",
    "ProviderStaff",
    "ServiceItem",
    "ServiceOrder",
    "ServicePrice",
    "Settlement",
    "SettlementLine",
    "VisitFlag",
]
