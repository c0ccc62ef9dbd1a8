"""Benefit pages: programs."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
