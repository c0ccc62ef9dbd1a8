"""The demo city's home services in 胜利街道: a catalogue with example prices, two providers, their
caregivers with certificates (one health certificate lapsed), a care plan, and a week of orders,
among them a bedridden elder's two-person baths done by a team.

Catalogue, providers, staff, caregivers, plans and orders go through the homecare and workforce
services with the demo logins. Past visits cannot be checked in through the services (they take
the time from the clock), so their visit facts are written as the phone would have sent them,
each with its events. Idempotent: the demo provider's credit code marks "done".
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from yiyang.core.models import User
from yiyang.homecare import evv, services
from yiyang.homecare.models import OrderEvent, Provider, ServiceOrder, VisitFlag
from yiyang.registry.models import Elder
from yiyang.workforce import services as workforce
from yiyang.workforce.services import CaregiverData

STREET = "640302001"  # 胜利街道
STREET_CODE = "640302001000"
DISTRICT = "640302000000"
PRICE_SOURCE = "演示示例价格，待按本地政府购买服务目录核实"
# code, name, category, unit, minutes, skill level, health certificate, purchased price (fen),
# caregivers needed
ITEMS = (
    ("meal_delivery", "助餐送餐", "meal", "meal", 20, None, True, 1200, 1),
    ("cleaning_60", "居家保洁（60分钟）", "cleaning", "visit", 60, None, False, 4000, 1),
    ("bathing", "上门助浴", "bathing", "visit", 60, 4, True, 8000, 1),
    # Two people lift and turn a bedridden elder: longer than a bath, paid once for the visit
    # (less than two single baths: one trip, one set of equipment).
    ("bathing_bedridden", "卧床老人助浴（两人）", "bathing", "visit", 90, 4, True, 15000, 2),
    ("mobility", "助行陪护", "mobility", "hour", 60, None, False, 3000, 1),
    ("medical_escort", "陪同就医", "medical_escort", "hour", 120, 5, False, 3500, 1),
    ("rehab", "康复训练", "rehab", "visit", 45, 3, True, 6000, 1),
    ("nursing", "生活护理", "nursing", "hour", 60, 4, True, 4500, 1),
    ("caring_visit", "巡访关爱", "caring_visit", "visit", 30, None, False, 1500, 1),
)
TEAM_BATH_HOUR = 13  # odd: today's is assigned, not left on the board (`_play_week`)
PROVIDERS = (
    ("颐康居家养老服务中心", "91640302MA76YK01", "social_organisation"),
    ("吴忠市安馨家政服务有限公司", "91640302MA76AX02", "company"),
)
CAREGIVERS = (
    ("马秀芳", "huli1", 4, True),
    ("杨桂兰", None, 3, True),
    ("丁海霞", None, 5, False),  # her health certificate lapsed last month
    ("李建军", None, None, True),
)


def _credit_code(stem: str) -> str:
    from yiyang.core.validators.credit_code import (
        credit_check_character,
        organisation_check_character,
    )

    organisation = stem[8:16]
    first17 = stem[:8] + organisation + organisation_check_character(organisation)
    return first17 + credit_check_character(first17)


def _id_number(birth: date, sequence: int) -> str:
    from yiyang.core.validators.id_number import check_character

    first17 = f"640302{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), timezone.get_current_timezone())


def load_homecare(*, today: date, users: dict[str, User]) -> dict[str, int]:
    """Write the demo's home services; returns what was created (nothing on a second run)."""
    first_code = _credit_code(PROVIDERS[0][1])
    if Provider.objects.filter(credit_code=first_code).exists():
        return {"providers": 0, "caregivers": 0, "orders": 0}
    admin, district, street = users["admin"], users["litong"], users["shengli"]
    with transaction.atomic():
        for code, name, category, unit, minutes, level, health, purchased, needed in ITEMS:
            item = services.define_item(
                services.ItemData(code, name, category, unit, minutes, level, health, needed),
                actor=admin,
            )
            services.set_price(
                item,
                valid_from=today - timedelta(days=90),
                price_fen=purchased + purchased // 5,
                purchased_price_fen=purchased,
                copay_share=Decimal("0.100"),
                source=PRICE_SOURCE,
                actor=admin,
            )
        providers = [
            services.register_provider(
                services.ProviderData(
                    name=name,
                    credit_code=_credit_code(stem),
                    kind=kind,
                    region_code=DISTRICT,
                    contract_starts_on=today.replace(month=1, day=1),
                    contract_ends_on=today.replace(month=12, day=31),
                    contact_name="张敏" if number == 0 else "王磊",
                    contact_phone=f"1390953000{number}",
                    service_area_codes=[STREET_CODE],
                ),
                actor=district,
            )
            for number, (name, stem, kind) in enumerate(PROVIDERS)
        ]
        provider = providers[0]
        dispatcher = users["fuwu"]
        services.add_provider_staff(provider, user=dispatcher, is_manager=True, actor=district)
        caregivers = []
        for number, (name, login, level, healthy) in enumerate(CAREGIVERS):
            person = services.hire_caregiver(
                provider,
                CaregiverData(
                    name=name,
                    id_number=_id_number(date(1972 + number * 3, 3, 8), 200 + number * 2),
                    phone=f"1380953{number:04d}",
                    region_code=STREET_CODE,
                ),
                actor=dispatcher,
                user=users.get(login) if login else None,
                started_on=today - timedelta(days=400),
            )
            if level is not None:
                workforce.add_certificate(
                    person,
                    kind="skill",
                    skill_level=level,
                    number=f"YLHL{2024}{number:04d}",
                    issued_on=today - timedelta(days=500),
                    actor=dispatcher,
                )
            issued = today - timedelta(days=200 if healthy else 400)
            workforce.add_certificate(
                person,
                kind="health",
                number=f"JKZ{number:05d}",
                issued_on=issued,
                expires_on=issued + timedelta(days=364) if healthy else today - timedelta(days=20),
                actor=dispatcher,
            )
            workforce.record_training(
                person,
                topic="失能老年人照护与安全防护",
                taken_on=today - timedelta(days=60),
                hours="16",
                actor=dispatcher,
            )
            caregivers.append(person)
        elders = list(
            Elder.objects.in_region(STREET)  # scoped: demo data
            .in_registry()
            .exclude(latitude__isnull=True)
            .exclude(address="")
            .order_by("pk")[:24]
        )
        # Each caregiver starts her day at home in the street (a few hundred metres from one of
        # the elders), 08:00–17:00, so the dispatch board can plan the demo day.
        for number, person in enumerate(caregivers if elders else []):
            near = elders[(number * 5) % len(elders)]
            services.set_work_day(
                person,
                start_latitude=(near.latitude or Decimal(0)) + Decimal("0.003"),
                start_longitude=(near.longitude or Decimal(0)) - Decimal("0.002"),
                shift_starts_at=time(8, 0),
                shift_ends_at=time(17, 0),
                actor=dispatcher,
            )
        rng = random.Random(5)
        monday = today - timedelta(days=today.weekday())
        if elders:
            services.create_care_plan(
                elders[0],
                provider=provider,
                data=services.PlanData(
                    "cleaning_60", [1, 2, 3, 4, 5, 6, 7], time(9, 0), monday - timedelta(days=7)
                ),
                actor=street,
            )
            services.create_care_plan(
                elders[1],
                provider=provider,
                data=services.PlanData(
                    "bathing",
                    [1, 3, 5],
                    time(15, 0),
                    monday - timedelta(days=7),
                    needs_note="行动不便，防滑防跌倒",
                ),
                actor=street,
            )
        orders = 0
        for offset in range(-6, 1):
            day = today + timedelta(days=offset)
            orders += services.generate_orders(day).created
            for slot in range(8):
                elder = elders[(offset * 8 + slot) % len(elders)] if elders else None
                if elder is None:
                    break
                code = ("cleaning_60", "caring_visit", "meal_delivery", "mobility")[slot % 4]
                services.request_order(
                    elder,
                    provider=provider,
                    data=services.OrderData(
                        item_code=code,
                        planned_start=_at(day, 8 + slot),
                        source=("clerk", "hotline", "elder_or_family")[slot % 3],
                        request_key=f"demo:{day}:{slot}",
                    ),
                    actor=street,
                )
                orders += 1
            orders += _team_bath(elders, provider, day, offset, street)
        _play_week(provider, dispatcher, caregivers, street, today, rng)
    return {"providers": len(providers), "caregivers": len(caregivers), "orders": orders}


