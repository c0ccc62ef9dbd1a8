"""Assessment pages; each views module declares the URLs of its concept."""

from yiyang.assessment.views import agencies, assessments, rechecks, scales

app_name = "assessment"
urlpatterns = [
    *assessments.urlpatterns,
    *scales.urlpatterns,
    *agencies.urlpatterns,
    *rechecks.urlpatterns,
]
