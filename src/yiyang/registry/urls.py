"""Registry pages; each views module declares the URLs of its concept."""

from yiyang.registry.views import categories, duplicates, elders, imports

app_name = "registry"
urlpatterns = [
    *elders.urlpatterns,
    *imports.urlpatterns,
    *duplicates.urlpatterns,
    *categories.urlpatterns,
]
