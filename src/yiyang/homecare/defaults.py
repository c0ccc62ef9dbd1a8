"""The first home-service policy, put back into a database that has none (after `flush`, as the
test runner does after each transactional test); migration 0002 seeds the same row once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import DEFAULT_DB_ALIAS

FIRST_POLICY_FROM = date(2020, 1, 1)
SOURCE = (
    "issue 5; too-short share, low rating and complaint deadlines (domain-rules.md §4): "
    "TODO(verify)"
)


def seed_policy_if_empty(sender=None, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    from yiyang.homecare.models import HomecarePolicy

    if HomecarePolicy.objects.using(using).exists():
        return
    HomecarePolicy.objects.using(using).create(
        valid_from=FIRST_POLICY_FROM,
        auto_confirm_hours=48,
        duration_tolerance_minutes=15,
        check_in_distance_m=300,
        # Working values of the project until a local rule is read (shown as "to verify").
        too_short_share=Decimal("0.500"),
        low_rating=2,
        complaint_acknowledge_working_days=1,
        complaint_resolve_working_days=5,
        source=SOURCE,
    )
