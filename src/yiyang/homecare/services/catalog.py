"""Writes of the service catalogue and its prices (the city's policy data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.core.scoping import require
from yiyang.homecare.choices import ServiceCategory, ServiceUnit
from yiyang.homecare.errors import ErrorCode, HomecareError
from yiyang.homecare.models import ServiceItem, ServicePrice
from yiyang.workforce.choices import SkillLevel


@dataclass(frozen=True)
class ItemData:
    code: str
    name: str
    category: str
    unit: str
    standard_minutes: int
    minimum_skill_level: int | None = None
    needs_health_certificate: bool = False
    caregivers_needed: int = 1


def define_item(data: ItemData, *, actor) -> ServiceItem:
    """Add an item to the catalogue, or change one (same code): a city decision."""
    require(actor, "homecare.manage_catalog")
    if data.category not in ServiceCategory.values:
        raise HomecareError(ErrorCode.ITEM_INVALID, _("Choose a category."), field="category")
    if data.unit not in ServiceUnit.values:
        raise HomecareError(ErrorCode.ITEM_INVALID, _("Choose a unit."), field="unit")
    if not 0 < data.standard_minutes <= 24 * 60:
        raise HomecareError(
            ErrorCode.ITEM_INVALID,
            _("The standard duration lies between 1 minute and 24 hours."),
            field="standard_minutes",
        )
    if data.minimum_skill_level is not None and data.minimum_skill_level not in SkillLevel.values:
        raise HomecareError(
            ErrorCode.ITEM_INVALID, _("A skill level is 5 to 1."), field="minimum_skill_level"
        )
    if data.caregivers_needed not in (1, 2):
        raise HomecareError(
            ErrorCode.ITEM_INVALID,
            _("A visit needs one or two caregivers."),
            field="caregivers_needed",
        )
    if not data.code.strip() or not data.name.strip():
        raise HomecareError(ErrorCode.ITEM_INVALID, _("Enter the code and name."), field="code")
    fields = [
        "name",
        "category",
        "unit",
        "standard_minutes",
        "minimum_skill_level",
        "caregivers_needed",
    ]
    with transaction.atomic():
        item, created = ServiceItem.objects.update_or_create(
            code=data.code.strip(),
            defaults={
                "name": data.name.strip()[:100],
                "category": data.category,
                "unit": data.unit,
                "standard_minutes": data.standard_minutes,
                "minimum_skill_level": data.minimum_skill_level,
                "needs_health_certificate": data.needs_health_certificate,
                "caregivers_needed": data.caregivers_needed,
            },
        )
        audit.record_change(
            item, actor=actor, action="create" if created else "update", fields=fields
        )
    return item


def set_price(
    item: ServiceItem,
    *,
    valid_from: date,
    price_fen: int,
    purchased_price_fen: int,
    copay_share: Decimal | str,
    source: str = "",
    actor,
) -> ServicePrice:
    """Set the item's prices from a date on; earlier prices stay as they were (rule 3)."""
    require(actor, "homecare.manage_catalog")
    try:
        share = Decimal(str(copay_share))
    except InvalidOperation:
        share = Decimal(-1)
    if not Decimal(0) <= share <= Decimal(1):
        raise HomecareError(
            ErrorCode.PRICE_INVALID,
            _("The co-pay share lies between 0 and 1."),
            field="copay_share",
        )
    for name, value in (("price_fen", price_fen), ("purchased_price_fen", purchased_price_fen)):
        if not isinstance(value, int) or value < 0:
            raise HomecareError(
                ErrorCode.PRICE_INVALID,
                _("A price is a whole number of fen, 0 or more."),
                field=name,
            )
    with transaction.atomic():
        if ServicePrice.objects.filter(item=item, valid_from=valid_from).exists():
            raise HomecareError(
                ErrorCode.PRICE_INVALID,
                _("This item already has a price from that date."),
                field="valid_from",
            )
        price = ServicePrice.objects.create(
            item=item,
            valid_from=valid_from,
            price_fen=price_fen,
            purchased_price_fen=purchased_price_fen,
            copay_share=share,
            source=source[:200],
        )
        audit.record_change(
            price,
            actor=actor,
            action="create",
            fields=["valid_from", "price_fen", "purchased_price_fen", "copay_share"],
        )
    return price