def _team_bath(elders: list[Elder], provider: Provider, day: date, offset: int, clerk) -> int:
    """Every other day, a bath for a bedridden elder that takes two caregivers (the board and the
    phones show the team)."""
    if len(elders) < 3 or offset % 2:
        return 0
    services.request_order(
        elders[2],
        provider=provider,
        data=services.OrderData(
            item_code="bathing_bedridden",
            planned_start=_at(day, TEAM_BATH_HOUR),
            needs_note="长期卧床，需两人协助移位、翻身",
            request_key=f"demo:{day}:team_bath",
        ),
        actor=clerk,
    )
    return 1


def _play_week(provider, dispatcher, caregivers, clerk, today: date, rng: random.Random) -> None:
    """Accept and assign the week's orders (a two-person visit to two qualified caregivers, who
    take turns at being the first), then write past visits as the phones sent them: most at home
    and on time, a few far from home or short (flagged), most confirmed."""
    for order in ServiceOrder.objects.filter(provider=provider).order_by("planned_start", "pk"):
        day = timezone.localtime(order.planned_start).date()
        order = services.accept_order(order, actor=dispatcher)
        if day == today and order.planned_start.hour % 2 == 0:
            continue  # left for the visitor on the dispatch board
        able = [c for c in caregivers if not services.qualification_reasons(c, order.item, on=day)]
        needed = order.item.caregivers_needed
        if len(able) < needed:
            continue
        first = order.pk % len(able)
        team = [able[(first + n) % len(able)] for n in range(needed)]
        # Assigned before the visitor arrives: the caregivers' pages start without notices.
        order = services.assign_in_plan(
            order,
            caregiver=team[0],
            second_caregiver=team[1] if needed > 1 else None,
            actor=dispatcher,
        )
        if day >= today:
            continue
        _visit(order, clerk, rng)


