"""Setting up home care beds, putting them into service, planning their months, closing them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.core.scoping import require
from yiyang.registry.choices import ElderStatus
from yiyang.registry.models import Elder
from yiyang.telecare.choices import BedStatus
from yiyang.telecare.errors import ErrorCode, TelecareError
from yiyang.telecare.models import BedMonthPlan, Device, HomeCareBed

MANAGE = "telecare.manage_devices"


def set_up_bed(
    elder: Elder,
    *,
    provider_name: str,
    contract_number: str,
    contract_start: date,
    contract_end: date,
    adaptation_done_on: date | None = None,
    actor,
) -> HomeCareBed:
    """Open a home care bed for the elder (status "setting up")."""
    require(actor, MANAGE, elder.residence_region_id)
    if elder.status != ElderStatus.ACTIVE:
        raise TelecareError(
            ErrorCode.ELDER_NOT_ACTIVE, _("Only elders in the registry get a bed."), field="elder"
        )
    if not provider_name.strip():
        raise TelecareError(ErrorCode.VALUE_INVALID, _("Name the provider."), field="provider_name")
    if not contract_number.strip():
        raise TelecareError(
            ErrorCode.VALUE_INVALID, _("Give the contract number."), field="contract_number"
        )
    if contract_end < contract_start:
        raise TelecareError(
            ErrorCode.VALUE_INVALID, _("The contract ends after it starts."), field="contract_end"
        )
    try:
        with transaction.atomic():
            bed = HomeCareBed.objects.create(
                elder=elder,
                region_code=elder.residence_region_id,
                provider_name=provider_name.strip()[:100],
                contract_number=contract_number.strip()[:50],
                contract_start=contract_start,
                contract_end=contract_end,
                adaptation_done_on=adaptation_done_on,
                ability_level=elder.ability_level,
                created_by=actor,
            )
            audit.record_change(
                bed,
                actor=actor,
                action="create",
                fields=["provider_name", "contract_number", "contract_start", "contract_end"],
                region_code=bed.region_code,
            )
    except IntegrityError:
        raise TelecareError(
            ErrorCode.BED_EXISTS, _("This elder already has a home care bed."), field="elder"
        ) from None
    return bed


def missing_for_service(bed: HomeCareBed, on: date) -> list[tuple[str, str]]:
    """What keeps a bed from service: (field, reason) for each of the three elements."""
    elder = bed.elder
    missing = []
    if elder.ability_level is None or (
        elder.ability_level_valid_until is not None and elder.ability_level_valid_until < on
    ):
        missing.append(("assessment", _("The elder has no valid ability assessment.")))
    if bed.adaptation_done_on is None:
        missing.append(("adaptation_done_on", _("The home adaptation is not recorded as done.")))
    if not Device.objects.active().filter(elder=elder).exists():
        missing.append(("devices", _("No device is installed.")))
    if not bed.contract_start <= on <= bed.contract_end:
        missing.append(("contract_start", _("The provider's contract is not in force.")))
    return missing


def record_adaptation(bed: HomeCareBed, *, done_on: date, actor) -> HomeCareBed:
    """Record the day the home adaptation (grab bars, ramps, alarm wiring) was finished."""
    require(actor, MANAGE, bed.region_code)
    if done_on > timezone.localdate():
        raise TelecareError(
            ErrorCode.VALUE_INVALID,
            _("The adaptation cannot be done in the future."),
            field="adaptation_done_on",
        )
    with transaction.atomic():
        bed = HomeCareBed.objects.select_for_update().get(pk=bed.pk)
        if bed.status == BedStatus.CLOSED:
            raise TelecareError(ErrorCode.BED_WRONG_STATUS, _("This bed is closed."), field=None)
        before = audit.snapshot(bed, ["adaptation_done_on"])
        bed.adaptation_done_on = done_on
        bed.save(update_fields=["adaptation_done_on"])
        audit.record_change(
            bed, actor=actor, action="update", before=before, region_code=bed.region_code
        )
    return bed


def open_bed(bed: HomeCareBed, *, actor, on: date | None = None) -> HomeCareBed:
    """Put a bed into service once its elements are in place (the first missing is named)."""
    require(actor, MANAGE, bed.region_code)
    on = on or timezone.localdate()
    with transaction.atomic():
        bed = HomeCareBed.objects.select_for_update().select_related("elder").get(pk=bed.pk)
        if bed.status != BedStatus.SETTING_UP:
            raise TelecareError(
                ErrorCode.BED_WRONG_STATUS, _("This bed is not being set up."), field=None
            )
        missing = missing_for_service(bed, on)
        if missing:
            field, reason = missing[0]
            raise TelecareError(ErrorCode.BED_NOT_READY, reason, field=field)
        before = audit.snapshot(bed, ["status", "opened_on"])
        bed.status = BedStatus.ACTIVE
        bed.opened_on = on
        bed.ability_level = bed.elder.ability_level
        bed.save(update_fields=["status", "opened_on", "ability_level"])
        audit.record_change(
            bed, actor=actor, action="update", before=before, region_code=bed.region_code
        )
    return bed


def plan_month(
    bed: HomeCareBed, *, month: date, owed_visits: int, services: str = "", actor
) -> BedMonthPlan:
    """Set (or change) the visits the provider owes the bed in a month."""
    require(actor, MANAGE, bed.region_code)
    if bed.status == BedStatus.CLOSED:
        raise TelecareError(ErrorCode.BED_WRONG_STATUS, _("This bed is closed."), field=None)
    if not 0 <= owed_visits <= 100:
        raise TelecareError(
            ErrorCode.VALUE_INVALID, _("Between 0 and 100 visits a month."), field="owed_visits"
        )
    month = month.replace(day=1)
    with transaction.atomic():
        plan, created = BedMonthPlan.objects.select_for_update().get_or_create(
            bed=bed, month=month, defaults={"owed_visits": owed_visits}
        )
        before = None if created else audit.snapshot(plan, ["owed_visits", "services"])
        plan.owed_visits = owed_visits
        plan.services = services.strip()[:300]
        plan.updated_at = timezone.now()
        plan.save(update_fields=["owed_visits", "services", "updated_at"])
        audit.record_change(
            plan,
            actor=actor,
            action="create" if created else "update",
            before=before,
            fields=["owed_visits", "services"],
            region_code=bed.region_code,
        )
    return plan


def close_bed(bed: HomeCareBed, *, reason: str, actor, on: date | None = None) -> HomeCareBed:
    require(actor, MANAGE, bed.region_code)
    if not reason.strip():
        raise TelecareError(ErrorCode.REASON_REQUIRED, _("Give the reason."), field="reason")
    with transaction.atomic():
        bed = HomeCareBed.objects.select_for_update().get(pk=bed.pk)
        if bed.status == BedStatus.CLOSED:
            raise TelecareError(ErrorCode.BED_WRONG_STATUS, _("This bed is closed."), field=None)
        before = audit.snapshot(bed, ["status", "close_reason"])
        bed.status = BedStatus.CLOSED
        bed.closed_on = on or timezone.localdate()
        bed.close_reason = reason.strip()[:200]
        bed.save(update_fields=["status", "closed_on", "close_reason"])
        audit.record_change(
            bed, actor=actor, action="update", before=before, region_code=bed.region_code
        )
    return bed


def _month_bounds(month: date) -> tuple[datetime, datetime]:
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    zone = timezone.get_current_timezone()
    return (datetime.combine(first, time.min, tzinfo=zone),
            datetime.combine(following, time.min, tzinfo=zone))  # fmt: skip


def delivered_by_elder(elder_pks: list[int], month: date) -> dict[int, int]:
    """Visits delivered in a month to each of these elders, in one grouped query: the
    home-services module's orders that took place (checked out, not rejected on review),
    whoever the provider (a bed names its provider in words, not as a `homecare.Provider`)."""
    from yiyang.homecare.models import ServiceOrder

    start, end = _month_bounds(month)
    rows = (
        ServiceOrder.objects.filter(elder_id__in=elder_pks)
        .delivered(start, end)
        .values("elder_id")
        .annotate(visits=Count("pk"))
    )
    return {row["elder_id"]: row["visits"] for row in rows}


def delivered_visits(bed: HomeCareBed, month: date) -> int:
    """The visits delivered to the bed's elder in a month (see `delivered_by_elder`)."""
    return delivered_by_elder([bed.elder_id], month).get(bed.elder_id, 0)
