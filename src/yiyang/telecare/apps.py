from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TelecareConfig(AppConfig):
    name = "yiyang.telecare"
    label = "telecare"
    verbose_name = _("Telecare")
