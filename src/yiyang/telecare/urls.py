"""Telecare pages: the alarm console and the devices."""

from yiyang.telecare.views import urlpatterns as telecare_urls

app_name = "telecare"
urlpatterns = telecare_urls
