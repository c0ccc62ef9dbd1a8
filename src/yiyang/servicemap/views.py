"""The service map (养老服务地图) and the 15-minute service circle (15 分钟养老服务圈) pages, and
the city administrator's page for the circle's figures.

Regions come through `regions.region_for` (the user's region or one under it, else 404);
counts of elders are hidden below the threshold for users who may not see the elders.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core.errors import DomainError
from yiyang.core.forms import show_domain_error
from yiyang.institutions.choices import BedKind, FacilityKind, FacilityService
from yiyang.servicemap import regions, services
from yiyang.servicemap.coverage import circle_layers, circle_view
from yiyang.servicemap.forms import CirclePolicyForm
from yiyang.servicemap.models import MANAGE, VIEW, CirclePolicy
from yiyang.servicemap.places import service_map


def _region(request):
    if not request.user.has_capability(VIEW):
        raise PermissionDenied
    return regions.region_for(request.user, request.GET.get("region"))


@login_required
def map_page(request):
    """Elders by community, institutions, facilities and providers of a region, and a table."""
    region = _region(request)
    result = service_map(request.user, region)
    context = {
        "region": region,
        "path": regions.breadcrumbs(request.user, region),
        "layers": result.layers,
        "rows": result.rows,
        "suppressed": result.suppressed,
        "placed_at_region": result.placed_at_region,
        "bed_kinds": BedKind.choices,
        "is_table_of_children": bool(result.rows) and result.rows[0].region != region,
        "today": timezone.localdate(),
    }
    return render(request, "servicemap/map.html", context)


@login_required
def circle_page(request):
    """The share of elders within the circle, by region and community, and proposed sites."""
    region = _region(request)
    view = circle_view(request.user, region)
    kinds, offered = dict(FacilityKind.choices), dict(FacilityService.choices)
    context = {
        "region": region,
        "path": regions.breadcrumbs(request.user, region),
        "view": view,
        "policy": view.policy,
        "counted_kinds": [str(kinds.get(v, v)) for v in view.policy.facility_kinds],
        "counted_services": [str(offered.get(v, v)) for v in view.policy.facility_services],
        "layers": circle_layers(view),
        "can_manage": request.user.has_capability(MANAGE),
        "is_table_of_children": bool(view.rows) and view.rows[0].region != region,
        "today": timezone.localdate(),
    }
    return render(request, "servicemap/circle.html", context)


@login_required
def circle_policy(request):
    """Set the circle's figures from a day on (city administrators)."""
    if not request.user.has_capability(MANAGE):
        raise PermissionDenied
    current = CirclePolicy.objects.in_force()
    initial = {
        "effective_from": timezone.localdate(),
        "minutes": current.minutes,
        "walking_speed_kmh": current.walking_speed_kmh,
        "detour_factor": current.detour_factor,
        "facility_kinds": current.facility_kinds,
        "facility_services": current.facility_services,
        "source": current.source,
    }
    form = CirclePolicyForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                policy = services.set_circle_policy(form.figures(), actor=request.user)
            except DomainError as error:
                show_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("The service circle's figures apply from {day}.").format(
                        day=f"{policy.effective_from:%Y-%m-%d}"
                    ),
                )
                return redirect(reverse("servicemap:circle"))
        status = 422
    context = {
        "form": form,
        "current": current,
        "history": list(CirclePolicy.objects.order_by("-effective_from")[:20]),
    }
    return render(request, "servicemap/circle_policy.html", context, status=status)


urlpatterns = [
    path("", map_page, name="map"),
    path("circle/", circle_page, name="circle"),
    path("circle/policy/", circle_policy, name="circle_policy"),
]
