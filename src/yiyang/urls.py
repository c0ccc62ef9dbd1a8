from django.conf import settings
from django.conf.urls.static import static
from django.urls import URLPattern, URLResolver, include, path

from yiyang.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("yiyang.core.urls")),
    path("registry/", include("yiyang.registry.urls")),
    path("assessment/", include("yiyang.assessment.urls")),
    path("benefits/", include("yiyang.benefits.urls")),
    path("institutions/", include("yiyang.institutions.urls")),
    path("telecare/", include("yiyang.telecare.urls")),
    path("homecare/", include("yiyang.homecare.urls")),
    path("stats/", include("yiyang.stats.urls")),
    path("servicemap/", include("yiyang.servicemap.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
