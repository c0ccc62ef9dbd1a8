"""Every write of the home-services module (STYLE.md B4)."""

from yiyang.homecare.services.catalog import ItemData, define_item, set_price
from yiyang.homecare.services.dispatch import (
    accept_plan,
    lock_visit,
    move_visit,
    plan_day,
    reoptimise,
    replan_rest_of_day,
    set_work_day,
)
from yiyang.homecare.services.family import (
    confirm_from_link,
    family_link_token,
    link_lifetime,
    order_for_link,
)
from yiyang.homecare.services.orders import (
    OrderData,
    Proposal,
    accept_order,
    assign_all,
    assign_order,
    cancel_order,
    propose_day,
    qualification_reasons,
    refuse_order,
    request_order,
)
from yiyang.homecare.services.plans import Generated, PlanData, create_care_plan, generate_orders
from yiyang.homecare.services.providers import (
    ProviderData,
    add_provider_staff,
    hire_caregiver,
    register_provider,
)
from yiyang.homecare.services.settlements import (
    approve_settlement,
    close_case,
    open_case,
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

__all__ = [
    "Generated",
    "ItemData",
    "OrderData",
    "PlanData",
    "Proposal",
    "ProviderData",
    "accept_order",
    "accept_plan",
    "add_provider_staff",
    "approve_settlement",
    "assign_all",
    "assign_order",
    "auto_confirm_due",
    "cancel_open_orders",
    "cancel_order",
    "check_in",
    "check_out",
    "close_case",
    "confirm_from_link",
    "confirm_visit",
    "create_care_plan",
    "define_item",
    "family_link_token",
    "generate_orders",
    "hire_caregiver",
    "link_lifetime",
    "lock_visit",
    "move_visit",
    "open_case",
    "order_for_link",
    "plan_day",
    "prepare_settlement",
    "propose_day",
    "qualification_reasons",
    "record_absence",
    "refuse_order",
    "register_provider",
    "reoptimise",
    "replan_rest_of_day",
    "request_order",
    "review_visit",
    "set_price",
    "set_work_day",
]
