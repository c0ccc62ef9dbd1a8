"""Home-service pages: orders and their timeline, the review queue, dispatch, a caregiver's day."""

from yiyang.homecare.views import (
    cases,
    dayplan,
    dispatch,
    family,
    orders,
    requests,
    settlements,
    visits,
)

app_name = "homecare"
urlpatterns = [
    *orders.urlpatterns,
    *dispatch.urlpatterns,
    *dayplan.urlpatterns,
    *visits.urlpatterns,
    *settlements.urlpatterns,
    *requests.urlpatterns,
    *family.urlpatterns,
    *cases.urlpatterns,
]
