from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from yiyang.core.scoping import get_for
from yiyang.registry.models import Elder


@login_required
def elder_list(request):
    query = request.GET.get("q", "").strip()
    elders = Elder.objects.visible_to(request.user).search(query)[:25] if query else []
    return render(request, "registry/elder_list.html", {"elders": elders, "query": query})


@login_required
def elder_detail(request, pk: int):
    elder = get_for(request.user, Elder, pk)
    return render(request, "registry/elder_detail.html", {"elder": elder})


urlpatterns = [
    path("elders/", elder_list, name="elder_list"),
    path("elders/<int:pk>/", elder_detail, name="elder_detail"),
]
