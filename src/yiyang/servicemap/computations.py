"""The 15-minute coverage share as a statistics computation (stats.computations registry):
elders within the circle of a qualifying facility over all elders in the registry, per region,
with the policy in force on the day. Elders of unknown location count in the denominator only.
"""

from __future__ import annotations

from datetime import date

from yiyang.servicemap.circle import roll_up
from yiyang.servicemap.coverage import coverage_of
from yiyang.stats.computations import Counts, computation


@computation("service_circle_coverage")
def service_circle_coverage(*, within: str, prefix_length: int, on: date) -> Counts:
    """15 分钟养老服务圈覆盖率: elders within reach of a qualifying facility / elders."""
    _policy, _facilities, result = coverage_of(within, on=on)
    return {
        prefix: (total.covered, total.elders)
        for prefix, total in roll_up(result.by_community, prefix_length).items()
    }
