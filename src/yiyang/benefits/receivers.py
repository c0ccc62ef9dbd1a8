"""Reactions to the registry's domain signals (docs/modules/benefits.md lists them)."""

from __future__ import annotations

from yiyang.benefits.choices import StopReason
from yiyang.registry.signals import elder_died, elder_moved_out


def _on_death(sender, elder, actor, **kwargs) -> None:
    from yiyang.benefits.services import stop_entitlements

    stop_entitlements(elder, on=elder.date_of_death, reason=StopReason.DECEASED, actor=actor)


def _on_move_out(sender, elder, actor, **kwargs) -> None:
    from yiyang.benefits.services import stop_entitlements

    stop_entitlements(elder, on=elder.moved_out_on, reason=StopReason.MOVED_OUT, actor=actor)


def connect() -> None:
    elder_died.connect(_on_death, dispatch_uid="benefits.elder_died")
    elder_moved_out.connect(_on_move_out, dispatch_uid="benefits.elder_moved_out")
