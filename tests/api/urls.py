"""The API alone, so API tests do not depend on the pages being importable mid-change."""

from django.urls import path

from yiyang.api import api

urlpatterns = [path("api/v1/", api.urls)]
