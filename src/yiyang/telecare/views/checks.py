"""The proactive checks page: the elders who chose the daily "I'm OK" press and where each
stands today (pressed at, not yet, alarm raised), with each pressable device's monthly test
call (last, due, failed). Staff see the devices of their region (`visible_to`), as on the
device list."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiyang.telecare.models import Device
from yiyang.telecare.services.proactive import (
    DAILY_STATES,
    daily_counts,
    filter_devices,
    proactive_rows,
)
from yiyang.telecare.views.common import require_capability

VIEW = "telecare.view_device"
PAGE_SIZE = 50
DAILY_LABELS = {
    "pressed": _("Pressed today"),
    "not_yet": _("Not yet today"),
    "alarm": _("Alarm raised"),
}


@login_required
def check_list(request):
    require_capability(request.user, VIEW)
    now = timezone.now()
    today = timezone.localdate(now)
    everyone = request.GET.get("who") == "all"
    daily = request.GET.get("daily", "")
    daily = daily if daily in DAILY_STATES else ""
    test = "failed" if request.GET.get("test") == "failed" else ""
    devices = Device.objects.visible_to(request.user, VIEW)
    queryset = filter_devices(
        devices, today, everyone=everyone, daily=daily, test=test
    ).select_related("elder")
    ordered = queryset.order_by("region_code", "elder__name", "serial", "pk")
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    filters = {"who": "all" if everyone else "", "daily": daily, "test": test}
    return render(
        request,
        "telecare/check_list.html",
        {
            "page": page,
            "rows": proactive_rows(list(page.object_list), now),
            "counts": daily_counts(devices, today),
            "today": today,
            "everyone": everyone,
            "daily": daily,
            "test": test,
            "daily_labels": DAILY_LABELS,
            "filter_query": urlencode({key: value for key, value in filters.items() if value}),
            "query_without": {
                key: urlencode({k: v for k, v in filters.items() if v and k != key})
                for key in filters
            },
        },
    )


urlpatterns = [path("checks/", check_list, name="check_list")]
