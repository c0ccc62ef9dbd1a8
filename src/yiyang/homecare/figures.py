"""Home-care figures for the statistics module, by the region where the elder lives: visits
delivered in the month up to a day, hours of service, and elders served (GB/T 43153 counts
person-times per month). One grouped query (`ServiceOrderQuerySet.figures`) defines them all.
Complaints per provider and month, and the share of cases resolved in time, close the file.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from yiyang.core.grouping import month_to_date
from yiyang.homecare.case_deadlines import with_timing
from yiyang.homecare.choices import CaseStatus
from yiyang.homecare.deadlines import resolved_in_time
from yiyang.homecare.models import Complaint, ProviderCase, ServiceOrder

Counts = dict[str, tuple[int | Decimal, None]]


def _delivered(within: str, prefix_length: int, on: date) -> list[dict]:
    start, end = month_to_date(on)
    return (
        ServiceOrder.objects.delivered(start, end)  # scoped: statistics, the caller's prefix
        .filter(elder__residence_region__code__startswith=within)
        .figures(by="region", prefix_length=prefix_length)
    )


def visits_in_month(*, within: str, prefix_length: int, on: date) -> Counts:
    """Visits delivered (checked out, not rejected) from the 1st of the month to the day."""
    return {row["group"]: (row["visits"], None) for row in _delivered(within, prefix_length, on)}


def hours_in_month(*, within: str, prefix_length: int, on: date) -> Counts:
    """Hours of delivered visits in the month (actual minutes ÷ 60, two places)."""
    return {
        row["group"]: (
            (Decimal(row["minutes"]) / 60).quantize(Decimal("0.01"), ROUND_HALF_UP),
            None,
        )
        for row in _delivered(within, prefix_length, on)
    }


def elders_served_in_month(*, within: str, prefix_length: int, on: date) -> Counts:
    """Elders with at least one delivered visit in the month."""
    return {row["group"]: (row["elders"], None) for row in _delivered(within, prefix_length, on)}


# --- complaints and their handling (issue 5) ------------------------------------------------
# Keyed by (provider pk, "YYYY-MM"): a provider's month is what its manager answers for.

ProviderMonthCounts = dict[tuple[int, str], tuple[int | Decimal, None]]


def _months(start: date, end: date) -> tuple[datetime, datetime]:
    """The instants from the 1st of `start`'s month to the end of `end` (local time)."""
    return month_to_date(start)[0], month_to_date(end)[1]


def complaints_per_provider_month(*, within: str, start: date, end: date) -> ProviderMonthCounts:
    """Complaints filed per provider and month, for the cases lying in `within` (a region
    prefix: the elder's community, or where a general complaint was received)."""
    since, until = _months(start, end)
    rows = Complaint.objects.filter(  # scoped: statistics, the caller's prefix
        region__code__startswith=within, filed_at__gte=since, filed_at__lt=until
    ).per_provider_month()
    return {
        (row["provider_id"], f"{timezone.localtime(row['month']):%Y-%m}"): (row["complaints"], None)
        for row in rows
    }


def resolved_in_time_share(*, within: str, start: date, end: date) -> ProviderMonthCounts:
    """Per provider and month of resolution: the share (%, two places) of cases resolved by
    their due day. A case whose due day is not known yet (calendar unpublished) is left out;
    a reopened case counts its latest cycle."""
    since, until = _months(start, end)
    cases = with_timing(
        ProviderCase.objects.filter(  # scoped: statistics, the caller's prefix
            region__code__startswith=within,
            status=CaseStatus.RESOLVED,
            resolved_at__gte=since,
            resolved_at__lt=until,
        ).only(
            "pk",
            "provider_id",
            "opened_at",
            "reopened_at",
            "acknowledged_at",
            "resolved_at",
            "acknowledge_working_days",
            "resolve_working_days",
        )
    )
    tally: dict[tuple[int, str], list[int]] = {}
    for case in cases:
        resolved_on = timezone.localtime(case.resolved_at).date()
        in_time = resolved_in_time(case.timing.resolve_due, resolved_on)
        if in_time is None:
            continue
        counts = tally.setdefault((case.provider_id, f"{resolved_on:%Y-%m}"), [0, 0])
        counts[0] += in_time
        counts[1] += 1
    return {
        key: ((Decimal(100 * done) / total).quantize(Decimal("0.01"), ROUND_HALF_UP), None)
        for key, (done, total) in sorted(tally.items())
    }
