"""Who lives under concentrated support (集中供养) in a month, for the benefits module.

Programmes whose rules say `exclude_concentrated_support` do not pay 特困 elders the institution
already supports (seed 000 §(一)2; benefits `eligibility.py`). The payment run asks each source
registered in `benefits.compute.concentrated_support_sources`; this is the institutions' one.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from yiyang.institutions.models import Residency


def elders_in_concentrated_support(month: date, pks: list[int]) -> set[int]:
    """Of `pks`, the elders in a concentrated-support stay on the month's first day.

    The first day, as the payment rules read an elder's facts on the 1st: admitted in May, the
    allowance stops from June; discharged in May, it starts again in June.
    """
    first = month.replace(day=1)
    stays = Residency.objects.filter(
        elder_id__in=pks, concentrated_support=True, started_on__lte=first
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
    return set(stays.values_list("elder_id", flat=True))
