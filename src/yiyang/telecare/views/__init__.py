"""Telecare pages, one module per concern; `urlpatterns` joins them."""

from yiyang.telecare.views import alarms, beds, plans, rules

urlpatterns = alarms.urlpatterns + plans.urlpatterns + beds.urlpatterns + rules.urlpatterns