def _visit(order: ServiceOrder, clerk: User, rng: random.Random) -> None:
    roll = rng.random()
    start = order.planned_start + timedelta(minutes=rng.randint(-5, 10))
    minutes = order.planned_minutes + rng.randint(-5, 5)
    lat, lng = order.home_latitude, order.home_longitude
    flags = []
    if roll < 0.08:
        lat = lat + Decimal("0.006") if lat is not None else lat  # about 670 m north
        flags.append(("far_from_home", {"metres": 667, "limit": 300}))
    elif roll < 0.14:
        minutes = order.item.standard_minutes // 3
        flags.append(
            ("too_short", {"minutes": minutes, "shortest": order.item.standard_minutes // 2})
        )
    end = start + timedelta(minutes=minutes)
    confirmed = roll > 0.2
    performer = order.caregiver.user if order.caregiver else None
    second, second_events = _second_visit(order, start, end)
    ServiceOrder.objects.filter(pk=order.pk).update(
        **second,
        status="confirmed" if confirmed else "checked_out",
        checked_in_at=start,
        check_in_latitude=lat,
        check_in_longitude=lng,
        check_in_distance_m=667 if flags and flags[0][0] == "far_from_home" else 5,
        checked_out_at=end,
        actual_minutes=minutes,
        duration_reason="老人临时就医，提前结束" if minutes < order.planned_minutes - 15 else "",
        visit_note="已按计划完成服务",
        review_status="pending" if flags else "",
        confirmed_at=end + timedelta(hours=2) if confirmed else None,
        rating=rng.choice([4, 5, 5, 5, 3]) if confirmed else None,
    )
    events = [
        OrderEvent(
            order=order,
            event_type="checked_in",
            old_status="assigned",
            new_status="checked_in",
            actor=performer,
            created_at=start,
        ),
        OrderEvent(
            order=order,
            event_type="checked_out",
            old_status="checked_in",
            new_status="checked_out",
            actor=performer,
            created_at=end,
        ),
        *second_events,
    ]
    if confirmed:
        events.append(
            OrderEvent(
                order=order,
                event_type="confirmed",
                old_status="checked_out",
                new_status="confirmed",
                actor=clerk,
                created_at=end + timedelta(hours=2),
            )
        )
    OrderEvent.objects.bulk_create(events)
    VisitFlag.objects.bulk_create(
        [VisitFlag(order=order, kind=kind, detail=detail) for kind, detail in flags]
    )


def _second_visit(order: ServiceOrder, start: datetime, end: datetime) -> tuple[dict, list]:
    """The second caregiver's own check-in and check-out of a two-person visit, as her phone
    would have sent them (she arrives a little before her partner and leaves a little after)."""
    person = order.second_caregiver
    if person is None:
        return {}, []
    arrived, left = start - timedelta(minutes=3), end + timedelta(minutes=2)
    facts = {
        "second_checked_in_at": arrived,
        "second_check_in_latitude": order.home_latitude,
        "second_check_in_longitude": order.home_longitude,
        "second_check_in_distance_m": 5,
        "second_checked_out_at": left,
        "second_check_out_latitude": order.home_latitude,
        "second_check_out_longitude": order.home_longitude,
    }
    steps = [
        ("second_checked_in", "assigned", arrived, {"metres": 5, "caregiver": person.pk}),
        (
            "second_checked_out",
            "checked_out",
            left,
            {"minutes": evv.actual_minutes(arrived, left), "caregiver": person.pk},
        ),
    ]
    events = [
        OrderEvent(
            order=order,
            event_type=kind,
            old_status=status,
            new_status=status,
            actor=person.user,
            data=data,
            created_at=moment,
        )
        for kind, status, moment, data in steps
    ]
    return facts, events
