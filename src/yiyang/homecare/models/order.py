"""Service orders (工单), their events, visit flags, and elders' absences (issue 5)."""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.core.models.scoped import RegionScopedQuerySet
from yiyang.core.roles import Role
from yiyang.core.scoping import region_prefix
from yiyang.homecare.choices import (
    AbsenceKind,
    FlagKind,
    OrderEventType,
    OrderSource,
    OrderStatus,
    ReviewStatus,
)


class ServiceOrderQuerySet(RegionScopedQuerySet["ServiceOrder"]):
    """Officials see the orders of elders living in their region; provider staff those of their
    provider; a caregiver the visits assigned to them."""

    region_paths = ("elder__residence_region__code",)
    default_capability = "homecare.view_serviceorder"

    def visible_to(self, user, capability: str | None = None) -> Self:
        prefix = region_prefix(user, capability or self.default_capability)
        if prefix is None:
            return self.none()
        if prefix == "":
            return self.all()
        if user.role == Role.PROVIDER_STAFF:
            return self.filter(provider__staff__user=user)
        if user.role == Role.CAREGIVER:
            return self.for_caregiver(user)
        return super().visible_to(user, capability)

    def for_caregiver(self, user) -> Self:
        """The visits the user goes to, as the first caregiver or as the second of a team."""
        return self.filter(models.Q(caregiver__user=user) | models.Q(second_caregiver__user=user))

    def unassigned(self) -> Self:
        return self.filter(status=OrderStatus.ACCEPTED)

    def awaiting_review(self) -> Self:
        return self.filter(review_status=ReviewStatus.PENDING)

    def on_day(self, day) -> Self:
        return self.filter(planned_start__date=day)

    def delivered(self, start, end) -> Self:
        """Visits that took place between two instants (checked out, not rejected on review)."""
        return self.filter(
            status__in=[OrderStatus.CHECKED_OUT, OrderStatus.CONFIRMED, OrderStatus.SETTLED],
            checked_in_at__gte=start,
            checked_in_at__lt=end,
        ).exclude(review_status=ReviewStatus.REJECTED)

    def figures(self, *, by: str, prefix_length: int = 9) -> list[dict]:
        """Visits, minutes and elders served grouped by "item", "provider" or "region" (the first
        `prefix_length` digits of the elder's community: 9 for streets); one grouped query,
        for the statistics module (GB/T 43153 person-times per month)."""
        key = {
            "item": models.F("item__code"),
            "provider": models.F("provider_id"),
            "region": Substr("elder__residence_region_id", 1, prefix_length),
        }[by]
        rows = (
            self.annotate(group=key)
            .values("group")
            .annotate(
                visits=models.Count("pk"),
                minutes=Coalesce(models.Sum("actual_minutes"), 0),
                elders=models.Count("elder", distinct=True),
            )
            .order_by("group")
        )
        return [dict(row) for row in rows]


