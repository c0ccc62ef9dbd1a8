"""A caregiver's working day as the planner sees it (issue 9): where it starts and ends, her
shift, her break and how she travels."""

from __future__ import annotations

from datetime import time

from django.db import transaction
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.homecare.choices import TravelMode
from yiyang.homecare.errors import ErrorCode, HomecareError
from yiyang.homecare.models import Employment
from yiyang.homecare.services.common import require_provider_staff
from yiyang.workforce.models import Caregiver


def set_work_day(
    caregiver: Caregiver,
    *,
    start_latitude,
    start_longitude,
    shift_starts_at: time,
    shift_ends_at: time,
    actor,
    break_minutes: int = 0,
    break_from: time | None = None,
    break_until: time | None = None,
    travel_mode: str = "",
) -> Employment:
    """Record where the caregiver's working day starts and ends, her shift, her break (minutes
    taken between two times, where she is; 0: none) and how she travels (blank: the policy's
    speed)."""
    employment = getattr(caregiver, "employment", None)
    if employment is None:
        raise HomecareError(
            ErrorCode.CAREGIVER_INVALID,
            _("Choose a caregiver employed by the provider."),
            field="caregiver",
        )
    require_provider_staff(actor, employment.provider, "workforce.manage_caregivers")
    if (start_latitude is None) != (start_longitude is None) or (
        start_latitude is not None
        and not (-90 <= start_latitude <= 90 and -180 <= start_longitude <= 180)
    ):
        raise HomecareError(
            ErrorCode.LOCATION_INVALID,
            _("Give both latitude and longitude of the start place, or neither."),
            field="start_latitude",
        )
    if shift_ends_at <= shift_starts_at:
        raise HomecareError(
            ErrorCode.TIME_INVALID, _("The shift ends after it starts."), field="shift_ends_at"
        )
    _check_break(break_minutes, break_from, break_until, shift_starts_at, shift_ends_at)
    if travel_mode not in ("", *TravelMode.values):
        raise HomecareError(
            ErrorCode.CAREGIVER_INVALID, _("Choose a travel mode."), field="travel_mode"
        )
    fields = [
        "start_latitude",
        "start_longitude",
        "shift_starts_at",
        "shift_ends_at",
        "break_minutes",
        "break_from",
        "break_until",
        "travel_mode",
    ]
    with transaction.atomic():
        before = audit.snapshot(employment, fields)
        employment.start_latitude = start_latitude
        employment.start_longitude = start_longitude
        employment.shift_starts_at = shift_starts_at
        employment.shift_ends_at = shift_ends_at
        employment.break_minutes = break_minutes
        employment.break_from = break_from if break_minutes else None
        employment.break_until = break_until if break_minutes else None
        employment.travel_mode = travel_mode
        employment.save(update_fields=fields)
        audit.record_change(employment, actor=actor, action="update", before=before)
    return employment


def _check_break(minutes: int, starts: time | None, ends: time | None, shift_starts, shift_ends):
    if not minutes:
        return
    if starts is None or ends is None or not shift_starts <= starts < ends <= shift_ends:
        raise HomecareError(
            ErrorCode.TIME_INVALID,
            _("The break's times lie inside the shift, the first before the second."),
            field="break_from",
        )
    if minutes < 0 or minutes > (ends.hour * 60 + ends.minute) - (starts.hour * 60 + starts.minute):
        raise HomecareError(
            ErrorCode.TIME_INVALID,
            _("The break is longer than the time it may be taken in."),
            field="break_minutes",
        )
