"""Telecare pages, one module per concern; `urlpatterns` joins them."""

from yiyang.telecare.views import alarms, beds, checks, console, plans, rules

urlpatterns = (
    console.urlpatterns
    + alarms.urlpatterns
    + plans.urlpatterns
    + beds.urlpatterns
    + rules.urlpatterns
    + checks.urlpatterns
)
