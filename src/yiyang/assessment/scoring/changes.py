"""Level changes after the initial level: coma, diagnoses, care-risk events, cap.

GB/T 42195-2022 C.4 (能力等级变更依据) and MZ/T 039-2013 5.3 share the shape; the figures (the
coma level, which codes raise, the event threshold, whether raises stack, the top level) are the
scale version's `rules`, so a city can change them with a new version.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def apply_changes(
    rules: Mapping[str, Any],
    initial_level: int,
    *,
    coma: bool,
    raising_diagnoses: list[dict[str, Any]],
    event_count: int,
) -> tuple[int, list[dict[str, Any]]]:
    """Return the final level and the reasons of each change applied to `initial_level`.

    Coma decides alone (GB/T 42195 C.4 a: 能力完全丧失 directly; the other rules are ignored).
    The diagnosis raise and the risk-event raise give one level in total when both hold unless
    `raises_stack` is true (project decision, domain-rules §1.1); the result never passes
    `max_level`.
    """
    max_level = int(rules["max_level"])
    if coma:
        level = int(rules["coma_level"])
        return level, [{"rule": "coma", "level": level}]
    reasons: list[dict[str, Any]] = []
    raises: list[int] = []
    if raising_diagnoses:
        raise_by = int(rules.get("diagnosis_raise", 1))
        raises.append(raise_by)
        first = raising_diagnoses[0]
        reasons.append(
            {
                "rule": "diagnosis",
                "icd10": first["icd10"],
                "kind": first["kind"],
                "codes": [d["icd10"] for d in raising_diagnoses],
                "raise": raise_by,
            }
        )
    threshold = int(rules.get("risk_event_threshold", 2))
    if event_count >= threshold:
        raise_by = int(rules.get("risk_event_raise", 1))
        raises.append(raise_by)
        reasons.append(
            {"rule": "risk_events", "count": event_count, "threshold": threshold, "raise": raise_by}
        )
    if not raises:
        return initial_level, reasons
    if rules.get("raises_stack", False):
        total_raise = sum(raises)
    else:
        total_raise = max(raises)
        if len(raises) > 1:
            reasons.append({"rule": "single_raise", "raise": total_raise})
    level = initial_level + total_raise
    if level > max_level:
        reasons.append({"rule": "cap", "max_level": max_level, "uncapped": level})
        level = max_level
    return level, reasons
