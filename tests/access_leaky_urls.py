"""The root URLconf plus three views that forget scoping, to prove the access-leak walk fails."""

from django.http import HttpResponse
from django.urls import path

from yiyang.core.models import Region
from yiyang.registry.models import Elder
from yiyang.urls import urlpatterns as root_urlpatterns


def leaky_count(request):
    """A dashboard number counted over the whole city."""
    return HttpResponse(f"<p>{Elder.objects.count()}</p>")  # scoped: deliberately leaky


def leaky_options(request):
    """A community dropdown listing every community of the city."""
    names = Region.objects.filter(level=5).values_list("name", flat=True)
    return HttpResponse("".join(f"<option>{name}</option>" for name in names))


def leaky_detail(request, pk: int):
    """A detail view that fetches by primary key alone."""
    return HttpResponse(Elder.objects.get(pk=pk).name)  # scoped: deliberately leaky


urlpatterns = [
    *root_urlpatterns,
    path("leaky/count/", leaky_count, name="leaky_count"),
    path("leaky/options/", leaky_options, name="leaky_options"),
    path("leaky/<int:pk>/", leaky_detail, name="leaky_detail"),
]
