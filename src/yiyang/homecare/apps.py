from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomecareConfig(AppConfig):
    name = "yiyang.homecare"
    label = "homecare"
    verbose_name = _("Home services")

    def ready(self) -> None:
        # Provider staff see their own caregivers; deaths cancel open orders.
        from yiyang.homecare import receivers

        receivers.connect()
