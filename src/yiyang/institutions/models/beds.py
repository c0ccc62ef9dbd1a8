"""Rooms, beds and residents of an institution, with the occupancy history.

An elder occupies one bed at a time and a bed holds one resident at a time: both are database
constraints on the open residencies (`ended_on` empty), besides the row lock on the bed that the
admission service takes, so two clerks cannot admit two people to one bed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.core.models.scoped import RegionScopedQuerySet
from yiyang.institutions.choices import BedKind, BedState, Payer, ResidencyEnd
from yiyang.institutions.models.institution import Institution, _institution_staff


class _InstitutionScoped(RegionScopedQuerySet):
    """Rows of an institution: its region for clerks, the institution itself for its staff."""

    institution_path = "institution"
    default_capability = "institutions.view_institution"

    def visible_to(self, user, capability: str | None = None) -> Self:
        if _institution_staff(user):
            if not user.has_capability(capability or self.default_capability):
                return self.none()
            return self.filter(**{f"{self.institution_path}__staff_memberships__user": user})
        return super().visible_to(user, capability)


class RoomQuerySet(_InstitutionScoped):
    region_paths = ("institution__region__code",)


class Room(models.Model):
    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="rooms"
    )
    building = models.CharField(_("building"), max_length=40)
    floor = models.SmallIntegerField(_("floor"))
    number = models.CharField(_("room number"), max_length=20)

    objects = RoomQuerySet.as_manager()

    class Meta:
        ordering = ["building", "floor", "number"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "building", "number"], name="institutions_room_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.building} {self.number}"


class BedQuerySet(_InstitutionScoped):
    region_paths = ("room__institution__region__code",)
    institution_path = "room__institution"

    def free(self) -> Self:
        return self.filter(state=BedState.FREE)

    def counts_by_kind(self) -> dict[str, dict[str, int]]:
        """{kind: {"total": n, "free": n, "occupied": n}} in one query."""
        rows = self.values("kind").annotate(
            total=Count("pk"),
            free=Count("pk", filter=Q(state=BedState.FREE)),
            occupied=Count("pk", filter=Q(state=BedState.OCCUPIED)),
        )
        return {
            row["kind"]: {"total": row["total"], "free": row["free"], "occupied": row["occupied"]}
            for row in rows.order_by("kind")
        }


class Bed(models.Model):
    room = models.ForeignKey(
        Room, verbose_name=_("room"), on_delete=models.PROTECT, related_name="beds"
    )
    code = models.CharField(_("bed"), max_length=20)
    kind = models.CharField(_("kind"), max_length=16, choices=BedKind.choices)
    state = models.CharField(
        _("state"), max_length=16, choices=BedState.choices, default=BedState.FREE
    )

    objects = BedQuerySet.as_manager()

    class Meta:
        ordering = ["room", "code"]
        verbose_name = _("bed")
        verbose_name_plural = _("beds")
        constraints = [
            models.UniqueConstraint(fields=["room", "code"], name="institutions_bed_unique")
        ]

    def __str__(self) -> str:
        return f"{self.room} {self.code}"


class ResidencyQuerySet(_InstitutionScoped):
    region_paths = ("institution__region__code",)
    default_capability = "institutions.view_resident"

    def current(self) -> Self:
        return self.filter(ended_on__isnull=True)


class Residency(models.Model):
    """One stay of an elder in one bed; a transfer ends it and opens the next."""

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="residencies",
    )
    elder = models.ForeignKey(
        "registry.Elder",
        verbose_name=_("elder"),
        on_delete=models.PROTECT,
        related_name="residencies",
    )
    bed = models.ForeignKey(
        Bed, verbose_name=_("bed"), on_delete=models.PROTECT, related_name="residencies"
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.CharField(_("end"), max_length=16, choices=ResidencyEnd.choices, blank=True)
    contract_number = models.CharField(_("contract number"), max_length=50)
    contract_until = models.DateField(_("contract until"), null=True, blank=True)
    fee_level_fen = models.PositiveIntegerField(_("monthly fee (fen)"))
    payer = models.CharField(_("payer"), max_length=16, choices=Payer.choices)
    concentrated_support = models.BooleanField(_("concentrated support (特困)"), default=False)
    # The ability level valid on admission, kept as it was then.
    ability_level = models.PositiveSmallIntegerField(_("ability level"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ResidencyQuerySet.as_manager()

    class Meta:
        ordering = ["started_on", "pk"]
        verbose_name = _("residency")
        verbose_name_plural = _("residencies")
        constraints = [
            models.UniqueConstraint(
                fields=["elder"],
                condition=Q(ended_on__isnull=True),
                name="institutions_one_bed_per_elder",
            ),
            models.UniqueConstraint(
                fields=["bed"],
                condition=Q(ended_on__isnull=True),
                name="institutions_one_resident_per_bed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.elder_id} @ {self.bed}"

    @property
    def fee_level_yuan(self) -> Decimal:
        return Decimal(self.fee_level_fen) / 100
