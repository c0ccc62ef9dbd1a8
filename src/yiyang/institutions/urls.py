"""Institution pages; each views module declares the URLs of its concept."""

from yiyang.institutions import views, views_beds, views_more, views_public, views_residents

app_name = "institutions"
urlpatterns = [
    *views.urlpatterns,
    *views_beds.urlpatterns,
    *views_residents.urlpatterns,
    *views_more.urlpatterns,
    *views_public.urlpatterns,
]
