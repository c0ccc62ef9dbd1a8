"""The registry of named computations (`Indicator.computation` names one of them)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal

# prefix -> (numerator, denominator or None for a count)
Counts = Mapping[str, tuple[int | Decimal, int | None]]
Computation = Callable[..., Counts]

COMPUTATIONS: dict[str, Computation] = {}


def computation(name: str) -> Callable[[Computation], Computation]:
    """Register a computation under `name` (the value of `Indicator.computation`)."""

    def register(function: Computation) -> Computation:
        COMPUTATIONS[name] = function
        return function

    return register


def compute(name: str, *, within: str, prefix_length: int, on: date) -> Counts:
    """Run a named computation for the regions under `within` grouped at `prefix_length`."""
    return COMPUTATIONS[name](within=within, prefix_length=prefix_length, on=on)
