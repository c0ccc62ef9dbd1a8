"""The audit trail: every write (ChangeRecord) and every unmasked view or export (AccessRecord)."""

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.core.models.scoped import RegionScopedQuerySet


class AuditQuerySet(RegionScopedQuerySet[Any]):
    region_paths = ("region_code",)
    default_capability = "core.view_audit"

    def for_object(self, obj: models.Model):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk)
        )


class ChangeRecord(models.Model):
    """Who changed what, when, and why (STYLE.md B12). Identity and phone numbers are kept
    masked with a keyed hash, so the audit table never becomes a second registry."""

    # Few indexes on purpose: an import writes one record per elder. Lookups are by object
    # (the composite index), by region and by time.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        db_index=False,
    )
    action = models.CharField(_("action"), max_length=40)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("object type"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    object_pk = models.CharField(_("object"), max_length=64)
    object_repr = models.CharField(_("object name"), max_length=200, blank=True)
    region_code = models.CharField(_("region code"), max_length=12, blank=True, db_index=True)
    changes = models.JSONField(_("changed fields"), default=dict)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    request_id = models.CharField(_("request id"), max_length=36, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        indexes = [
            models.Index(fields=["content_type", "object_pk"], name="core_change_object_idx")
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}"


class AccessRecord(models.Model):
    """One view or export of unmasked identity or phone numbers (个人信息保护法)."""

    class Kind(models.TextChoices):
        VIEW = "view", _("View")
        EXPORT = "export", _("Export")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.PROTECT, related_name="+"
    )
    object_pk = models.CharField(_("object"), max_length=64, blank=True)
    region_code = models.CharField(_("region code"), max_length=12, blank=True, db_index=True)
    fields = models.JSONField(_("fields"), default=list)
    row_count = models.PositiveIntegerField(_("rows"), default=1)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    request_id = models.CharField(_("request id"), max_length=36, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("access record")
        verbose_name_plural = _("access records")

    def __str__(self) -> str:
        return f"{self.actor_id} {self.kind} {self.object_pk}"
