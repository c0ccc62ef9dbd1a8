"""Benefit pages; each views module declares the URLs of its concept."""

from yiyang.benefits.views import applications, incentives, programs, runs, simulation

app_name = "benefits"
urlpatterns = [
    *programs.urlpatterns,
    *applications.urlpatterns,
    *runs.urlpatterns,
    *simulation.urlpatterns,
    *incentives.urlpatterns,
]
