"""Answer sets for the scoring tests: every item at its best, or lowered to reach a total."""

from __future__ import annotations

import json
from pathlib import Path

import yiyang.assessment

DATA = Path(yiyang.assessment.__file__).parent / "data"


def load(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


GBT = load("gbt_42195_2022.json")
MZT = load("mzt_039_2013.json")
LTC = load("ltc_2021.json")


def items(definition: dict) -> list[dict]:
    return [item for dimension in definition["dimensions"] for item in dimension["items"]]


def best(definition: dict) -> dict[str, int]:
    """Every item at its most able option (higher or lower score, by the dimension's direction)."""
    answers = {}
    for dimension in definition["dimensions"]:
        pick = min if dimension.get("direction") == "higher_is_worse" else max
        for item in dimension["items"]:
            answers[item["code"]] = pick(option["score"] for option in item["options"])
    return answers


def gbt_total(total: int, *, keep: tuple[str, ...] = ("B.3.9",)) -> dict[str, int]:
    """GB/T 42195 answers summing to `total`: items lowered in table order, `keep` untouched last."""
    answers = best(GBT)
    deficit = 90 - total
    order = [i for i in items(GBT) if i["code"] not in keep] + [
        i for i in items(GBT) if i["code"] in keep
    ]
    for item in order:
        cut = min(deficit, answers[item["code"]])
        answers[item["code"]] -= cut
        deficit -= cut
    assert deficit == 0
    assert sum(answers.values()) == total
    return answers
