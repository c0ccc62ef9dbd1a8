"""Region scoping: the one door through which personal and regional reads pass (STYLE.md B5).

`region_prefix(user, capability)` says which region codes a user may see for a capability:
None for nothing, "" for everything (a superuser), else the digits of the home region.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

from yiyang.core.errors import PermissionDeniedError

if TYPE_CHECKING:
    from yiyang.core.models import User

M = TypeVar("M", bound=models.Model)


def region_prefix(user, capability: str | None = None) -> str | None:
    """Return the code prefix of what `user` may see, or None when nothing."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if capability is not None and not user.has_capability(capability):
        return None
    if user.is_superuser:
        return ""
    if user.region_id is None:
        return None
    from yiyang.core.validators.region_code import code_prefix

    return code_prefix(user.region_id)


def can_reach(user, region_code: str, capability: str) -> bool:
    prefix = region_prefix(user, capability)
    return prefix is not None and region_code.startswith(prefix)


def require(user: User, capability: str, region_code: str | None = None) -> None:
    """Refuse unless `user` holds `capability` (for `region_code`, when one is given)."""
    prefix = region_prefix(user, capability)
    if prefix is None or (region_code is not None and not region_code.startswith(prefix)):
        raise PermissionDeniedError(
            "permission_denied", _("You are not allowed to do this here."), field=None
        )


def capability_for(model: type[models.Model], action: str) -> str:
    """Name the capability of an action on a model the Django way: "registry.change_elder"."""
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def get_for(user, model: type[M], pk, *, action: str = "view") -> M:
    """Fetch one object through its `visible_to`; missing and forbidden give the same 404.

    `action` names the capability needed ("view", "change" …); every scoped QuerySet's
    `visible_to(user, capability=…)` accepts it.
    """
    queryset = model._default_manager.all()
    visible = queryset.visible_to(user, capability=capability_for(model, action))  # type: ignore[attr-defined]
    try:
        return visible.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):  # type: ignore[attr-defined]
        raise Http404 from None
