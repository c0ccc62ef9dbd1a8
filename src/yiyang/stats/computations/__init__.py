"""Named computations of indicators, keyed by the code an `Indicator.computation` names.

Each computation counts a numerator and a denominator for every region at one level: rows are
grouped by the first `prefix_length` digits of their region code (a region's code is its key,
ADR 0001), so a city's 1,000 communities cost one query per table, never one per region. It
receives `within` (a region code prefix), `prefix_length` and a day `on`, and returns
`{prefix: (numerator, denominator)}` (denominator None for a count). A computation never writes.

Every numerator and denominator counts rows that each belong to one region (an elder, a bed, a
caregiver, an alarm), so a level's counts are the sums of the level below: `snapshot_month`
counts communities once and adds them up.

`registry` holds the registry's figures; `modules` registers the figures the other apps define
(institutions, workforce, home care, telecare), each defined once in that app.
"""

from yiyang.stats.computations import modules, registry
from yiyang.stats.computations.base import COMPUTATIONS, Computation, Counts, computation, compute

__all__ = ["COMPUTATIONS", "Computation", "Counts", "computation", "compute", "modules", "registry"]
