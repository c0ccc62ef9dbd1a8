"""The elder's timeline, which every module adds to, and each user's recently viewed elders."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimelineEntry(models.Model):
    """One event in an elder's life with the platform: registered, category granted, assessed …

    `kind` is "<app>.<event>"; `data` holds the values its description is built from, so the
    text follows the reader's language.
    """

    elder = models.ForeignKey(
        "registry.Elder", verbose_name=_("elder"), on_delete=models.CASCADE, related_name="timeline"
    )
    kind = models.CharField(_("kind"), max_length=60)
    occurred_at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["elder", "-occurred_at"], name="registry_timeline_elder")]

    def __str__(self) -> str:
        return self.kind


class RecentView(models.Model):
    """The last time a user opened an elder's profile (search first, then recent)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    elder = models.ForeignKey(
        "registry.Elder", verbose_name=_("elder"), on_delete=models.CASCADE, related_name="+"
    )
    viewed_at = models.DateTimeField(_("viewed at"), default=timezone.now)

    class Meta:
        verbose_name = _("recently viewed elder")
        verbose_name_plural = _("recently viewed elders")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "elder"], name="%(app_label)s_%(class)s_once_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.elder_id}"
