"""Every write of the home-services module (STYLE.md B4)."""

from yiyang.homecare.services.cases import (
    ComplaintData,
    acknowledge_case,
    file_complaint,
    open_rating_case,
    record_contact,
    record_satisfaction,
    reopen_case,
    resolve_case,
)
from yiyang.homecare.services.catalog import ItemData, define_item, set_price
from yiyang.homecare.services.day_plan import accept_plan, off_sick_reason, plan_day, reoptimise
from yiyang.homecare.services.family import (
    complain_from_link,
    confirm_from_link,
    family_link_token,
    link_lifetime,
    order_for_link,
)
from yiyang.homecare.services.notices import acknowledge_notice
from yiyang.homecare.services.orders import (
    OrderData,
    Proposal,
    accept_order,
    assign_all,
    assign_in_plan,
    assign_order,
    cancel_order,
    propose_day,
    qualification_reasons,
    refuse_order,
    request_order,
    unassign_order,
)
from yiyang.homecare.services.plan_edits import lock_visit, move_visit
from yiyang.homecare.services.plans import Generated, PlanData, create_care_plan, generate_orders
from yiyang.homecare.services.providers import (
    ProviderData,
    add_provider_staff,
    hire_caregiver,
    register_provider,
)
from yiyang.homecare.services.replanning import replan_rest_of_day
from yiyang.homecare.services.settlements import (
    approve_settlement,
    prepare_settlement,
)
from yiyang.homecare.services.visits import (
    auto_confirm_due,
    cancel_open_orders,
    check_in,
    check_out,
    confirm_visit,
    record_absence,
    review_visit,
)
from yiyang.homecare.services.work_day import set_work_day

__all__ = [
    "ComplaintData",
    "Generated",
    "ItemData",
    "OrderData",
    "PlanData",
    "Proposal",
    "ProviderData",
    "accept_order",
    "accept_plan",
    "acknowledge_case",
    "acknowledge_notice",
    "add_provider_staff",
    "approve_settlement",
    "assign_all",
    "assign_in_plan",
    "assign_order",
    "auto_confirm_due",
    "cancel_open_orders",
    "cancel_order",
    "check_in",
    "check_out",
    "complain_from_link",
    "confirm_from_link",
    "confirm_visit",
    "create_care_plan",
    "define_item",
    "family_link_token",
    "file_complaint",
    "generate_orders",
    "hire_caregiver",
    "link_lifetime",
    "lock_visit",
    "move_visit",
    "off_sick_reason",
    "open_rating_case",
    "order_for_link",
    "plan_day",
    "prepare_settlement",
    "propose_day",
    "qualification_reasons",
    "record_absence",
    "record_contact",
    "record_satisfaction",
    "refuse_order",
    "register_provider",
    "reopen_case",
    "reoptimise",
    "replan_rest_of_day",
    "request_order",
    "resolve_case",
    "review_visit",
    "set_price",
    "set_work_day",
    "unassign_order",
]
