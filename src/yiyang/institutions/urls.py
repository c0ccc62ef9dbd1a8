"""Institution pages; each views module declares the URLs of its concept."""

from yiyang.institutions import views, views_public

app_name = "institutions"
urlpatterns = [*views.urlpatterns, *views_public.urlpatterns]
