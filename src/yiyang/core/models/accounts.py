"""Accounts: users with a role and a home region, login failures, API tokens."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.core.roles import CAPABILITIES, Role


class User(AbstractUser):
    """An account of a person who uses the platform (DESIGN.md "Who uses it")."""

    role = models.CharField(
        _("role"), max_length=32, choices=Role.choices, default=Role.COMMUNITY_STAFF
    )
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("home region"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    display_name = models.CharField(_("name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    def has_capability(self, capability: str) -> bool:
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        return capability in CAPABILITIES.get(self.role, frozenset())


class LoginFailure(models.Model):
    """One failed login for a user name; enough of them in the window lock the account."""

    username = models.CharField(_("user name"), max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("login failure")
        verbose_name_plural = _("login failures")

    def __str__(self) -> str:
        return f"{self.username} {self.created_at:%Y-%m-%d %H:%M}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True, user__is_active=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    """A bearer token for API clients other than the browser; only its hash is stored."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def new_secret() -> str:
        return "yy_" + secrets.token_urlsafe(32)
