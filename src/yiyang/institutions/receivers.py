"""Reactions to other apps (docs/modules/institutions.md lists them)."""

from __future__ import annotations

from yiyang.registry.signals import elder_died


def _on_death(sender, elder, actor, **kwargs) -> None:
    from yiyang.institutions.services import end_stay_on_death

    end_stay_on_death(elder, actor=actor)


def connect() -> None:
    elder_died.connect(_on_death, dispatch_uid="institutions.elder_died")
