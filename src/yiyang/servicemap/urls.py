from yiyang.servicemap import views

app_name = "servicemap"
urlpatterns = views.urlpatterns
