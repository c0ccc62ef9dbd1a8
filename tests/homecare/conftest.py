"""Fixtures of the home-service tests: a provider serving street A, its staff and caregivers,
two catalogue items, and an elder of 富平社区 with a home location. Time: Monday 2 March 2026."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.access_world import walk_credit_code
from tests.conftest import COMMUNITY_A1, COMMUNITY_B1, DISTRICT, STREET_A, _user
from tests.factories import make_elder, make_id_number
from yiyang.core.roles import Role
from yiyang.homecare import services
from yiyang.workforce import services as workforce
from yiyang.workforce.services import CaregiverData

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=SHANGHAI)
# The elder's home and a point about 500 m north of it.
HOME = (Decimal("37.986000"), Decimal("106.199000"))
FAR = (Decimal("37.990500"), Decimal("106.199000"))


def at(hour: int, minute: int = 0, day: int = 2) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def policy(db):
    """The policy row migration 0002 installs; a transactional test's flush (the browser tests)
    removes data-migration rows, so the tests put it back rather than rely on it."""
    from yiyang.homecare.models import HomecarePolicy

    return HomecarePolicy.objects.get_or_create(
        valid_from=date(2020, 1, 1),
        defaults={
            "auto_confirm_hours": 48,
            "duration_tolerance_minutes": 15,
            "check_in_distance_m": 300,
            "too_short_share": Decimal("0.500"),
            "low_rating": 2,
        },
    )[0]


@pytest.fixture
def clock(_now):
    return _now


@pytest.fixture
def district_clerk(regions):
    return _user("district_clerk", Role.DISTRICT_STAFF, DISTRICT)


@pytest.fixture
def items(city_admin, policy):
    cleaning = services.define_item(
        services.ItemData("clean_60", "助洁60分钟", "cleaning", "visit", 60), actor=city_admin
    )
    bathing = services.define_item(
        services.ItemData("bath_60", "助浴", "bathing", "visit", 60, 4, True), actor=city_admin
    )
    for item, purchased in ((cleaning, 4000), (bathing, 8000)):
        services.set_price(
            item,
            valid_from=date(2026, 1, 1),
            price_fen=purchased + 1000,
            purchased_price_fen=purchased,
            copay_share=Decimal("0.100"),
            actor=city_admin,
        )
    return {"cleaning": cleaning, "bathing": bathing}


@pytest.fixture
def provider(district_clerk):
    return services.register_provider(
        services.ProviderData(
            name="颐家服务社",
            credit_code=walk_credit_code("MA7HC001"),
            kind="social_organisation",
            region_code=DISTRICT,
            contract_starts_on=date(2026, 1, 1),
            contract_ends_on=date(2026, 12, 31),
            contact_name="王经理",
            contact_phone="13900001111",
            service_area_codes=[STREET_A],
        ),
        actor=district_clerk,
    )


@pytest.fixture
def dispatcher(provider, district_clerk):
    user = _user("dispatcher", Role.PROVIDER_STAFF, DISTRICT)
    services.add_provider_staff(provider, user=user, is_manager=True, actor=district_clerk)
    return user


def hire(provider, dispatcher, name: str, sequence: int, user=None):
    return services.hire_caregiver(
        provider,
        CaregiverData(
            name=name,
            id_number=make_id_number(date(1975, 5, 5), male=False, sequence=sequence),
            phone=f"1380000{sequence:04d}",
            region_code=STREET_A,
        ),
        actor=dispatcher,
        user=user,
    )


@pytest.fixture
def worker(provider, dispatcher, caregiver):
    """The provider's caregiver with a login (fixture `caregiver`), level 4, health certificate."""
    person = hire(provider, dispatcher, "李护理", 10, user=caregiver)
    workforce.add_certificate(
        person,
        kind="skill",
        skill_level=4,
        number="SK-1",
        issued_on=date(2024, 1, 1),
        actor=dispatcher,
    )
    workforce.add_certificate(
        person,
        kind="health",
        number="HC-1",
        issued_on=date(2025, 6, 1),
        expires_on=date(2026, 5, 31),
        actor=dispatcher,
    )
    return person


@pytest.fixture
def elder(regions):
    return make_elder(
        residence_region_id=COMMUNITY_A1,
        name="张秀兰",
        address="富平社区3号楼2单元101",
        latitude=HOME[0],
        longitude=HOME[1],
    )


@pytest.fixture
def other_elder(regions):
    return make_elder(residence_region_id=COMMUNITY_B1, name="赵金花", address="新华社区1号")


@pytest.fixture
def order(elder, provider, items, street_worker):
    return services.request_order(
        elder,
        provider=provider,
        data=services.OrderData(item_code="clean_60", planned_start=at(9)),
        actor=street_worker,
    )


@pytest.fixture
def assigned(order, dispatcher, worker):
    services.accept_order(order, actor=dispatcher)
    return services.assign_order(order, caregiver=worker, actor=dispatcher)


def _visit(order, worker_user, dispatcher, worker, clock, *, point=HOME, hour=9, day=2):
    if order.status == "accepted":
        services.assign_order(order, caregiver=worker, actor=dispatcher)
    clock.move_to(at(hour, day=day))
    services.check_in(order, latitude=point[0], longitude=point[1], actor=worker_user)
    clock.shift(timedelta(minutes=60))
    services.check_out(order, actor=worker_user)