class ServiceOrder(models.Model):
    """One requested service for one elder (工单, GLOSSARY.md `ServiceOrder`) and its visit.

    The visit's six facts (service, elder, date, place, caregiver, start and end) are kept here:
    the check-in and check-out times and phone locations, and the home location they are
    compared with (copied from the registry, or typed in when the registry has none).
    """

    elder = models.ForeignKey(
        "registry.Elder",
        verbose_name=_("elder"),
        on_delete=models.PROTECT,
        related_name="service_orders",
    )
    provider = models.ForeignKey(
        "homecare.Provider",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="orders",
    )
    item = models.ForeignKey(
        "homecare.ServiceItem",
        verbose_name=_("service item"),
        on_delete=models.PROTECT,
        related_name="orders",
    )
    source = models.CharField(_("source"), max_length=20, choices=OrderSource.choices)
    planned_start = models.DateTimeField(_("planned start"))
    planned_minutes = models.PositiveIntegerField(_("planned duration (minutes)"))
    address = models.CharField(_("service address"), max_length=200)
    home_latitude = models.DecimalField(
        _("home latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    home_longitude = models.DecimalField(
        _("home longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    needs_note = models.CharField(_("needs and risks"), max_length=500, blank=True)
    # An urgent visit (e.g. after a fall or a discharge from hospital) is placed first by the
    # day planner: its unplaced cost is the policy's `urgent_priority` times an ordinary one's.
    is_urgent = models.BooleanField(_("urgent"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=OrderStatus.choices, default=OrderStatus.REQUESTED
    )
    caregiver = models.ForeignKey(
        "workforce.Caregiver",
        verbose_name=_("caregiver"),
        on_delete=models.PROTECT,
        related_name="service_orders",
        null=True,
        blank=True,
    )
    # A two-person visit (the item needs two): the second caregiver, held to the same rules as
    # the first. The first's check-out completes the visit; the second's own check-in and
    # check-out (her time and place, from her phone) are kept beside it.
    second_caregiver = models.ForeignKey(
        "workforce.Caregiver",
        verbose_name=_("second caregiver"),
        on_delete=models.PROTECT,
        related_name="second_service_orders",
        null=True,
        blank=True,
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    check_in_latitude = models.DecimalField(
        _("check-in latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    check_in_longitude = models.DecimalField(
        _("check-in longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    check_in_distance_m = models.PositiveIntegerField(
        _("check-in distance (metres)"), null=True, blank=True
    )
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    check_out_latitude = models.DecimalField(
        _("check-out latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    check_out_longitude = models.DecimalField(
        _("check-out longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    actual_minutes = models.PositiveIntegerField(_("actual duration (minutes)"), null=True)
    second_checked_in_at = models.DateTimeField(
        _("second caregiver checked in at"), null=True, blank=True
    )
    second_check_in_latitude = models.DecimalField(
        _("second caregiver's check-in latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
    )
    second_check_in_longitude = models.DecimalField(
        _("second caregiver's check-in longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
    )
    second_check_in_distance_m = models.PositiveIntegerField(
        _("second caregiver's check-in distance (metres)"), null=True, blank=True
    )
    second_checked_out_at = models.DateTimeField(
        _("second caregiver checked out at"), null=True, blank=True
    )
    second_check_out_latitude = models.DecimalField(
        _("second caregiver's check-out latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
    )
    second_check_out_longitude = models.DecimalField(
        _("second caregiver's check-out longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
    )
    duration_reason = models.CharField(_("reason for the duration"), max_length=500, blank=True)
    visit_note = models.CharField(_("visit note"), max_length=1000, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    is_auto_confirmed = models.BooleanField(_("confirmed automatically"), default=False)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.CharField(_("comment"), max_length=500, blank=True)
    review_status = models.CharField(
        _("review"),
        max_length=10,
        choices=ReviewStatus.choices,
        default=ReviewStatus.NONE,
        blank=True,
    )
    review_reason = models.CharField(_("review reason"), max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    closing_reason = models.CharField(
        _("reason for cancelling or refusing"), max_length=500, blank=True
    )
    # A client's key for one request (a double tap sends the same key twice): created once.
    request_key = models.CharField(_("request key"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = ServiceOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("service order")
        verbose_name_plural = _("service orders")
        ordering = ["planned_start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "request_key"],
                condition=~models.Q(request_key=""),
                name="%(app_label)s_%(class)s_one_per_request_key",
                violation_error_message=_("This request was already received."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["cancelled", "refused"])
                | ~models.Q(closing_reason=""),
                name="%(app_label)s_%(class)s_closing_has_reason",
                violation_error_message=_("A cancellation or refusal states its reason."),
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="%(app_label)s_%(class)s_rating_1_to_5",
                violation_error_message=_("A rating is 1 to 5 points."),
            ),
            models.CheckConstraint(
                condition=models.Q(second_caregiver__isnull=True)
                | ~models.Q(second_caregiver=models.F("caregiver")),
                name="%(app_label)s_%(class)s_two_different_caregivers",
                violation_error_message=_("The second caregiver is another person."),
            ),
        ]
        indexes = [
            models.Index(fields=["provider", "status"], name="homecare_order_provider_status"),
            models.Index(
                fields=["caregiver", "planned_start"], name="homecare_order_caregiver_day"
            ),
            # A request's key is looked up at every request: the partial unique index does not
            # serve it once statements are prepared (its condition cannot be proven for any
            # key), and the clerk's index alone reads all the clerk's orders.
            models.Index(fields=["created_by", "request_key"], name="homecare_order_request_key"),
            # The check-out's overlap test reads the caregiver's visits of the last day, not
            # all of them.
            models.Index(
                fields=["caregiver", "checked_in_at"], name="homecare_order_caregiver_visit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.elder} · {self.planned_start:%Y-%m-%d %H:%M}"


class OrderEvent(models.Model):
    """One step of an order (工单时间线): what happened, from which status to which, by whom."""

    order = models.ForeignKey(
        ServiceOrder, verbose_name=_("order"), on_delete=models.CASCADE, related_name="events"
    )
    event_type = models.CharField(_("event"), max_length=20, choices=OrderEventType.choices)
    old_status = models.CharField(_("from"), max_length=12, choices=OrderStatus.choices, blank=True)
    new_status = models.CharField(_("to"), max_length=12, choices=OrderStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.order_id} {self.event_type}"


class VisitFlag(models.Model):
    """Why a visit went to the review queue (EVV flag), with the figures that raised it."""

    order = models.ForeignKey(
        ServiceOrder, verbose_name=_("order"), on_delete=models.CASCADE, related_name="flags"
    )
    kind = models.CharField(_("flag"), max_length=20, choices=FlagKind.choices)
    detail = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("raised at"), default=timezone.now)

    class Meta:
        verbose_name = _("visit flag")
        verbose_name_plural = _("visit flags")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "kind"],
                name="%(app_label)s_%(class)s_one_per_kind",
                violation_error_message=_("This visit already carries that flag."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.kind}"


class ElderAbsenceQuerySet(RegionScopedQuerySet["ElderAbsence"]):
    region_paths = ("elder__residence_region__code",)
    default_capability = "homecare.view_serviceorder"


class ElderAbsence(models.Model):
    """A time the elder is away from home, such as a hospital stay (住院): visits then are flagged.

    The registry keeps no hospital stays, so the home-services module records them.
    """

    elder = models.ForeignKey(
        "registry.Elder",
        verbose_name=_("elder"),
        on_delete=models.CASCADE,
        related_name="homecare_absences",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AbsenceKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ElderAbsenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("elder absence")
        verbose_name_plural = _("elder absences")
        ordering = ["-starts_on", "pk"]

    def __str__(self) -> str:
        return f"{self.elder} {self.starts_on}"
