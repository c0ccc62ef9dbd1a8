"""Reactions to other apps (docs/modules/homecare.md lists them)."""

from __future__ import annotations

from django.db import models

from yiyang.core.roles import Role
from yiyang.registry.signals import elder_died, elder_moved_out


def _provider_caregivers(user) -> models.Q | None:
    """Provider staff see the caregivers their provider employs (workforce's employer hook)."""
    if getattr(user, "role", None) == Role.PROVIDER_STAFF and not user.is_superuser:
        return models.Q(employment__provider__staff__user=user)
    return None


def _on_leaving(sender, elder, actor, **kwargs) -> None:
    from yiyang.homecare.services import cancel_open_orders

    cancel_open_orders(elder, actor=actor)


def connect() -> None:
    from yiyang.workforce.models import CaregiverQuerySet

    if _provider_caregivers not in CaregiverQuerySet.employer_scopes:
        CaregiverQuerySet.employer_scopes.append(_provider_caregivers)
    elder_died.connect(_on_leaving, dispatch_uid="homecare.elder_died")
    elder_moved_out.connect(_on_leaving, dispatch_uid="homecare.elder_moved_out")