@pytest.fixture
def month(elder, provider, items, street_worker, dispatcher, worker, caregiver, clock):
    """March: two confirmed visits, one rejected on review, one waiting for review, one not
    confirmed; then the clock moves to 2 April."""
    orders = []
    for day in (2, 3, 4, 5, 6):
        order = services.request_order(
            elder,
            provider=provider,
            data=services.OrderData(item_code="clean_60", planned_start=at(9, day=day)),
            actor=street_worker,
        )
        orders.append(services.accept_order(order, actor=dispatcher))
    for order, day, point in zip(
        orders, (2, 3, 4, 5, 6), (HOME, HOME, FAR, FAR, HOME), strict=True
    ):
        _visit(order, caregiver, dispatcher, worker, clock, point=point, day=day)
    for order in orders[:4]:
        services.confirm_visit(order, rating=5, actor=street_worker)
    services.review_visit(orders[2], accept=False, reason="定位不符", actor=street_worker)
    clock.move_to(at(9, day=2).replace(month=4))
    return orders


# --- complaints and provider cases ------------------------------------------------------------


@pytest.fixture
def case_policy(policy):
    """A policy from 2026 with complaint deadlines of the tests' own (2 and 5 working days):
    the tests assert what these figures give, not the project's working values."""
    from yiyang.homecare.models import HomecarePolicy

    return HomecarePolicy.objects.create(
        valid_from=date(2026, 1, 1),
        auto_confirm_hours=48,
        duration_tolerance_minutes=15,
        check_in_distance_m=300,
        too_short_share=Decimal("0.500"),
        low_rating=2,
        complaint_acknowledge_working_days=2,
        complaint_resolve_working_days=5,
        source="tests",
    )


@pytest.fixture
def other_provider(district_clerk):
    """A second provider, serving street B."""
    return services.register_provider(
        services.ProviderData(
            name="金星居家服务中心",
            credit_code=walk_credit_code("MA7HC002"),
            kind="company",
            region_code=DISTRICT,
            contract_starts_on=date(2026, 1, 1),
            contract_ends_on=date(2026, 12, 31),
            contact_name="赵经理",
            contact_phone="13900002222",
            service_area_codes=["640302002000"],
        ),
        actor=district_clerk,
    )


@pytest.fixture
def other_manager(other_provider, district_clerk):
    user = _user("other_manager", Role.PROVIDER_STAFF, DISTRICT)
    services.add_provider_staff(other_provider, user=user, is_manager=True, actor=district_clerk)
    return user


@pytest.fixture
def provider_clerk(provider, district_clerk):
    """A staff member of the provider who is not its manager."""
    user = _user("provider_clerk", Role.PROVIDER_STAFF, DISTRICT)
    services.add_provider_staff(provider, user=user, is_manager=False, actor=district_clerk)
    return user


def complaint_data(**changes) -> services.ComplaintData:
    values = {
        "complainant_kind": "family",
        "complainant_name": "张丽",
        "phone": "13912345678",
        "channel": "hotline",
        "category": "late_or_no_show",
        "text": "护理员迟到一小时",
    } | changes
    return services.ComplaintData(**values)


@pytest.fixture
def complaint_case(order, provider, street_worker, case_policy):
    """A hotline complaint about the order, filed by street A's clerk."""
    return services.file_complaint(
        provider, data=complaint_data(), order=order, actor=street_worker
    )


# --- two-person visits (issue 9): shared by the team and the plan-notice tests ---------------


@pytest.fixture
def two_person(items, city_admin):
    """助浴 for a bedridden elder: two caregivers, the same certificates as the bath."""
    item = services.define_item(
        services.ItemData(
            "bath_two", "卧床助浴", "bathing", "visit", 60, 4, True, caregivers_needed=2
        ),
        actor=city_admin,
    )
    services.set_price(
        item,
        valid_from=date(2026, 1, 1),
        price_fen=9000,
        purchased_price_fen=8000,
        copay_share=Decimal("0.100"),
        actor=city_admin,
    )
    return item


@pytest.fixture
def partner_user(regions):
    return _user("caregiver2", Role.CAREGIVER, STREET_A)


@pytest.fixture
def partner(provider, dispatcher, partner_user):
    """陈护理, qualified to bathe like 李护理, with her own phone login."""
    person = hire(provider, dispatcher, "陈护理", 20, user=partner_user)
    workforce.add_certificate(
        person, kind="skill", skill_level=4, number="SK-2", issued_on=date(2024, 1, 1),
        actor=dispatcher,
    )  # fmt: skip
    workforce.add_certificate(
        person, kind="health", number="HC-2", issued_on=date(2025, 6, 1),
        expires_on=date(2026, 12, 31), actor=dispatcher,
    )  # fmt: skip
    return person


@pytest.fixture
def bath(elder, provider, street_worker, dispatcher, two_person):
    """The two-person bath for 张秀兰 at 09:00, accepted, waiting for its team."""
    order = services.request_order(
        elder,
        provider=provider,
        data=services.OrderData(item_code="bath_two", planned_start=at(9)),
        actor=street_worker,
    )
    return services.accept_order(order, actor=dispatcher)


@pytest.fixture
def paired(bath, worker, partner, dispatcher):
    """The bath assigned to 李护理 with 陈护理 as the second caregiver."""
    return services.assign_order(bath, caregiver=worker, second_caregiver=partner, actor=dispatcher)


@pytest.fixture
def helper(provider, dispatcher):
    """王阿姨, without certificates: she may clean, not bathe."""
    return hire(provider, dispatcher, "王阿姨", 30)


def accepted_order(elder, provider, street_worker, dispatcher, code="bath_two", start=None):
    """A request for `code` (a two-person bath unless told) at 09:00 unless told, accepted."""
    order = services.request_order(
        elder,
        provider=provider,
        data=services.OrderData(item_code=code, planned_start=start or at(9)),
        actor=street_worker,
    )
    return services.accept_order(order, actor=dispatcher)
