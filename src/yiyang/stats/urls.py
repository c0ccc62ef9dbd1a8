"""Statistics pages: the dashboard, its exports and the monthly report."""

from yiyang.stats import views

app_name = "stats"
urlpatterns = views.urlpatterns
